"""What the care coordinator — the LEC's bridge to a team (DESIGN §1) — sees: the referrals
of their teams with what DESIGN §4 opens to the first line (student, referrer, dates,
urgency, status, case worker; not the reason, which may hold health or justice details, nor
the case file), the triage advice of their team, and the consultations asked of them."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from staff.models import User
from staff.roles import Role
from students.models import Student

from ..models import QUEUE_STATUSES, Consultation, Referral


def coordinator_team_ids(user) -> set[int]:
    """The teams `user` is care coordinator of (in their own college)."""
    if not (user.is_authenticated and user.is_active and user.college_id):
        return set()
    return user.team_ids(Role.CARE_COORDINATOR)


def coordinates_team_of(user, referral: Referral) -> bool:
    return (referral.college_id == user.college_id
            and referral.team_id in coordinator_team_ids(user))


def coordinator_referrals(user) -> QuerySet[Referral]:
    """Referrals of the teams `user` coordinates (the team when the student was referred)."""
    teams = coordinator_team_ids(user)
    if not teams:
        return Referral.objects.none()
    return Referral.objects.filter(college_id=user.college_id, team_id__in=teams)


def coordinator_triage(user) -> QuerySet[Referral]:
    """The coordinator's triage queue: their teams' referrals waiting for the LEC's decision,
    oldest first, each with the number of advice notes written."""
    return (coordinator_referrals(user).filter(status__in=QUEUE_STATUSES)
            .select_related("student__programme", "team", "referred_by", "assigned_to")
            .annotate(advice_count=Count("triage_advice"))
            .order_by("referred_at", "pk"))


def coordinator_referral_for(user, pk: int) -> Referral:
    referral = (coordinator_referrals(user)
                .select_related("student__programme", "team", "referred_by", "assigned_to")
                .filter(pk=pk).first())
    if referral is None:
        raise Http404
    return referral


def triage_advice_of(referral: Referral) -> list:
    return list(referral.triage_advice.select_related("author").order_by("created_at", "pk"))


def coordinators_of(student: Student) -> QuerySet[User]:
    """The care coordinators of the student's team, for the consultation form."""
    return User.objects.filter(
        is_active=True, college_id=student.college_id,
        memberships__team_id=student.programme.team_id,
        memberships__role=Role.CARE_COORDINATOR,
    ).distinct().order_by("last_name", "first_name")


def consultations_for(user) -> QuerySet[Consultation]:
    """Consultations `user` asked, or that were asked of a team they coordinate."""
    if not (user.is_authenticated and user.is_active and user.college_id):
        return Consultation.objects.none()
    return Consultation.objects.filter(college_id=user.college_id).filter(
        Q(asked_by_id=user.pk) | Q(team_id__in=coordinator_team_ids(user))
    )


def consultation_for_user(user, pk: int) -> Consultation:
    consultation = (consultations_for(user)
                    .select_related("student__programme", "asked_by", "coordinator",
                                    "answered_by", "team")
                    .filter(pk=pk).first())
    if consultation is None:
        raise Http404
    return consultation


def may_answer(user, consultation: Consultation) -> bool:
    return (not consultation.is_answered
            and consultation.team_id in coordinator_team_ids(user))


def coordinator_counts(user) -> dict[str, int]:
    """The coordinator's home panel: their teams' referrals waiting for triage, and the
    consultations waiting for their answer (two COUNTs)."""
    return {
        "triage": coordinator_referrals(user).filter(status__in=QUEUE_STATUSES).count(),
        "consultations": consultations_for(user).filter(answered_at__isnull=True)
        .exclude(asked_by_id=user.pk).count(),
    }
