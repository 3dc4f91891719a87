"""Who may open what on the LEC's pages. One door: `referrals_visible_to(user)`.

LEC workers of the college see the triage queue (new referrals) and the cases they are on; the
LEC lead sees every referral of the college. Everyone else: nothing (404). The case file is
for the LEC lead and the workers on the case only.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from common.names import name_order
from staff.models import User
from staff.roles import LEC_ROLES, Role

from ..models import QUEUE_STATUSES, CaseMember, Referral, Status


def is_lec_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.college_id
                and user.has_role(*LEC_ROLES))


def is_lec_lead(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.college_id
                and user.has_role(Role.LEC_LEAD))


def on_case(user) -> Q:
    """Referrals `user` works on: as their case worker or as a member of the case."""
    return Q(assigned_to_id=user.pk) | Q(
        Exists(CaseMember.objects.filter(referral_id=OuterRef("pk"), user_id=user.pk))
    )


def lec_workers_of(college_id) -> QuerySet[User]:
    """Who can be made case worker or added to a case."""
    return (
        User.objects.filter(college_id=college_id, is_active=True, groups__name__in=LEC_ROLES)
        .distinct()
        .order_by(*name_order())
    )


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Referrals `user` may open on the LEC pages (see the module docstring)."""
    if not is_lec_staff(user):
        return Referral.objects.none()
    qs = Referral.objects.filter(college_id=user.college_id)
    if is_lec_lead(user):
        return qs
    return qs.filter(Q(status__in=QUEUE_STATUSES) | on_case(user))


def referral_for_user(user, pk: int, *, write: bool = False) -> Referral:
    """One referral for the LEC pages, or 404. With `write=True` only someone who may change
    the case: the LEC lead, a worker on it, or — while it waits for triage — any LEC worker
    of the college (to claim it)."""
    qs = referrals_visible_to(user).select_related(
        "student__programme__team", "team", "referred_by", "assigned_to"
    )
    try:
        referral = qs.get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None
    if write and not may_work_on(user, referral):
        raise Http404
    return referral


def may_work_on(user, referral: Referral) -> bool:
    if not is_lec_staff(user) or referral.college_id != user.college_id:
        return False
    if is_lec_lead(user) or referral.status == Status.SUBMITTED:
        return True
    return may_read_case_file(user, referral)


def may_manage_team(user, referral: Referral) -> bool:
    """Who is on a case (its case worker and members) is decided by the LEC lead and the case
    worker only — never by a worker about themselves on a case that is not theirs. A referral
    still waiting in the queue has no team yet: it is claimed first."""
    if not is_lec_staff(user) or referral.college_id != user.college_id:
        return False
    if referral.status == Status.SUBMITTED:
        return False
    return is_lec_lead(user) or referral.assigned_to_id == user.pk


def may_read_case_file(user, referral: Referral) -> bool:
    """The case file: the LEC lead of the college and the workers on the case, no one else."""
    if not is_lec_staff(user) or referral.college_id != user.college_id:
        return False
    if is_lec_lead(user) or referral.assigned_to_id == user.pk:
        return True
    return CaseMember.objects.filter(referral=referral, user_id=user.pk).exists()
