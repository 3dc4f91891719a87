"""360 feedback: invitations and anonymous answers.

The answer is stored without any link to the rater or the invitation; the invitation is marked
answered by a conditional update in the same transaction, so a rater answers once and never after
the deadline.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    RaterGroup,
    ReviewCycle,
    TeamMembership,
    User,
)
from ..models.frameworks import SCORE_MAX, SCORE_MIN
from ..selectors import cycle_competencies, groups_shown
from .common import clean_text
from .cycles import _lock, _require

MAX_DEADLINE_DAYS = 120


def rater_group_for(*, employee: User, rater: User) -> str:
    """Colleagues sharing a team with the employee form one group, the rest of the college another."""
    memberships = TeamMembership.objects.in_own_college()
    employee_teams = memberships.filter(user=employee).values("team_id")
    shares_team = memberships.filter(user=rater, team_id__in=employee_teams).exists()
    return RaterGroup.TEAM if shares_team else RaterGroup.COLLEGE


@transaction.atomic
def feedback_invite(
    *, cycle: ReviewCycle, actor: User, rater: User, deadline: datetime.date,
    today: datetime.date | None = None,
) -> FeedbackRequest:
    """Invite a colleague of the same college to give 360 feedback by `deadline`."""
    today = today or timezone.localdate()
    cycle = _lock(cycle)
    _require(actor, cycle.employee, cycle.manager)
    errors = {}
    if rater.pk == actor.pk:
        errors["rater"] = _("You cannot invite yourself.")
    elif rater.pk == cycle.employee_id:
        errors["rater"] = _("The employee cannot give 360 feedback on themselves.")
    elif rater.pk == cycle.manager_id:
        errors["rater"] = _(
            "The manager gives their own assessment; invite colleagues for 360 feedback."
        )
    elif rater.college_id != cycle.employee.college_id:
        errors["rater"] = _("Only colleagues of the same college can be invited.")
    elif not rater.is_active:
        errors["rater"] = _("This colleague's account is not active.")
    if deadline <= today:
        errors["deadline"] = _("The deadline must be after today.")
    elif deadline > today + datetime.timedelta(days=MAX_DEADLINE_DAYS):
        errors["deadline"] = _("The deadline can be at most %(n)d days ahead.") % {
            "n": MAX_DEADLINE_DAYS
        }
    if errors:
        raise ValidationError(errors)
    group = rater_group_for(employee=cycle.employee, rater=rater)
    if group in groups_shown(cycle):
        # Comparing the results before and after one more answer would give that answer away.
        raise ValidationError({"rater": _(
            "The results of the group “%(group)s” have been shown already: it takes no new "
            "raters in this cycle, so that nobody's answers can be worked out from the "
            "difference.") % {"group": RaterGroup(group).label}})
    duplicate = ValidationError({"rater": _("%(name)s has already been invited for this cycle.")
                                 % {"name": rater}})
    if FeedbackRequest.objects.filter(cycle=cycle, rater=rater).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return FeedbackRequest.objects.create(
                cycle=cycle,
                rater=rater,
                rater_group=group,
                deadline=deadline,
                invited_by=actor,
            )
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def feedback_answer(
    *, request: FeedbackRequest, rater: User, answers: dict[int, tuple[int | None, str]],
    today: datetime.date | None = None,
) -> None:
    """Store one rater's anonymous answers and mark the invitation answered, exactly once."""
    today = today or timezone.localdate()
    if request.rater_id != rater.pk:
        raise ValidationError(_("This request is not addressed to you."))
    cycle = ReviewCycle.objects.get(pk=request.cycle_id)
    if cycle.is_closed:
        raise ValidationError(_("This review cycle is closed; feedback is no longer possible."))
    wanted = {c.pk for c in cycle_competencies(cycle)}
    if set(answers) - wanted:
        raise ValidationError(_("The form does not match this cycle's competencies. Reload the page."))
    errors = {}
    cleaned = []
    for competency_id in wanted:
        score, comment = answers.get(competency_id, (None, ""))
        if score is not None and (not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX):
            errors[f"score_{competency_id}"] = _("Give a score from %(min)d to %(max)d.") % {
                "min": SCORE_MIN, "max": SCORE_MAX
            }
        cleaned.append((competency_id, score, clean_text(comment)))
    if errors:
        raise ValidationError(errors)
    if all(score is None and not comment for _cid, score, comment in cleaned):
        raise ValidationError(_("Give a score or a comment for at least one competency."))
    claimed = FeedbackRequest.objects.filter(
        pk=request.pk, rater=rater, answered_at__isnull=True, deadline__gte=today
    ).update(answered_at=timezone.now())
    if not claimed:
        current = FeedbackRequest.objects.get(pk=request.pk)
        if current.answered_at is not None:
            raise ValidationError(_("You have already answered this request."))
        raise ValidationError(_("The deadline for this request has passed."))
    response = FeedbackResponse.objects.create(cycle=cycle, rater_group=request.rater_group)
    FeedbackAnswer.objects.bulk_create(
        FeedbackAnswer(response=response, competency_id=cid, score=score, comment=comment)
        for cid, score, comment in cleaned
    )
