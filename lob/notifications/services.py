"""Writes of the reminder machinery: record, compose, send (claim, then send), mark read.

The sweep never sends by itself: it records notifications and digests in one transaction and,
after the commit, enqueues one `send_digest` task per unsent digest. Sending claims the digest
with a conditional UPDATE, so a digest enqueued twice (two sweeps, a retry, a redelivery) is
sent by whoever claims it first and by nobody else.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connections, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from staff.models import User

from . import rules
from .links import absolute_link
from .models import Digest, Kind, Notification, SweepRun

logger = logging.getLogger(__name__)

# How many items a digest e-mail lists; the rest are counted and linked.
DIGEST_LIST_LIMIT = 50


@dataclass
class SweepResult:
    scope: str
    moment: rules.Moment
    recorded: dict[str, int] = field(default_factory=dict)
    digest_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.recorded.values())


def moment_now() -> rules.Moment:
    return rules.Moment(today=timezone.localdate(), now=timezone.now())


def _insert_select(qs: QuerySet, *, model, columns: tuple[str, ...], constants: dict) -> int:
    """INSERT INTO model (columns…, constants…) SELECT n_<column>…, %s… FROM (qs) ON CONFLICT
    DO NOTHING — one statement, no rows through Python. Returns the number inserted."""
    connection = connections[qs.db]
    qn = connection.ops.quote_name
    inner_sql, inner_params = qs.query.get_compiler(using=qs.db).as_sql()
    target = [model._meta.get_field(c).column for c in (*columns, *constants)]
    selected = [f"s.{qn('n_' + c)}" for c in columns] + ["%s"] * len(constants)
    # "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
    # Only quoted identifiers and Django's compiled SQL are interpolated; values are parameters.
    table, names = qn(model._meta.db_table), ", ".join(qn(c) for c in target)
    sql = f"INSERT INTO {table} ({names}) SELECT {', '.join(selected)} FROM ({inner_sql}) s"  # noqa: S608
    sql += " WHERE true ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(sql, (*constants.values(), *inner_params))
        return max(cursor.rowcount, 0)


def reminders_record(*, rule_set, moment: rules.Moment) -> dict[str, int]:
    """Insert every due reminder of `rule_set` once; returns the new ones per kind."""
    recorded: dict[str, int] = {}
    for rule in rule_set:
        for qs in rule(moment):
            # A fixed order makes concurrent sweeps take row locks in the same order.
            qs = qs.order_by("n_object_id", "n_recipient_id", "n_period")
            kind = qs.query.annotations["n_kind"].value
            inserted = _insert_select(
                qs, model=Notification, columns=rules.COLUMNS, constants={"created_at": moment.now}
            )
            recorded[kind] = recorded.get(kind, 0) + inserted
    return recorded


def _pending_mail() -> QuerySet[Notification]:
    return Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)


def digests_compose(*, moment: rules.Moment) -> int:
    """Open today's digest for everyone with unread, un-mailed notifications, unless they
    already have one today or one still waiting to be sent. One statement."""
    waiting = Digest.objects.filter(recipient_id=OuterRef("recipient_id")).filter(
        Q(sent_at__isnull=True) | Q(day=moment.today)
    )
    qs = (
        _pending_mail()
        .filter(recipient__is_active=True)
        .filter(~Exists(waiting))
        .annotate(n_recipient_id=F("recipient_id"))
        .values("n_recipient_id")
        .distinct()
        .order_by("n_recipient_id")
    )
    return _insert_select(
        qs, model=Digest, columns=("recipient_id",),
        constants={"day": moment.today, "created_at": moment.now, "attempts": 0,
                   "item_count": 0, "last_error": ""},
    )


def _claim_expired(now: datetime.datetime) -> Q:
    lease = datetime.timedelta(minutes=settings.LOB_REMINDER_CLAIM_MINUTES)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)


def digests_to_send(*, now: datetime.datetime) -> list[int]:
    """Unsent digests nobody holds: today's, and older ones whose sending failed or died."""
    return list(
        Digest.objects.filter(_claim_expired(now), sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _enqueue_send(digest_id: int) -> None:
    from .tasks import send_digest

    send_digest.delay(digest_id)


def _sender(digest_id: int):
    def enqueue_digest_send() -> None:
        _enqueue_send(digest_id)

    return enqueue_digest_send


def reminders_sweep(*, scope: str = SweepRun.Scope.DAILY,
                    moment: rules.Moment | None = None) -> SweepResult:
    """The sweep: record what is due, open digests, and after the commit enqueue sending.

    The daily sweep runs every rule but the weekly one and sends; the weekly (caseload) sweep
    only records, so its reminders travel in the next daily digest."""
    moment = moment or moment_now()
    result = SweepResult(scope=scope, moment=moment)
    rule_set = rules.WEEKLY_RULES if scope == SweepRun.Scope.WEEKLY else rules.DAILY_RULES
    with transaction.atomic():
        result.recorded = reminders_record(rule_set=rule_set, moment=moment)
        if scope == SweepRun.Scope.DAILY:
            digests_compose(moment=moment)
            result.digest_ids = digests_to_send(now=moment.now)
        SweepRun.objects.create(
            scope=scope, started_at=moment.now, finished_at=timezone.now(),
            recorded=result.recorded, digests_queued=len(result.digest_ids),
        )
        for digest_id in result.digest_ids:
            # robust: one failing enqueue (or, eagerly, one failing e-mail) must not stop the rest.
            transaction.on_commit(_sender(digest_id), robust=True)
    logger.info("reminder sweep %s: %s new, %s digests queued", scope, result.total,
                len(result.digest_ids))
    return result


# --- sending -------------------------------------------------------------------------------


def _render_digest(recipient: User, items: list[Notification], total: int) -> EmailMultiAlternatives:
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "items": [
                {"title": Kind(n.kind).label, "subject": n.subject, "due_date": n.due_date,
                 "url": absolute_link(n)}
                for n in items
            ],
            "total": total,
            "more": total - len(items),
            "list_url": settings.LOB_BASE_URL.rstrip("/") + "/notifications/",
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_send(*, digest_id: int) -> bool:
    """Send one digest if this caller can claim it; True when an e-mail went out.

    On an SMTP error the claim is released and the error recorded before it is raised again
    (the task retries with backoff; the next sweep re-enqueues whatever is still unsent)."""
    now = timezone.now()
    claimed = (
        Digest.objects.filter(_claim_expired(now), pk=digest_id, sent_at__isnull=True)
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return False
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    if not digest.recipient.is_active:
        # Deactivated since the digest was opened: nothing is mailed; the reason is kept.
        Digest.objects.filter(pk=digest_id, claimed_at=now).update(
            sent_at=now, last_error="recipient deactivated: not sent"
        )
        return False
    pending = list(
        _pending_mail().filter(recipient_id=digest.recipient_id)
        .order_by("due_date", "kind", "pk")
        .values_list("pk", flat=True)
    )
    if pending:
        items = list(Notification.objects.filter(pk__in=pending[:DIGEST_LIST_LIMIT])
                     .order_by("due_date", "kind", "pk"))
        message = _render_digest(digest.recipient, items, len(pending))
        try:
            message.send()
        except Exception as exc:
            Digest.objects.filter(pk=digest_id, claimed_at=now).update(
                claimed_at=None, last_error=f"{timezone.now():%Y-%m-%d %H:%M} {exc!r}"[:2000]
            )
            raise
    sent_at = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk__in=pending).update(emailed_at=sent_at, digest_id=digest_id)
        Digest.objects.filter(pk=digest_id, claimed_at=now).update(
            sent_at=sent_at, item_count=len(pending), last_error=""
        )
    return bool(pending)


# --- in-app ----------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user: User) -> bool:
    """Mark one of `user`'s notifications read; False when it already was."""
    return bool(
        Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of `user`'s unread notifications read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
