"""What the first line sees of the LEC: timeline entries and the "Refer to the LEC" button.

Called from the students app through settings.LOB_TIMELINE_PROVIDERS and
settings.LOB_STUDENT_ACTION_PROVIDERS. Only status, dates and the feedback written for the
first line leave this module; never anything from the case file.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.timeline import StudentAction, TimelineEntry
from lob.jinja2 import date
from staff.roles import FIRST_LINE_ROLES

from . import selectors


def _statuses(student, user) -> list[selectors.ReferralStatus]:
    """`referral_status_for`, read once per student page (the entries and the buttons)."""
    read = student.__dict__.setdefault("_lec_statuses", {})
    if user.pk not in read:
        read[user.pk] = selectors.referral_status_for(student, user)
    return read[user.pk]


def entries_for(student, user) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for status in _statuses(student, user):
        entries.append(TimelineEntry(
            when=status.referred_at,
            kind="referral",
            title=_("Referred to the LEC"),
            template="lec/timeline/referral.html",
            context={"referral": status, "lines": _referral_lines(status)},
        ))
        for when, kind_label, text, author in status.feedback:
            entries.append(TimelineEntry(
                when=when,
                kind="referral_feedback",
                title=_("Feedback from the LEC"),
                template="lec/timeline/feedback.html",
                context={"kind_label": kind_label, "text": text, "author": author,
                         "referral": status},
            ))
    return entries


def _referral_lines(status: selectors.ReferralStatus) -> list[str]:
    """The referral's course in sentences: referred, picked up, case worker, closed."""
    lines = [_("Referred on %(date)s by %(name)s.")
             % {"date": date(status.referred_at, "j M Y"), "name": status.referred_by}]
    if status.triaged_at:
        lines.append(_("Picked up %(date)s.") % {"date": date(status.triaged_at, "j M Y")})
    if status.case_worker:
        lines.append(_("Case worker: %(name)s.") % {"name": status.case_worker})
    if status.closed_at:
        lines.append(_("Closed %(date)s: %(outcome)s.")
                     % {"date": date(status.closed_at, "j M Y"), "outcome": status.outcome_label})
    return lines


def student_actions(student, user) -> list[StudentAction]:
    """"Refer to the LEC" for those who may refer (the student page has already checked that
    `user` sees the student); "Open LEC case" for LEC staff who may open the open referral."""
    lec_staff = selectors.is_lec_staff(user) and user.college_id == student.college_id
    if not (lec_staff or user.has_role(*FIRST_LINE_ROLES)):
        return []
    # At most one referral of a student is open (a database constraint).
    open_pk = next((status.pk for status in _statuses(student, user) if status.is_open), None)
    if open_pk is None:
        return [StudentAction(_("Refer to the LEC"), reverse("lec:refer", args=[student.pk]),
                              "primary")]
    if lec_staff and selectors.referrals_visible_to(user).filter(pk=open_pk).exists():
        return [StudentAction(_("Open LEC case"), reverse("lec:detail", args=[open_pk]))]
    return []
