"""Review-cycle pages: list, opening, the cycle page and its inputs, the development plan."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors
from common.names import name_order

from .. import selectors, services
from ..forms import (
    CycleFilterForm,
    CycleOpenForm,
    GoalForm,
    GoalStatusForm,
    InviteForm,
    MeetingPlanForm,
    MeetingRecordForm,
    ResponseForm,
    ScoresForm,
    TrainingForm,
    TrainingStatusForm,
)
from ..models import (
    MEETING_ORDER,
    Competency,
    DevelopmentGoal,
    Stage,
    Team,
    TeamMembership,
    Training,
    User,
    school_year_of,
)
from ..roles import Role

PAGE_SIZE = 50


def current_year() -> int:
    return school_year_of(timezone.localdate())


def recent_years() -> list[int]:
    year = current_year()
    return list(range(year + 1, year - 5, -1))


def fresh_token() -> dict:
    """A create form's initial data: a fresh one-time token (common.idempotency)."""
    return {"submission_token": uuid.uuid4()}


def _cycle(request, pk: int, *, need: tuple[str, ...] = ()):
    """The cycle (404 when not visible) and the user's roles in it (403 when none of `need`)."""
    cycle = selectors.cycle_for_user(request.user, pk)
    roles = selectors.cycle_roles(request.user, cycle)
    if need and not roles.intersection(need) and not request.user.is_superuser:
        raise PermissionDenied
    return cycle, roles


@login_required
def cycle_list(request):
    user = request.user
    teams = Team.objects.filter(
        pk__in=selectors.cycle_scope(
            selectors.ReviewCycle.objects.all(), user, content=False
        ).values("team_id")
    )
    form = CycleFilterForm(request.GET or None, years=recent_years(), teams=teams)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "school_year": data["school_year"],
            "team_id": data["team"].pk if data["team"] else None,
            "stage": data["stage"],
        }
    cycles = selectors.cycle_list(user=user, **filters)
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    managed = user.team_ids(Role.MANAGER)
    for cycle in page.object_list:
        cycle.can_open = user.is_superuser or (
            user.pk in (cycle.employee_id, cycle.manager_id) or cycle.team_id in managed
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "staff/cycle_list.html", {
        "form": form, "page": page, "query_string": query_string.urlencode(),
        "is_manager": bool(managed),
    })


def _employees_for(manager: User):
    teams = manager.team_ids(Role.MANAGER)
    members = TeamMembership.objects.filter(team_id__in=teams).values("user_id")
    return (
        User.objects.filter(pk__in=members, is_active=True, college_id=manager.college_id)
        .exclude(pk=manager.pk)
        .order_by(*name_order())
    )


