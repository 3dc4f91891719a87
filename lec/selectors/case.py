"""One case as the LEC sees it: its case file and its history."""

from dataclasses import dataclass

from ..models import Referral
from .access import may_read_case_file


@dataclass
class CaseFile:
    findings: list
    instruments: list
    actions: list
    notes: list
    members: list


def case_file_for(user, referral: Referral) -> CaseFile | None:
    """The Diagnose-recept content of a case, or None when `user` may not read it. The caller
    records the read in the access log in the same transaction
    (`lec.services.access_log_record`)."""
    if not may_read_case_file(user, referral):
        return None
    return CaseFile(
        findings=list(referral.findings.select_related("created_by")),
        instruments=list(referral.instruments.select_related("created_by")),
        actions=list(referral.actions.select_related("created_by", "completed_by")),
        notes=list(referral.notes.select_related("author")),
        members=list(referral.members.select_related("user", "added_by")),
    )


@dataclass(frozen=True)
class HistoryLine:
    at: object
    kind: str  # "transition" | "assignment" | "member"
    item: object


def case_history(referral: Referral, transitions: list,
                 members: list | None = None) -> list[HistoryLine]:
    """The case's history, oldest first: its transitions, every (re)assignment of its case
    worker (who, by whom, when) and every worker added to it (`members`, when the caller has
    read them already: the case file's)."""
    if members is None:
        members = list(referral.members.select_related("user", "added_by"))
    lines = [HistoryLine(t.at, "transition", t) for t in transitions]
    lines += [HistoryLine(a.at, "assignment", a)
              for a in referral.assignments.select_related("worker", "previous", "by")]
    lines += [HistoryLine(m.added_at, "member", m) for m in members]
    return sorted(lines, key=lambda line: (line.at, line.kind != "transition"))


def referral_history(referral: Referral) -> tuple[list, list]:
    """The referral's transitions and its feedback to the first line, oldest first."""
    transitions = list(referral.transitions.select_related("by"))
    feedback = list(referral.feedback.select_related("author"))
    return transitions, feedback
