"""Sending the digests: claim a batch, send it over one SMTP connection, mark it sent.

Sending claims digests with a conditional UPDATE and a token, so a digest enqueued twice (two
sweeps, a retry, a redelivery) is sent by whoever claims it first and by nobody else. The
digests in flight are one batch's: a worker killed mid-batch leaves them claimed until the claim
expires; they are then sent again, with the same Message-ID (issue 15, R9). A send task's
retry may take over the claims of the task's earlier runs, so when the database went away after
SMTP accepted a batch, the retry sends it again at once instead of waiting for the claim to
expire.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from staff.models import User

from .links import absolute_link
from .models import Digest, Kind, Notification

# How many items a digest e-mail lists; the rest are counted and linked.
DIGEST_LIST_LIMIT = 50
# A send task's run id: the first half of each claim token it writes (the rest is random).
RUN_ID_LENGTH = 16
# A batch sends while less than this share of its claim has gone by; then it stops, releases the
# rest and retries it, well before another sender may take the claim over.
CLAIM_SHARE_FOR_SENDING = 0.5


class ClaimRunningOut(Exception):
    """A batch took so long to send (a slow SMTP server) that its claim would soon expire."""


def pending_mail() -> QuerySet[Notification]:
    return Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOB_REMINDER_CLAIM_MINUTES)


def claim_expired(now: datetime.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _lease())


def _message_id(digest: Digest) -> str:
    """Stable per recipient and day: a digest sent again (a worker killed after SMTP accepted
    it) carries the same Message-ID, so mail clients and the sink recognise the resend."""
    host = urlsplit(settings.LOB_BASE_URL).hostname or "lob.localhost"
    return f"<digest-{digest.recipient_id}-{digest.day:%Y%m%d}@{host}>"


def _item(n: Notification, shown: dict) -> dict:
    """One listed item. Its link, its kind's label and its "due <date>" are made once per batch
    and language (`shown`), not per item and body: a thousand digests list tens of thousands
    of items, over a few hundred students, days and kinds."""
    language = translation.get_language()
    url = shown.get((language, n.kind, n.target_id))
    if url is None:
        url = shown[language, n.kind, n.target_id] = absolute_link(n)
    due = shown.get((language, n.due_date))
    if due is None:
        due = shown[language, n.due_date] = (
            gettext("due %(date)s") % {"date": date_format(n.due_date)} if n.due_date else "")
    title = shown.get((language, n.kind))
    if title is None:
        title = shown[language, n.kind] = str(Kind(n.kind).label)
    return {"title": title, "subject": n.subject, "due": due, "url": url}


def _render_digest(digest: Digest, items: list[Notification], total: int, connection,
                   shown: dict) -> EmailMultiAlternatives:
    recipient = digest.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "items": [_item(n, shown) for n in items],
            "total": total,
            "more": total - len(items),
            "list_url": settings.LOB_BASE_URL.rstrip("/") + "/notifications/",
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated", "Message-ID": _message_id(digest)},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class _Batch:
    """What one call of digests_send holds: the claimed digests and their pending items."""

    claimed_at: datetime.datetime
    token: str
    digests: list[Digest]
    pending: dict[int, list[int]] = field(default_factory=dict)  # recipient -> notification ids
    items: dict[int, list[Notification]] = field(default_factory=dict)  # the first listed
    sent: list[Digest] = field(default_factory=list)
    shown: dict = field(default_factory=dict)  # links and dates as the e-mails show them


def _claim(digest_ids: list[int], token: str, earlier_runs: Sequence[str] = ()) -> _Batch:
    """Claim what nobody holds (or what `earlier_runs` hold: earlier runs of this send, which
    have ended), settle digests of deactivated recipients, and gather the pending items of the
    rest: the same five queries for 1 digest or 100."""
    now = timezone.now()
    claimable = claim_expired(now)
    for run in earlier_runs:
        claimable |= Q(claim_token__startswith=run)
    Digest.objects.filter(claimable, pk__in=digest_ids, sent_at__isnull=True).update(
        claimed_at=now, claim_token=token, attempts=F("attempts") + 1
    )
    mine = Digest.objects.filter(pk__in=digest_ids, claim_token=token)
    # Deactivated since the digest was opened: nothing is mailed; the reason is kept.
    # The recipients as a subquery: through a join the planner nested the batch in itself.
    deactivated = User.objects.filter(is_active=False).order_by().values("pk")
    mine.filter(recipient_id__in=deactivated).update(
        sent_at=now, last_error="recipient deactivated: not sent"
    )
    batch = _Batch(claimed_at=now, token=token, digests=list(
        mine.filter(sent_at__isnull=True)
        .select_related("recipient").order_by("pk")
    ))
    recipients = [d.recipient_id for d in batch.digests]
    for pk, recipient_id in (pending_mail().filter(recipient_id__in=recipients)
                             .order_by("due_date", "kind", "pk").values_list("pk", "recipient_id")):
        batch.pending.setdefault(recipient_id, []).append(pk)
    listed = (
        pending_mail().filter(recipient_id__in=recipients)
        .annotate(position=Window(RowNumber(), partition_by=[F("recipient_id")],
                                  order_by=[F("due_date").asc(), F("kind").asc(), F("pk").asc()]))
        .filter(position__lte=DIGEST_LIST_LIMIT)
        .order_by("recipient_id", "position")
    )
    for notification in listed:
        batch.items.setdefault(notification.recipient_id, []).append(notification)
    return batch


def _mark_sent(batch: _Batch, *, error: str = "") -> None:
    """Record the digests that went out (and release the rest with the error): three
    statements whatever the batch size."""
    sent_at = timezone.now()
    sent_ids = [d.pk for d in batch.sent]
    with transaction.atomic():
        if sent_ids:
            Notification.objects.filter(
                pk__in=[pk for d in batch.sent for pk in batch.pending.get(d.recipient_id, [])]
            ).update(emailed_at=sent_at, digest_id=Case(
                *(When(recipient_id=d.recipient_id, then=Value(d.pk)) for d in batch.sent),
                output_field=IntegerField(),
            ))
            Digest.objects.filter(pk__in=sent_ids, claim_token=batch.token).update(
                sent_at=sent_at, last_error="", item_count=Case(
                    *(When(pk=d.pk, then=Value(len(batch.pending.get(d.recipient_id, []))))
                      for d in batch.sent),
                    output_field=IntegerField(),
                ),
            )
        if error:
            Digest.objects.filter(
                pk__in=[d.pk for d in batch.digests], claim_token=batch.token,
                sent_at__isnull=True,
            ).exclude(pk__in=sent_ids).update(claimed_at=None, last_error=error[:2000])


def digests_send(*, digest_ids: list[int], run: str = "", earlier_runs: Sequence[str] = ()) -> int:
    """Send the digests of `digest_ids` this caller can claim; returns how many e-mails went
    out. The batch is claimed, sent over one SMTP connection and marked sent in a constant
    number of queries; the digests in flight are the batch's (LOB_DIGEST_BATCH_SIZE).

    On an SMTP error the digests already sent are marked, the claim of the rest is released and
    the error recorded before it is raised again (the task retries with backoff; the next sweep
    re-enqueues whatever is still unsent); so too when half the claim has gone by before the
    batch is through (ClaimRunningOut), so that nobody else takes over a claim still sending.
    When the database goes away instead, nothing can be marked and the batch stays claimed. A task names its `run` (RUN_ID_LENGTH hex characters,
    the start of this call's claim token, whose rest is random) and its `earlier_runs`: its
    retry takes over what an earlier run still holds at once and sends it again, with the same
    Message-IDs; every other sender (a second copy of the same run too) waits for the claim to
    expire."""
    token = (run + uuid.uuid4().hex)[:32] if run else uuid.uuid4().hex
    batch = _claim(digest_ids, token, earlier_runs)
    if not batch.digests:
        return 0
    connection = get_connection()
    mailed = 0
    stop_at = batch.claimed_at + _lease() * CLAIM_SHARE_FOR_SENDING
    try:
        for digest in batch.digests:
            if timezone.now() >= stop_at:
                raise ClaimRunningOut(f"{len(batch.sent)} of {len(batch.digests)} digests sent "
                                      "before half the claim had gone by")
            pending = batch.pending.get(digest.recipient_id, [])
            if pending:
                items = batch.items.get(digest.recipient_id, [])
                _render_digest(digest, items, len(pending), connection, batch.shown).send()
                mailed += 1
            batch.sent.append(digest)
    except Exception as exc:
        _mark_sent(batch, error=f"{timezone.now():%Y-%m-%d %H:%M} {exc!r}")
        raise
    finally:
        connection.close()
    _mark_sent(batch)
    return mailed


def digest_send(*, digest_id: int, run: str = "", earlier_runs: Sequence[str] = ()) -> bool:
    """Send one digest if this caller can claim it; True when an e-mail went out."""
    return digests_send(digest_ids=[digest_id], run=run, earlier_runs=earlier_runs) > 0