@role_required(Role.MANAGER)
def cycle_open(request):
    manager = request.user
    years = [current_year() - 1, current_year(), current_year() + 1]
    initial = {"school_year": current_year(), "employee": request.GET.get("employee")}
    form = CycleOpenForm(request.POST or None, employees=_employees_for(manager), years=years,
                         initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(
                manager=manager,
                employee=form.cleaned_data["employee"],
                school_year=form.cleaned_data["school_year"],
                role_profile=form.cleaned_data["role_profile"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The review cycle has been opened."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/cycle_open.html", {"form": form})


def _plan_value(form, kind, meeting) -> str:
    if form is not None:
        return form.data.get(f"{kind}-planned_on", "")
    return meeting.planned_on.isoformat() if meeting and meeting.planned_on else ""


def _detail_context(request, cycle, roles, **forms):
    competencies = selectors.cycle_competencies(cycle)
    is_employee, is_manager = "employee" in roles, "manager" in roles
    show_manager_scores = cycle.manager_assessed_at is not None and (is_employee or is_manager
                                                                      or "team_manager" in roles)
    open_cycle = not cycle.is_closed
    rows = selectors.assessment_rows(cycle, competencies)
    meetings = selectors.cycle_meetings(cycle)
    context = {
        "cycle": cycle,
        "roles": roles,
        "is_employee": is_employee,
        "is_manager": is_manager,
        "can_write_plan": open_cycle and (is_employee or is_manager),
        "competency_rows": rows,
        "show_manager_scores": show_manager_scores,
        "meetings": [
            {
                "kind": kind,
                "label": Stage(kind).label,
                "meeting": meeting,
                "is_next": cycle.stage == kind,
                "plan_form": forms.get(f"plan_{kind}"),
                "plan_value": _plan_value(forms.get(f"plan_{kind}"), kind, meeting),
            }
            for kind, meeting in zip(MEETING_ORDER, meetings, strict=True)
        ],
        "invitations": selectors.feedback_invitations(cycle),
        "summary": selectors.feedback_summary(cycle),
        "goals": cycle.goals.select_related("competency").order_by("pk"),
        "trainings": cycle.trainings.select_related("goal").order_by("pk"),
        "goal_status_choices": GoalStatusForm.base_fields["status"].choices,
        "response_form": forms.get("response") or ResponseForm(
            initial={"text": cycle.employee_response, "version": cycle.version}
        ),
    }
    return context


@login_required
def cycle_detail(request, pk: int):
    cycle, roles = _cycle(request, pk)
    return render(request, "staff/cycle_detail.html", _detail_context(request, cycle, roles))


@login_required
def self_assessment(request, pk: int):
    cycle, roles = _cycle(request, pk)
    competencies = selectors.cycle_competencies(cycle)
    editable = "employee" in roles and not cycle.is_closed
    if request.method == "POST" and not editable:
        if "employee" in roles:
            messages.error(request, _("This review cycle is closed and can no longer be changed."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
        raise PermissionDenied
    current = {a.competency_id: (a.score, a.evidence) for a in cycle.self_scores.all()}
    form = ScoresForm(
        request.POST or None, competencies=competencies, text_label=_("Evidence"),
        initial_rows=current, initial={"version": cycle.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_save(
                cycle=cycle, actor=request.user, scores=form.scores(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your self-assessment has been saved."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/self_assessment.html", {
        "cycle": cycle, "form": form, "editable": editable,
        "rows": selectors.assessment_rows(cycle, competencies),
    })


@login_required
def manager_assessment(request, pk: int):
    cycle, roles = _cycle(request, pk, need=("manager",))
    if cycle.is_closed:
        messages.error(request, _("This review cycle is closed and can no longer be changed."))
        return redirect("staff:cycle_detail", pk=cycle.pk)
    competencies = selectors.cycle_competencies(cycle)
    own = {a.competency_id: a for a in cycle.self_scores.all()}
    for competency in competencies:
        competency.reference = own.get(competency.pk)  # the self-assessment, shown alongside
    current = {a.competency_id: (a.score, a.comment) for a in cycle.manager_scores.all()}
    form = ScoresForm(
        request.POST or None, competencies=competencies, text_label=_("Comment"),
        initial_rows=current, initial={"version": cycle.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.manager_assessment_save(
                cycle=cycle, actor=request.user, scores=form.scores(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your assessment has been saved and shared with the employee."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/manager_assessment.html", {"cycle": cycle, "form": form})


@login_required
@require_POST
def employee_response(request, pk: int):
    cycle, roles = _cycle(request, pk, need=("employee",))
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.employee_response_save(
                cycle=cycle, actor=request.user, text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your response has been saved."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/cycle_detail.html",
                  _detail_context(request, cycle, roles, response=form))


def _meeting_kind(kind: str) -> str:
    if kind not in MEETING_ORDER:
        raise Http404
    return kind


@login_required
@require_POST
def meeting_plan(request, pk: int, kind: str):
    kind = _meeting_kind(kind)
    cycle, roles = _cycle(request, pk, need=("manager",))
    form = MeetingPlanForm(request.POST, prefix=kind)
    if form.is_valid():
        try:
            services.meeting_plan(cycle=cycle, actor=request.user, kind=kind,
                                  planned_on=form.cleaned_data["planned_on"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting date has been saved."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/cycle_detail.html",
                  _detail_context(request, cycle, roles, **{f"plan_{kind}": form}))


@login_required
def meeting_record(request, pk: int, kind: str):
    kind = _meeting_kind(kind)
    cycle, roles = _cycle(request, pk, need=("manager",))
    form = MeetingRecordForm(request.POST or None, appraisal=kind == Stage.APPRAISAL,
                             initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                cycle=cycle, actor=request.user, kind=kind,
                held_on=form.cleaned_data["held_on"], report=form.cleaned_data["report"],
                rating=form.cleaned_data.get("rating", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/meeting_record.html", {
        "cycle": cycle, "form": form, "kind": kind, "label": Stage(kind).label,
        "summary": selectors.feedback_summary(cycle) if kind == Stage.APPRAISAL else None,
    })


@login_required
def feedback_invite(request, pk: int):
    cycle, roles = _cycle(request, pk, need=("employee", "manager"))
    if cycle.is_closed:
        messages.error(request, _("This review cycle is closed and can no longer be changed."))
        return redirect("staff:cycle_detail", pk=cycle.pk)
    form = InviteForm(request.POST or None,
                      colleagues=selectors.invitable_colleagues(cycle, request.user),
                      initial={"deadline": timezone.localdate() + datetime.timedelta(days=14)})
    if request.method == "POST" and form.is_valid():
        raters = form.cleaned_data["raters"]
        try:
            with transaction.atomic():  # all of them or, with one refused, none
                for rater in raters:
                    try:
                        services.feedback_invite(cycle=cycle, actor=request.user, rater=rater,
                                                 deadline=form.cleaned_data["deadline"])
                    except ValidationError as exc:
                        raise _about(exc, rater) from None
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, ngettext(
                "%(n)d colleague has been invited to give 360 feedback: %(names)s.",
                "%(n)d colleagues have been invited to give 360 feedback: %(names)s.",
                len(raters)) % {"n": len(raters),
                                "names": ", ".join(r.get_full_name() for r in raters)})
            return redirect("staff:feedback_invite", pk=cycle.pk)
    return render(request, "staff/feedback_invite.html", {
        "cycle": cycle, "form": form, "invitations": selectors.feedback_invitations(cycle),
    })


def _about(exc: ValidationError, rater) -> ValidationError:
    """A refusal for one of several raters, on the raters field, naming who it is about."""
    messages_by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    deadline = messages_by_field.pop("deadline", None)
    errors = {"raters": [f"{rater.get_full_name()}: {m}" for ms in messages_by_field.values()
                         for m in ms]}
    if deadline:
        errors["deadline"] = deadline
    return ValidationError({k: v for k, v in errors.items() if v})


@login_required
def goal_add(request, pk: int):
    cycle, roles = _cycle(request, pk, need=("employee", "manager"))
    if cycle.is_closed:
        messages.error(request, _("This review cycle is closed and can no longer be changed."))
        return redirect("staff:cycle_detail", pk=cycle.pk)
    competencies = Competency.objects.filter(
        pk__in=[c.pk for c in selectors.cycle_competencies(cycle)]
    ).order_by("category__order", "order", "pk")
    form = GoalForm(request.POST or None, competencies=competencies, initial=fresh_token())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_add(
                cycle=cycle, actor=request.user, goal=data["goal"], actions=data["actions"],
                competency_id=data["competency"].pk if data["competency"] else None,
                submission_token=data["submission_token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The goal has been added to the development plan."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/plan_form.html", {
        "cycle": cycle, "form": form, "title": _("Add a development goal"),
    })


@login_required
@require_POST
def goal_status(request, pk: int, goal_pk: int):
    cycle, roles = _cycle(request, pk, need=("employee", "manager"))
    goal = get_object_or_404(DevelopmentGoal, pk=goal_pk, cycle=cycle)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.goal_status_set(goal=goal, actor=request.user, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The goal has been updated."))
    return redirect("staff:cycle_detail", pk=cycle.pk)


@login_required
def training_add(request, pk: int):
    cycle, roles = _cycle(request, pk, need=("employee", "manager"))
    if cycle.is_closed:
        messages.error(request, _("This review cycle is closed and can no longer be changed."))
        return redirect("staff:cycle_detail", pk=cycle.pk)
    form = TrainingForm(request.POST or None, goals=cycle.goals.all(), initial=fresh_token())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_add(
                cycle=cycle, actor=request.user, area=data["area"], title=data["title"],
                hours=data["hours"], status=data["status"], completed_on=data["completed_on"],
                goal_id=data["goal"].pk if data["goal"] else None,
                submission_token=data["submission_token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The training has been added to the development plan."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/plan_form.html", {
        "cycle": cycle, "form": form, "title": _("Add a training"),
    })


@login_required
def training_status(request, pk: int, training_pk: int):
    cycle, roles = _cycle(request, pk, need=("employee", "manager"))
    training = get_object_or_404(Training, pk=training_pk, cycle=cycle)
    if cycle.is_closed:
        messages.error(request, _("This review cycle is closed and can no longer be changed."))
        return redirect("staff:cycle_detail", pk=cycle.pk)
    form = TrainingStatusForm(
        request.POST or None,
        initial={"status": training.status, "completed_on": training.completed_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_status_set(
                training=training, actor=request.user, status=form.cleaned_data["status"],
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The training has been updated."))
            return redirect("staff:cycle_detail", pk=cycle.pk)
    return render(request, "staff/plan_form.html", {
        "cycle": cycle, "form": form,
        "title": _("Update training: %(title)s") % {"title": training.title},
    })


@login_required
def training_list(request):
    trainings = selectors.training_record(request.user)
    page = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/training_list.html", {
        "page": page, "hours": selectors.training_hours(request.user),
    })
