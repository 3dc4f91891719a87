"""Writes of the reminder machinery: record, compose, enqueue sending, mark read.

The sweep never sends by itself: it records notifications and digests in one transaction and,
after the commit, enqueues `send_digests` tasks of LOB_DIGEST_BATCH_SIZE digests each, counting
only what the broker took. Sending (claim, send, mark sent) lives in `sending` and is exported
from here for callers.
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from staff.models import User

from . import rules
from .models import Digest, Kind, Notification, SweepRun
from .sending import DIGEST_LIST_LIMIT, digest_send, digests_send
from .sending import claim_expired as _claim_expired
from .sending import pending_mail as _pending_mail

__all__ = ["DIGEST_LIST_LIMIT", "digest_send", "digests_send"]

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    scope: str
    moment: rules.Moment
    recorded: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # kind -> rows that failed to record
    digest_ids: list[int] = field(default_factory=list)
    # Set after the commit: handed to the broker (or, eagerly, sent), and refused by it.
    digests_queued: int = 0
    digests_not_queued: int = 0

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


def _record_row_by_row(qs: QuerySet, *, rule_name: str, moment: rules.Moment) -> tuple[int, int]:
    """The fallback of a rule whose one-statement insert failed: each row inserted by the same
    INSERT ... SELECT narrowed to it, in its own savepoint; a row that fails is skipped and
    logged by ids only (no name, no subject). Returns (inserted, skipped)."""
    inserted = skipped = 0
    key = ("n_kind", "n_object_id", "n_recipient_id", "n_period")
    try:
        with transaction.atomic():
            rows = list(qs.values_list(*key))
    except DatabaseError as exc:
        # Not even readable: the whole rule is skipped (counted once) and the rest goes on.
        logger.error("reminder rule %s could not be read: %s", rule_name, type(exc).__name__)
        return 0, 1
    for kind, object_id, recipient_id, period in rows:
        one = qs.filter(n_object_id=object_id, n_recipient_id=recipient_id, n_period=period)
        try:
            with transaction.atomic():
                inserted += _insert_select(one, model=Notification, columns=rules.COLUMNS,
                                           constants={"created_at": moment.now})
        except DatabaseError as exc:
            skipped += 1
            logger.error("reminder rule %s: row skipped (%s #%s for user #%s): %s",
                         rule_name, kind, object_id, recipient_id, type(exc).__name__)
    return inserted, skipped


def _record_rule(qs: QuerySet, *, rule_name: str, moment: rules.Moment) -> tuple[int, int]:
    """One rule's rows in one statement, inside a savepoint; when it fails, row by row."""
    try:
        with transaction.atomic():
            return _insert_select(
                qs, model=Notification, columns=rules.COLUMNS, constants={"created_at": moment.now}
            ), 0
    except DatabaseError as exc:
        logger.error("reminder rule %s failed (%s); recording its rows one by one",
                     rule_name, type(exc).__name__)
    return _record_row_by_row(qs, rule_name=rule_name, moment=moment)


def reminders_record(*, rule_set, moment: rules.Moment,
                     skipped: dict[str, int] | None = None) -> dict[str, int]:
    """Insert every due reminder of `rule_set` once; returns the new ones per kind.

    A rule (or a row) that fails does not stop the others (issue 15, F8): the rows that could
    not be recorded are counted per kind in `skipped` and logged."""
    recorded: dict[str, int] = {}
    skipped = {} if skipped is None else skipped
    for rule in rule_set:
        for qs in rule(moment):
            # A fixed order makes concurrent sweeps take row locks in the same order.
            qs = qs.order_by("n_object_id", "n_recipient_id", "n_period")
            kind = qs.query.annotations["n_kind"].value
            inserted, failed = _record_rule(qs, rule_name=rule.__name__, moment=moment)
            recorded[kind] = recorded.get(kind, 0) + inserted
            if failed:
                skipped[kind] = skipped.get(kind, 0) + failed
    return recorded


