"""What the first line sees of the LEC: timeline entries and the "Refer to the LEC" button.

Contributed to the students app through common.registry (lec.apps). Only status, dates and
the feedback written for the first line leave this module; never anything from the case file.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.home import Panel
from common.timeline import StudentAction, TimelineEntry
from staff.roles import FIRST_LINE_ROLES

from . import selectors


def entries_for(student, user, first_line=None) -> list[TimelineEntry]:
    """Each referral of the student, and each feedback on it that `user` may read."""
    entries: list[TimelineEntry] = []
    sees = first_line is not None  # the student page established that `user` sees the student
    for referral in selectors.referral_status_for(student, user, sees_student=sees):
        entries.append(TimelineEntry(
            when=referral.referred_at,
            kind="referral",
            title=_("Referred to the LEC"),
            template="lec/timeline/referral.html",
            context={"referral": referral},
        ))
        entries.extend(
            TimelineEntry(
                when=feedback.created_at,
                kind="referral_feedback",
                title=_("Feedback from the LEC"),
                template="lec/timeline/feedback.html",
                context={"feedback": feedback, "referral": referral},
            )
            for feedback in referral.first_line_feedback
        )
    return entries


def student_actions(student, user, first_line=None) -> list[StudentAction]:
    """"Refer to the LEC" for those who may refer (the student page has already checked that
    `user` sees the student); "Open LEC case" for LEC staff who may open the open referral."""
    lec_staff = selectors.is_lec_staff(user) and user.college_id == student.college_id
    if not (lec_staff or user.has_role(*FIRST_LINE_ROLES)):
        return []
    open_pk = selectors.open_referral_pk(student)
    if open_pk is None:
        actions = [StudentAction(_("Refer to the LEC"), reverse("lec:refer", args=[student.pk]),
                                 "primary")]
        if not lec_staff:
            actions.append(StudentAction(_("Consult the care coordinator"),
                                         reverse("lec:consult", args=[student.pk])))
        return actions
    if lec_staff and selectors.referrals_visible_to(user).filter(pk=open_pk).exists():
        return [StudentAction(_("Open LEC case"), reverse("lec:detail", args=[open_pk]))]
    return []


def student_panels(student, user, first_line=None) -> list[Panel]:
    """The actions the LEC's plan gave the first line for this student: description, due
    date and state, each markable done by those the LEC's feedback is written for."""
    actions = selectors.student_first_line_actions(student, user,
                                                   sees_student=first_line is not None)
    if not actions:
        return []
    return [Panel(_("Actions from the LEC for the first line"), "lec/first_line_actions.html",
                  {"actions": actions, "show_student": False}, order=10)]
