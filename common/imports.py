"""What every CSV import of the house shares (the student register, the staff file from HR).

Reading: the uploaded bytes as text whatever the encoding (UTF-8 with or without BOM, UTF-16,
Windows-1252, Latin-1), comma, semicolon or tab separated, columns found by their many
spellings; rows streamed, never the whole decoded file in memory.
Reporting: problems kept untranslated (msgid and values), shown in the reader's language,
at most a number of bad rows listed with their line numbers.
Jobs: an upload becomes a job row processed by a task, with progress; whatever happens it ends
done or failed and its raw file (personal data) is deleted.
"""

import codecs
import csv
import datetime
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
TRUE_WORDS = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
FALSE_WORDS = {"nee", "n", "no", "0", "false", "onwaar", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
PROGRESS_EVERY = 250
SHOWN_CHARS = 60  # a value repeated in a message is cut here (a cell may be 100,000 characters)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ASCII_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also accepts "²", which int() refuses


def shown(value: str) -> str:
    """A cell's value as repeated in a message: at most SHOWN_CHARS characters, control
    characters replaced (PostgreSQL's JSON refuses a NUL)."""
    value = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
    return CONTROL_CHARS.sub("\ufffd", value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row is refused, kept untranslated (msgid and values) so that it is shown in
    the language of whoever reads it, not of whoever uploaded the file."""

    msgid: str
    params: dict

    def __str__(self) -> str:
        return gettext(self.msgid) % self.params if self.params else gettext(self.msgid)

    def as_dict(self) -> dict:
        return {"msgid": self.msgid, "params": self.params}


def problem(msgid: str, **params) -> Problem:
    return Problem(msgid, {k: shown(v) if isinstance(v, str) else v for k, v in params.items()})


def message_text(message) -> str:
    """A stored problem ({"msgid", "params"}) in the active language; older rows: plain text."""
    if isinstance(message, dict):
        return str(Problem(message.get("msgid", ""), message.get("params") or {}))
    return str(message)


@dataclass(slots=True)
class RowError:
    line: int | None
    problems: list[Problem]

    @property
    def messages(self) -> list[str]:
        """The problems in the active language."""
        return [str(p) for p in self.problems]

    def as_dict(self):
        return {"line": self.line, "messages": [p.as_dict() for p in self.problems]}


class ImportRefused(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns). The message is
    kept untranslated (msgid and values) and shown in the reader's language."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.problem = Problem(msgid, params)

    def __str__(self) -> str:
        return str(self.problem)


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def batched(items: Iterable, size: int) -> Iterator[tuple]:
    """itertools.batched (Python 3.12) for 3.11."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


# --- reading ---------------------------------------------------------------------------------


def detect_encoding(raw: bytes) -> str:
    """The encoding of an uploaded file, or ImportRefused with the reason. Checked chunk by
    chunk: the decoded text is never held as a whole."""
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise ImportRefused(_("The file is empty."))
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _("This is an Excel workbook, not a CSV file. In Excel choose “Save as” → “CSV (semicolon separated)” and upload that file.")
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in raw[:4096]:
        raise ImportRefused(_("This does not look like a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for offset in range(0, len(raw), CHUNK):
                decoder.decode(raw[offset:offset + CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def text_stream(raw: bytes, encoding: str) -> io.TextIOWrapper:
    """The file as a text stream (the bytes are shared, not copied)."""
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    if encoding == "utf-16":
        try:
            stream.read(1)
            stream.seek(0)
        except UnicodeDecodeError as exc:
            raise ImportRefused(_("The file could not be read as UTF-16 text.")) from exc
    return stream


def norm_header(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().lower())


def estimate_rows(raw: bytes) -> int:
    """Roughly how many rows the file has (for the progress bar; quoted line breaks count)."""
    return max(raw.count(b"\n") - 1, 1)


def open_rows(raw: bytes, columns: dict[str, tuple[str, ...]], required: Iterable[str],
              ) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """Bytes → (column index per canonical name, an iterator of (line number, cells)).
    `columns` maps each canonical name to its accepted header spellings (compared lower-case,
    without spaces, _, - or .). The rows are read as they are consumed; a second call reads
    the file again."""
    text = text_stream(raw, detect_encoding(raw))
    first = text.readline()
    while first and not first.strip():
        first = text.readline()
    delimiter = max([";", ",", "\t"], key=first.count)
    if first.count(delimiter) == 0:
        raise ImportRefused(
            _("No columns found: the file must be separated by semicolons, commas or tabs.")
        )
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportRefused(_("The file has no header row.")) from exc
    lookup = {alias: canon for canon, aliases in columns.items()
              for alias in (canon.replace("_", ""), *aliases)}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = lookup.get(norm_header(name))
        if canon and canon not in positions:
            positions[canon] = index
    missing = [c for c in required if c not in positions]
    if missing:
        raise ImportRefused(
            _("Missing columns: %(columns)s. Found: %(found)s."),
            columns=", ".join(missing), found=shown(", ".join(h.strip() for h in header)),
        )
    return positions, _rows(reader)


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, cells
    except csv.Error as exc:
        raise ImportRefused(
            _("The file is not valid CSV near line %(line)s: %(error)s"),
            line=reader.line_num, error=shown(str(exc)),
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("The file could not be read as UTF-16 text.")) from exc


def row_values(positions: dict[str, int], cells: list[str]) -> dict[str, str]:
    return {
        name: (cells[index].strip() if index < len(cells) else "")
        for name, index in positions.items()
    }


def too_many(errors: list[RowError], bad: int, max_errors: int) -> list[RowError]:
    """The reported errors, with one line counting the bad rows beyond `max_errors`."""
    if bad > max_errors:
        errors.append(RowError(line=None, problems=[
            problem(_("and %(count)s more rows with problems"), count=bad - max_errors)
        ]))
    return errors


class CheckedRows:
    """The rows of a file, each checked as it is read: iterating gives (line number, what
    `checker.check(line, values)` answered: a clean row or a RowError); `count` is the number
    of rows read so far. `progress(count)` is called every PROGRESS_EVERY rows."""

    def __init__(self, checker, positions: dict[str, int],
                 rows: Iterable[tuple[int, list[str]]],
                 progress: Callable[[int], None] | None = None):
        self.checker = checker
        self.positions = positions
        self.rows = rows
        self.progress = progress
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, object]]:
        for line, cells in self.rows:
            self.count += 1
            if self.progress and self.count % PROGRESS_EVERY == 0:
                self.progress(self.count)
            yield line, self.checker.check(line, row_values(self.positions, cells))


class BadRows:
    """The bad rows of a file: every one counted, the first `limit` kept with their problems."""

    def __init__(self, limit: int):
        self.limit = limit
        self.count = 0
        self.errors: list[RowError] = []

    def add(self, error: RowError) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.errors.append(error)

    def report(self) -> list[RowError]:
        """The kept rows in line order, and one line that counts the rest."""
        self.errors.sort(key=lambda e: e.line or 0)
        return too_many(self.errors, self.count, self.limit)


# --- jobs ------------------------------------------------------------------------------------
# A job model has: college, uploaded_by, file_name, content, content_hash, status (the Status
# choices pending/running/done/failed), total_rows, processed_rows, errors, created_at,
# finished_at, and a unique constraint on (college, content_hash) while pending or running.

STOPPED = _("The import stopped before it finished; nothing was imported. Upload the file again; if this happens again, tell the functional administrator.")
NOT_QUEUED = _("The import could not be started (the task queue is not reachable); nothing was imported. Upload the file again later.")
ACTIVE = ["pending", "running"]


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_error(msgid: str) -> dict:
    return {"line": None, "messages": [Problem(msgid, {}).as_dict()]}


def submit_job(model, *, college_id: int, user, file_name: str, content: bytes,
               enqueue: Callable[[int], object], **extra) -> tuple[object, bool]:
    """(the job for this upload, whether it is new); a new job is queued once the transaction
    commits. The same file uploaded again while its first job is waiting or running gives
    that first job (no second run)."""
    digest = content_hash(content)
    same = model.objects.filter(college_id=college_id, content_hash=digest, status__in=ACTIVE)
    first = same.defer("content").first()
    if first is not None:
        return first, False
    try:
        with transaction.atomic():
            job = model.objects.create(
                college_id=college_id, uploaded_by=user, file_name=file_name[:255],
                content=content, content_hash=digest, **extra,
            )
    except IntegrityError:
        # A simultaneous upload of the same file won the race (unique while active).
        return model.objects.filter(college_id=college_id, content_hash=digest).defer(
            "content").latest("created_at"), False
    transaction.on_commit(partial(_enqueue, model, job.pk, enqueue))
    return job, True


def _enqueue(model, job_id: int, enqueue: Callable[[int], object]) -> None:
    try:
        enqueue(job_id)
    except Exception as exc:  # the broker's errors vary by transport; any means "not queued"
        logger.error("import job %s could not be queued: %s", job_id, type(exc).__name__)
        finish_job(model, job_id, status="failed", errors=[file_error(NOT_QUEUED)])


def finish_job(model, job_id: int, **fields) -> None:
    # The raw file holds personal data: it is not kept once the job has an outcome.
    model.objects.filter(pk=job_id).update(content=b"", finished_at=timezone.now(), **fields)
    cache.delete(_written_key(model, job_id))


def claim_job(model, job_id: int):
    """The job, now running — or None when another worker has it, it already ran, or the
    sweep failed it."""
    job = model.objects.select_related("college", "uploaded_by").filter(pk=job_id).first()
    claimed = model.objects.filter(pk=job_id, status="pending").update(status="running")
    return job if job is not None and claimed else None


def fail_stuck_jobs(model, *, stuck_after: datetime.timedelta,
                    now: datetime.datetime | None = None) -> int:
    """Fail the jobs still waiting or running long after their time limit (a killed worker, a
    lost message) and delete their files; returns how many."""
    now = now or timezone.now()
    return model.objects.filter(status__in=ACTIVE, created_at__lt=now - stuck_after).update(
        status="failed", content=b"", finished_at=now, errors=[file_error(STOPPED)],
    )


# --- progress --------------------------------------------------------------------------------
# The rows checked are counted on the job row: the check runs outside any transaction. The rows
# written cannot be: the write is one transaction (all or nothing), and what it wrote on the job
# row would stay invisible to the status page until the end. They go through the cache instead
# (Redis, shared by the worker and the web processes; without a broker the import runs inside
# the upload's request). Without the count the page still says every row was checked.

CHECK_SHARE = 25  # the bar's part for checking the rows; writing them takes the rest
WRITTEN_TIMEOUT = 2 * 60 * 60  # longer than any job may run


def _written_key(model, job_id: int) -> str:
    return f"import-written:{model._meta.label_lower}:{job_id}"


def report_written(model, job_id: int, done: int) -> None:
    """How many rows of the job's file are written (so far, in its open transaction)."""
    cache.set(_written_key(model, job_id), done, WRITTEN_TIMEOUT)


@dataclass(frozen=True, slots=True)
class JobProgress:
    """What a job's status page shows: the phase ("waiting", "checking", "writing" or
    "finished"), the rows done in it of the total (None: writing, count unknown), the bar."""

    phase: str
    done: int | None
    total: int
    percent: int


def job_progress(job) -> JobProgress:
    """The job's progress: checking the rows fills the first CHECK_SHARE of the bar, writing
    them the rest."""
    total = job.total_rows
    if job.status in ("done", "failed"):
        return JobProgress("finished", job.processed_rows, total, 100)
    if job.status == "pending" or not total:
        return JobProgress("waiting" if job.status == "pending" else "checking", 0, total, 0)
    written = cache.get(_written_key(type(job), job.pk))
    if written is None and job.processed_rows < total:
        return JobProgress("checking", job.processed_rows, total,
                           CHECK_SHARE * job.processed_rows // total)
    share = min(written or 0, total) * (100 - CHECK_SHARE) // total
    return JobProgress("writing", written, total, CHECK_SHARE + share)
