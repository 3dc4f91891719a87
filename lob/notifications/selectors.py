"""Reads of the reminder machinery. A notification is only ever shown to its recipient."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from staff.models import User

from . import rules
from .models import Digest, Kind, Notification, SweepRun


def notification_scope(qs: QuerySet[Notification], user) -> QuerySet[Notification]:
    """The one rule: a user sees their own notifications, nobody else's."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    return qs.filter(recipient_id=user.pk)


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first."""
    return notification_scope(Notification.objects.all(), user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def notification_for_user(user, pk: int) -> Notification:
    """One of the user's notifications, or 404."""
    return get_object_or_404(notification_scope(Notification.objects.all(), user), pk=pk)


def unread_count(user) -> int:
    """One COUNT on the partial index of unread notifications (shown on every page)."""
    return notification_scope(Notification.objects.filter(read_at__isnull=True), user).count()


def latest_unread(user, *, limit: int = 5) -> list[Notification]:
    return list(
        notification_scope(Notification.objects.all(), user)
        .filter(read_at__isnull=True)
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class PreviewRow:
    kind: str
    recipient: str
    subject: str
    period: str
    due_date: object

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def reminders_preview(*, rule_set, moment: rules.Moment) -> list[PreviewRow]:
    """What a sweep would record now and has not recorded yet (for --dry-run): one query per
    rule, nothing written."""
    rows: list[tuple] = []
    for rule in rule_set:
        for qs in rule(moment):
            recorded = Notification.objects.filter(
                kind=OuterRef("n_kind"), object_id=OuterRef("n_object_id"),
                recipient_id=OuterRef("n_recipient_id"), period=OuterRef("n_period"),
            )
            rows.extend(
                qs.filter(~Exists(recorded)).values_list(
                    "n_kind", "n_recipient_id", "n_subject", "n_period", "n_due_date"
                )
            )
    recipient_ids = {r[1] for r in rows}
    emails = dict(User.objects.filter(pk__in=recipient_ids).values_list("pk", "email"))
    return [
        PreviewRow(kind=k, recipient=emails.get(r, str(r)), subject=s, period=p, due_date=d)
        for k, r, s, p, d in rows
    ]


def digests_waiting() -> QuerySet[Digest]:
    return Digest.objects.filter(sent_at__isnull=True)


def last_sweep(scope: str = SweepRun.Scope.DAILY) -> SweepRun | None:
    return SweepRun.objects.filter(scope=scope).order_by("-finished_at").first()
