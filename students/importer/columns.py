"""The student import's columns: the one list the reader, the upload page's help and the
downloadable template come from (common.import_columns)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.import_columns import Column, ColumnSet

GUARDIANS_PER_ROW = 2


def _guardian_columns(n: int) -> list[Column]:
    return [
        Column(f"guardian{n}_first_name", format_lazy(_("first name of parent/guardian {n}"), n=n),
               f"voornaam ouder {n}", aliases=(f"ouder {n} voornaam", f"guardian {n} first name"),
               required=False, example="Petra" if n == 1 else ""),
        Column(f"guardian{n}_last_name", format_lazy(_("last name of parent/guardian {n}"), n=n),
               f"achternaam ouder {n}", aliases=(f"ouder {n} achternaam", f"guardian {n} last name"),
               required=False, example="de Vries" if n == 1 else "",
               help=_("required when any other column of this parent/guardian is filled in")),
        Column(f"guardian{n}_email", format_lazy(_("e-mail of parent/guardian {n}"), n=n),
               f"e-mail ouder {n}", aliases=(f"ouder {n} e-mail", f"guardian {n} email"),
               required=False, example="p.devries@example.nl" if n == 1 else ""),
        Column(f"guardian{n}_phone", format_lazy(_("phone of parent/guardian {n}"), n=n),
               f"telefoon ouder {n}", aliases=(f"ouder {n} telefoon", f"guardian {n} phone"),
               required=False, example="06-12345678" if n == 1 else ""),
        Column(f"guardian{n}_relation", format_lazy(_("relation of parent/guardian {n}"), n=n),
               f"relatie ouder {n}", aliases=(f"ouder {n} relatie", f"guardian {n} relation"),
               required=False, example="ouder" if n == 1 else "",
               help=_("ouder, voogd or anders (empty: ouder)")),
    ]


COLUMNS = ColumnSet([
    Column("student_number", _("student number"), "studentnummer",
           aliases=("studentnumber", "leerlingnummer", "studnr", "number"), example="300001"),
    Column("first_name", _("first name"), "voornaam", aliases=("firstname", "roepnaam"),
           example="Zoë"),
    Column("name_prefix", _("name prefix"), "tussenvoegsel",
           aliases=("tussenvoegsels", "voorvoegsel", "voorvoegsels", "nameprefix", "prefix",
                    "surnameprefix", "lastnameprefix", "infix"),
           required=False, example="van der",
           help=_("stored with the last name (“van der Berg”)")),
    Column("last_name", _("last name"), "achternaam",
           aliases=("lastname", "naam", "surname", "familyname"), example="Berg"),
    Column("date_of_birth", _("date of birth"), "geboortedatum",
           aliases=("dateofbirth", "birthdate", "dob"), example="17-05-2008",
           help=_("DD-MM-YYYY or YYYY-MM-DD")),
    Column("crebo", _("crebo (or programme name)"), "crebo",
           aliases=("crebocode", "programme", "opleiding", "opleidingscode"), example="25491"),
    Column("pathway", _("pathway"), "leerweg", aliases=("pathway",), example="BBL",
           help=_("BOL or BBL")),
    Column("study_year", _("study year"), "leerjaar", aliases=("studyyear", "year", "jaar"),
           example="1", help=_("1, 2, 3 or 4")),
    Column("start_date", _("start date"), "startdatum",
           aliases=("startdate", "begindatum", "inschrijfdatum"), example="01-09-2026"),
    Column("start_qualification", _("start qualification"), "startkwalificatie",
           aliases=("startqualification", "hasstartqualification", "sk"), example="nee",
           help=_("ja or nee")),
    Column("team", _("team (code or name)"), "team", aliases=("opleidingsteam", "teamcode"),
           example="zorg"),
    Column("counsellor_email", _("counsellor e-mail"), "e-mail loopbaanbegeleider",
           aliases=("loopbaanbegeleider e-mail", "loopbaanbegeleider", "counsellor email",
                    "counsellor", "lob e-mail", "mentor e-mail"),
           required=False, example="counsellor@west.test",
           help=_("a counsellor of this college; empty: the current counsellor stays")),
    Column("status", _("status"), "status", aliases=("inschrijvingsstatus", "student status"),
           required=False, example="actief",
           help=_("actief, gediplomeerd, uitgevallen or overgestapt; empty column: the status stays as it is")),
    Column("end_date", _("end date"), "einddatum",
           aliases=("uitschrijfdatum", "end date", "datum uitschrijving"), required=False,
           help=_("required when the status is not actief; needs the status column")),
    Column("end_reason", _("reason for leaving"), "reden einde",
           aliases=("uitschrijfreden", "reden uitschrijving", "end reason", "reason"),
           required=False, help=_("free text, at most 200 characters")),
    Column("lob_group", _("LOB group"), "LOB-groep", aliases=("lob group", "lobgroep"),
           required=False, example="LOB 1A",
           help=_("created in the student's team when new; empty: no LOB group")),
    Column("class_group", _("class"), "klas", aliases=("class", "klasgroep"), required=False,
           example="VZ1A", help=_("created in the student's team when new; empty: no class")),
    Column("placement_house", _("placement house"), "stagehuis",
           aliases=("placement house", "huis"), required=False,
           help=_("created in the student's team when new; empty: no placement house")),
    Column("email", _("student e-mail"), "e-mail student",
           aliases=("student email", "email", "e-mail", "school e-mail"), required=False,
           example="300001@student.west.test"),
    Column("phone", _("student phone"), "telefoon student",
           aliases=("student phone", "telefoon", "phone", "mobiel"), required=False,
           example="06-98765432"),
    *[c for n in range(1, GUARDIANS_PER_ROW + 1) for c in _guardian_columns(n)],
])

TEMPLATE_FILENAME = "lob-studenten-sjabloon.csv"
