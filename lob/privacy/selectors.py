"""Reads of the privacy app, one scoping rule per model."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404

from common.names import name_order
from lec.models import OPEN_STATUSES, AccessLog, Referral
from staff.models import User
from staff.roles import ACCESS_AUDIT_ROLES, PRIVACY_REQUEST_ROLES, Role

from .models import ROLE_EVENT_ACTIONS, PrivacyEvent, PrivacyRequest


def _college_user(user, roles) -> bool:
    return bool(user.is_authenticated and user.is_active and user.college_id
                and user.has_role(*roles))


def requests_visible_to(user) -> QuerySet[PrivacyRequest]:
    """Requests of the user's college: for the functional administrator and the privacy officer."""
    if not _college_user(user, PRIVACY_REQUEST_ROLES):
        return PrivacyRequest.objects.none()
    return PrivacyRequest.objects.filter(college_id=user.college_id)


def request_for_user(user, pk: int, *, write: bool = False) -> PrivacyRequest:
    """One request, or 404. Only the functional administrator may act on it."""
    qs = requests_visible_to(user).select_related("student", "recorded_by", "decided_by")
    try:
        request = qs.get(pk=pk)
    except PrivacyRequest.DoesNotExist:
        raise Http404 from None
    if write and not user.has_role(Role.ADMIN):
        raise Http404
    return request


def erasures_awaiting_lec(user) -> QuerySet[PrivacyRequest]:
    """Open erasure requests of the user's college whose student has an open LEC case and
    that the LEC lead has not confirmed yet: for the LEC lead (services.erasure_lec_confirm)."""
    if not _college_user(user, (Role.LEC_LEAD,)):
        return PrivacyRequest.objects.none()
    open_case = Referral.objects.filter(student_id=OuterRef("student_id"),
                                        status__in=OPEN_STATUSES)
    return (PrivacyRequest.objects.filter(
        college_id=user.college_id, kind=PrivacyRequest.Kind.ERASURE,
        status=PrivacyRequest.Status.OPEN, lec_confirmed_at__isnull=True,
        student__isnull=False,
    ).filter(Exists(open_case)).select_related("student", "recorded_by"))


def events_visible_to(user) -> QuerySet[PrivacyEvent]:
    """Exports, erasures and corrections of the college: for the privacy officer and LEC lead."""
    if not _college_user(user, ACCESS_AUDIT_ROLES):
        return PrivacyEvent.objects.none()
    return (PrivacyEvent.objects.filter(college_id=user.college_id)
            .exclude(action__in=ROLE_EVENT_ACTIONS).select_related("user"))


def role_events_visible_to(user) -> QuerySet[PrivacyEvent]:
    """Requests, grants, rejections and revokes of care-data roles in the college: for the
    privacy officer and the LEC lead."""
    if not _college_user(user, ACCESS_AUDIT_ROLES):
        return PrivacyEvent.objects.none()
    return (PrivacyEvent.objects.filter(college_id=user.college_id, action__in=ROLE_EVENT_ACTIONS)
            .select_related("user", "grantee"))


def access_log_visible_to(user):
    """The LEC access log of the college: for the privacy officer and the LEC lead."""

    if not _college_user(user, ACCESS_AUDIT_ROLES):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(referral__college_id=user.college_id)


def access_log_readers(user) -> QuerySet[User]:
    """The staff of the college who appear in its LEC access log, once each, in name order:
    the choices of the audit page's staff filter."""
    if not _college_user(user, ACCESS_AUDIT_ROLES):
        return User.objects.none()
    read = AccessLog.objects.filter(user_id=OuterRef("pk"), referral__college_id=user.college_id)
    return User.objects.filter(college_id=user.college_id).filter(Exists(read)).order_by(
        *name_order())


def access_log_filtered(user, *, user_id=None, date_from=None, date_to=None, action="",
                        referral_id=None):
    qs = access_log_visible_to(user)
    if user_id:
        qs = qs.filter(user_id=user_id)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if action:
        qs = qs.filter(action=action)
    if referral_id:
        qs = qs.filter(referral_id=referral_id)
    return qs.select_related("user", "referral__student").order_by("-at", "-pk")


def bulk_viewing(user, *, since: datetime.date, threshold: int | None = None) -> list[dict]:
    """Days on which one user read more distinct LEC cases than the threshold: one row per user
    and day, counted in the database."""
    threshold = settings.LOB_BULK_VIEW_THRESHOLD if threshold is None else threshold
    rows = (
        access_log_visible_to(user)
        .filter(at__date__gte=since)
        .annotate(day=TruncDate("at"))
        .values("user_id", "user__first_name", "user__last_name", "user__email", "day")
        .annotate(cases=Count("referral_id", distinct=True), reads=Count("pk"))
        .filter(cases__gt=threshold)
        .order_by("-day", "-cases")
    )
    return list(rows)
