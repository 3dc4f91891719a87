"""The texts and weights the demo history draws from (Dutch: they are the demo's data)."""

from ..models import GroupKind, SessionKind, SessionLocation

LOB, CLASS, HOUSE = GroupKind.LOB_GROUP, GroupKind.CLASS, GroupKind.PLACEMENT_HOUSE

# (kind, weight) for individual sessions; placement visits weigh more for BBL.
INDIVIDUAL_KINDS = [
    (SessionKind.CAREER, 30), (SessionKind.STUDY_PROGRESS, 25), (SessionKind.PORTFOLIO, 10),
    (SessionKind.PLACEMENT_VISIT, 12), (SessionKind.CAREER_REFLECTION, 15),
    (SessionKind.ALUMNUS, 3),
]
LOCATIONS = [
    (SessionLocation.PRIVATE_ROOM, 50), (SessionLocation.OPEN_SPACE, 20),
    (SessionLocation.PLACEMENT, 10), (SessionLocation.ONLINE, 12), (SessionLocation.PHONE, 8),
]
SUMMARIES = {
    SessionKind.INTAKE: [
        "Kennismaking. Bewuste keuze voor deze opleiding na snuffelstage.",
        "Intake: komt van het vmbo, wil later doorstromen naar niveau 4.",
        "Intake: eerder gestart op andere opleiding, nu gemotiveerder.",
    ],
    SessionKind.CAREER: [
        "Gesproken over wat haar energie geeft in het werk; twijfelt tussen twee richtingen.",
        "Loopbaangesprek: wil na diplomering werken en later verder leren.",
        "Student weet nog niet welke uitstroomrichting; samen opties op een rij gezet.",
    ],
    SessionKind.STUDY_PROGRESS: [
        "Studievoortgang besproken: twee vakken achter, plan gemaakt voor herkansing.",
        "Aanwezigheid is verbeterd; resultaten op schema.",
        "Moeite met planning van opdrachten naast bijbaan.",
    ],
    SessionKind.PORTFOLIO: [
        "Portfolio doorgenomen: reflecties bij de BPV ontbreken nog.",
        "Portfolio is compleet voor periode 1; feedback gegeven op reflectieverslag.",
    ],
    SessionKind.PLACEMENT_VISIT: [
        "Stagebezoek: praktijkopleider tevreden, werkt zelfstandiger.",
        "Stagebezoek: afspraken over leerdoelen en beoordelingsmoment gemaakt.",
    ],
    SessionKind.CAREER_REFLECTION: [
        "Loopbaanreflectiegesprek over een lastige situatie op de BPV-plek.",
        "Reflectie op kwaliteiten: kan goed luisteren, wil assertiever worden.",
    ],
    SessionKind.ALUMNUS: ["Gesprek met oud-student die nu in de kinderopvang werkt."],
    SessionKind.GROUP_LESSON: [
        "LOB-les: kwaliteitenspel en terugkoppeling in tweetallen.",
        "LOB-les: beroepenmarkt voorbereid, vragen voor werkgevers opgesteld.",
        "LOB-les: motieven en waarden, opdracht in het portfolio.",
        "LOB-les: netwerken — wie ken je al in het werkveld?",
    ],
}
AGREEMENTS = [
    "Student maakt een planning en mailt die voor vrijdag.",
    "Volgende afspraak over vier weken.",
    "Student zoekt twee BPV-plekken uit en bespreekt die met de praktijkopleider.",
    "Mentor neemt contact op met de zorgcoördinator.",
    "",
]
FOLLOW_UPS = [
    "Planning herkansingen nakijken",
    "Contact opnemen met praktijkopleider",
    "Student aanmelden voor open dag niveau 4",
    "Terugkoppeling verzuim aan ouders",
    "Reflectieverslag nakijken",
    "Afspraak met zorgcoördinator plannen",
    "Bpv-overeenkomst controleren",
]
CLOSING_NOTES = ["Gedaan", "Besproken in het teamoverleg", "Telefonisch afgerond", ""]
GROUP_EVERY_DAYS = {LOB: 7, CLASS: 21, HOUSE: 28}
