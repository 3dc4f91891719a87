"""What the student page shows of the workplace: the current placement (a button to its page)
and the praktijkopleider's reports on the timeline, for readers of the first-line record."""


from django.urls import reverse
from django.utils.translation import gettext as _

from common.timeline import StudentAction, TimelineEntry
from students.selectors import can_read_first_line

from .models import Placement
from .selectors import reports_for


def entries_for(student, user, first_line=None) -> list[TimelineEntry]:
    if not (first_line if first_line is not None else can_read_first_line(user, student)):
        return []
    return [
        TimelineEntry(
            when=report.submitted_at,
            kind="placement_report",
            title=_("Report from the praktijkopleider"),
            template="workplace/timeline/report.html",
            context={"report": report},
        )
        for report in reports_for(student)
    ]


def student_actions(student, user, first_line=None) -> list[StudentAction]:
    """The student page has checked that `user` sees the student: the placement is register
    data, shown to everyone who sees the student."""
    placement = (Placement.objects.current().filter(student=student)
                 .select_related("company").first())
    if placement is None:
        return []
    return [StudentAction(_("Placement: %(company)s") % {"company": placement.company.name},
                          reverse("workplace:placement", args=[placement.pk]),
                          "outline-secondary")]