def digests_compose(*, moment: rules.Moment) -> int:
    """Open today's digest for everyone with unread, un-mailed notifications, unless they
    already have one today or one still waiting to be sent. One statement."""
    # From the users, each probing the pending-mail index: the sweep has just inserted the
    # day's notifications, which the table's statistics do not know yet (on a first or
    # catch-up day the planner took tens of thousands of rows for one and nested-looped them).
    pending = _pending_mail().filter(recipient_id=OuterRef("pk"))
    waiting = Digest.objects.filter(recipient_id=OuterRef("pk")).filter(
        Q(sent_at__isnull=True) | Q(day=moment.today)
    )
    qs = (
        User.objects.filter(is_active=True)
        .filter(Exists(pending))
        .filter(~Exists(waiting))
        .annotate(n_recipient_id=F("pk"))
        .values("n_recipient_id")
        .order_by("n_recipient_id")
    )
    return _insert_select(
        qs, model=Digest, columns=("recipient_id",),
        constants={"day": moment.today, "created_at": moment.now, "attempts": 0,
                   "item_count": 0, "last_error": "", "claim_token": ""},
    )


def digests_to_send(*, now: datetime.datetime) -> list[int]:
    """Unsent digests nobody holds: today's, and older ones whose sending failed or died."""
    return list(
        Digest.objects.filter(_claim_expired(now), sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _batches(ids: list[int]) -> list[list[int]]:
    size = settings.LOB_DIGEST_BATCH_SIZE
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _enqueue_send(digest_ids: list[int]) -> None:
    from .tasks import send_digests

    send_digests.delay(digest_ids)


def _enqueue_all(result: SweepResult, run_id: int) -> None:
    """After the sweep's commit: hand the digests to the broker, batch by batch, and count
    honestly what was handed over (issue 15, R8). A batch that cannot be queued (broker down;
    eagerly, a send that failed) stays unsent in the database and the next sweep takes it."""
    queued = 0
    for batch in _batches(result.digest_ids):
        try:
            _enqueue_send(batch)
        except Exception as exc:
            logger.error("reminder sweep: %s digest(s) could not be queued (%s); they stay "
                         "unsent for the next sweep", len(batch), type(exc).__name__)
        else:
            queued += len(batch)
    result.digests_queued = queued
    result.digests_not_queued = len(result.digest_ids) - queued
    SweepRun.objects.filter(pk=run_id).update(
        digests_queued=queued, digests_not_queued=result.digests_not_queued
    )
    logger.info("reminder sweep %s: %s digests queued, %s not queued", result.scope, queued,
                result.digests_not_queued)


def reminders_sweep(*, scope: str = SweepRun.Scope.DAILY,
                    moment: rules.Moment | None = None) -> SweepResult:
    """The sweep: record what is due, open digests, and after the commit enqueue sending.

    The daily sweep runs every rule but the weekly one and sends; the weekly (caseload) sweep
    only records, so its reminders travel in the next daily digest."""
    moment = moment or moment_now()
    result = SweepResult(scope=scope, moment=moment)
    rule_set = rules.WEEKLY_RULES if scope == SweepRun.Scope.WEEKLY else rules.DAILY_RULES
    with transaction.atomic():
        result.recorded = reminders_record(rule_set=rule_set, moment=moment,
                                           skipped=result.skipped)
        if scope == SweepRun.Scope.DAILY:
            digests_compose(moment=moment)
            result.digest_ids = digests_to_send(now=moment.now)
        # digests_queued is set once the broker has taken them (_enqueue_all), never before.
        run = SweepRun.objects.create(
            scope=scope, started_at=moment.now, finished_at=timezone.now(),
            recorded=result.recorded, skipped=result.skipped,
        )
        if result.digest_ids:
            transaction.on_commit(partial(_enqueue_all, result, run.pk))
    logger.info("reminder sweep %s: %s new, %s rows skipped, %s digests to send", scope,
                result.total, sum(result.skipped.values()), len(result.digest_ids))
    return result


# --- in-app ----------------------------------------------------------------------------------


def record_told(sender, *, event: str, object_id: int, target_id: int, subject: str,
                recipient_ids: list[int], **kwargs) -> int:
    """Receiver of `lec.signals.first_line_told`, in the change's own transaction: one unread
    notification per recipient (the next daily digest mails it). Once per (event, object,
    recipient): a repeated signal adds nothing. Returns how many were new."""
    kind = Kind(str(event))
    now = timezone.now()
    subject = subject if len(subject) <= rules.SUBJECT_MAX else (
        subject[:rules.SUBJECT_MAX - len(rules.ELLIPSIS)] + rules.ELLIPSIS)
    rows = [Notification(recipient_id=pk, kind=kind, object_id=object_id, period="",
                         subject=subject, target_id=target_id, created_at=now)
            for pk in recipient_ids]
    before = Notification.objects.filter(kind=kind, object_id=object_id).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(kind=kind, object_id=object_id).count() - before



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
