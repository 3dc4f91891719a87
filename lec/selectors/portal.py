"""What a student sees of the LEC in their portal: the status and dates of their own referrals
and the plan actions they own — the description and due date only. Nothing of the case file
(findings, instruments, notes), nothing of the referral's reason, and nothing for anyone but
the student themself (a guardian sees no LEC content at all)."""

from django.utils.translation import gettext_lazy as _

from students.models import Student

from ..models import OPEN_STATUSES, ActionStatus, Owner, PlanAction, Referral, Status

# The only referral columns the portal reads.
PORTAL_REFERRAL_FIELDS = ("status", "source", "referred_at", "triaged_at", "decided_at",
                          "closed_at")


# The status in words for the student (plain language, addressed as "you").
STUDENT_STATUS_LABELS = {
    Status.SUBMITTED: _("Your request has come in"),
    Status.TRIAGE: _("The LEC is looking at your request"),
    Status.DIAGNOSIS: _("You and the LEC are finding out what is going on"),
    Status.PLAN: _("You and the LEC are making a plan"),
    Status.IN_PROGRESS: _("You are working on your plan with the LEC"),
    Status.CLOSED: _("Finished"),
    Status.RETURNED: _("Your counsellor helps you further"),
}


def portal_referrals(student: Student) -> list[dict]:
    """The student's referrals, newest first, as status and dates."""
    rows = (Referral.objects.filter(student_id=student.pk)
            .order_by("-referred_at", "-pk").values(*PORTAL_REFERRAL_FIELDS))
    return [{**row, "status_label": STUDENT_STATUS_LABELS.get(row["status"], row["status"]),
             "is_open": row["status"] in OPEN_STATUSES} for row in rows]


def portal_plan_actions(student: Student) -> list[dict]:
    """The open plan actions the student owns, by due date: description and due date."""
    return list(
        PlanAction.objects.filter(referral__student_id=student.pk, owner=Owner.STUDENT,
                                  status=ActionStatus.OPEN)
        .order_by("due_date", "pk").values("description", "due_date")
    )
