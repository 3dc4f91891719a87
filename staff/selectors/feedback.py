"""360 results, only aggregated per rater group and above the anonymity threshold."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Q,
    Sum,
)
from django.utils import timezone

from ..models import (
    Competency,
    FeedbackAnswer,
    FeedbackResponse,
    RaterGroup,
    ReviewCycle,
)
from .cycles import FEEDBACK_MIN_RESPONSES, cycle_competencies


@dataclass
class FeedbackCell:
    average: float
    count: int


@dataclass
class FeedbackRow:
    competency: Competency
    cells: dict[str, FeedbackCell] = field(default_factory=dict)
    total: FeedbackCell | None = None
    comments: dict[str, list[str]] = field(default_factory=dict)
    # In the order of the summary's groups, for the template.
    ordered_cells: list[FeedbackCell | None] = field(default_factory=list)
    ordered_comments: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class FeedbackSummary:
    released: bool
    groups: list[tuple[str, str, int]]  # (group, label, responses) for the groups shown
    rows: list[FeedbackRow]
    invited: int
    open: int

    @property
    def group_keys(self) -> list[str]:
        return [g for g, _label, _n in self.groups]


def feedback_summary(cycle: ReviewCycle, *, today: datetime.date | None = None) -> FeedbackSummary:
    """The 360 results of a cycle, aggregated per rater group.

    Nothing of a group with fewer than FEEDBACK_MIN_RESPONSES responses appears: not its scores,
    comments, response count, nor any share in the totals. Per competency a group's average (and
    its share of the total) also needs that many scores, since raters may skip a competency.
    Results stay hidden while invitations are still open, so nobody can watch the average move
    as individual answers come in.
    """
    today = today or timezone.localdate()
    requests = cycle.feedback_requests.aggregate(
        invited=Count("pk"),
        open=Count("pk", filter=Q(answered_at__isnull=True, deadline__gte=today)),
    )
    released = requests["open"] == 0 and requests["invited"] > 0
    summary = FeedbackSummary(
        released=released, groups=[], rows=[], invited=requests["invited"], open=requests["open"]
    )
    if not released:
        return summary
    counts = dict(
        FeedbackResponse.objects.filter(cycle=cycle)
        .values("rater_group")
        .annotate(n=Count("pk"))
        .values_list("rater_group", "n")
    )
    shown = [g for g in RaterGroup.values if counts.get(g, 0) >= FEEDBACK_MIN_RESPONSES]
    summary.groups = [(g, RaterGroup(g).label, counts[g]) for g in shown]
    if not shown:
        return summary
    answers = FeedbackAnswer.objects.filter(
        response__cycle=cycle, response__rater_group__in=shown
    )
    stats, comments = _answer_stats(answers), _comments(answers)
    for competency in cycle_competencies(cycle):
        summary.rows.append(_feedback_row(competency, shown, summary.groups, stats, comments))
    return summary


def _answer_stats(answers) -> dict:
    """Sum and number of scores per (competency, rater group)."""
    return {
        (s["competency_id"], s["response__rater_group"]): s
        for s in answers.values("competency_id", "response__rater_group").annotate(
            total=Sum("score"), n=Count("score")
        )
    }


def _comments(answers) -> dict[tuple[int, str], list[str]]:
    """The comments per (competency, rater group), in a fixed order that reveals nobody."""
    comments: dict[tuple[int, str], list[str]] = {}
    for cid, group, text in (
        answers.exclude(comment="")
        .order_by("competency_id", "response__rater_group", "comment")
        .values_list("competency_id", "response__rater_group", "comment")
    ):
        comments.setdefault((cid, group), []).append(text)
    return comments


def _feedback_row(competency, shown, groups, stats, comments) -> FeedbackRow:
    """One competency's averages per shown group (each with enough scores) and in total."""
    row = FeedbackRow(competency=competency)
    total, n = 0, 0
    for group in shown:
        s = stats.get((competency.pk, group))
        if s and s["n"] >= FEEDBACK_MIN_RESPONSES:
            row.cells[group] = FeedbackCell(round(s["total"] / s["n"], 1), s["n"])
            total, n = total + s["total"], n + s["n"]
        if (competency.pk, group) in comments:
            row.comments[group] = comments[(competency.pk, group)]
    if n:
        row.total = FeedbackCell(round(total / n, 1), n)
    row.ordered_cells = [row.cells.get(g) for g in shown]
    row.ordered_comments = [
        (label, row.comments[g]) for g, label, _n in groups if g in row.comments
    ]
    return row


def groups_shown(cycle: ReviewCycle) -> set[str]:
    """The rater groups whose results `feedback_summary` has released at some moment of this
    cycle (now or earlier): no invitation of the cycle open, and the group at the threshold.

    Such a group accepts no new rater in the cycle. Otherwise one more invitation hides the
    results, and when it is answered the difference between the averages before and after is
    that one rater's answers. The moments are read from the invitations themselves: results
    can only have become visible when an invitation was answered or a deadline passed."""
    requests = list(cycle.feedback_requests.values(
        "rater_group", "invited_at", "answered_at", "deadline"))
    tz = timezone.get_current_timezone()
    moments = {timezone.now()}
    for r in requests:
        if r["answered_at"]:
            moments.add(r["answered_at"])
        moments.add(datetime.datetime.combine(r["deadline"] + datetime.timedelta(days=1),
                                              datetime.time.min, tz))
    shown: set[str] = set()
    for moment in moments:
        if moment > timezone.now():
            continue
        day = timezone.localdate(moment)
        existing = [r for r in requests if r["invited_at"] <= moment]
        answered = [r for r in existing if r["answered_at"] and r["answered_at"] <= moment]
        if not existing or len(existing) > len(answered) + sum(
            1 for r in existing if r not in answered and r["deadline"] < day
        ):
            continue  # nothing invited yet, or an invitation still open: nothing was shown
        for group in RaterGroup.values:
            if sum(1 for r in answered if r["rater_group"] == group) >= FEEDBACK_MIN_RESPONSES:
                shown.add(group)
    return shown
