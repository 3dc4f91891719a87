"""The appointments panel of the portal (common.registry.portal_panels): the student's next
appointments on their own start page, and the same on a parent's page of their child.

A parent sees when, how long, with whom and where: not what the student wrote they want to
talk about (the topic is for the counsellor), and nothing that was cancelled or is past.
Which students a parent may see at all the portal decides before it asks for panels."""

from django.utils.translation import gettext as _

from common.home import Panel

from .selectors import upcoming_appointments

SHOWN = 5


def portal_panels(request, student, audience, **_kwargs) -> list[Panel]:
    if audience not in ("student", "guardian"):
        return []
    title = _("Your next appointments") if audience == "student" else _("Appointments")
    return [Panel(title, "appointments/_portal_panel.html",
                  {"appointments": upcoming_appointments(student, limit=SHOWN),
                   "for_student": audience == "student"}, order=20)]
