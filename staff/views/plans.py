"""Team plans, progress reviews with the directie and the LOB standards self-assessment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors

from .. import selectors, services
from ..forms import (
    ActionStatusForm,
    ProgressReviewForm,
    StandardsForm,
    TeamActionForm,
    TeamPlanForm,
)
from ..models import Standard, StandardAssessment, TeamPlanAction, school_year_label
from ..roles import Role
from .cycles import current_year, fresh_token, recent_years

READERS = (Role.MANAGER, Role.DIRECTOR, Role.HR, Role.COUNSELLOR, Role.CARE_COORDINATOR)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return current_year()
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _team(request, team_pk: int, year: int, *, manage=False):
    if not 2000 <= year <= 2100:
        raise Http404
    team = selectors.plan_team_for_user(request.user, team_pk)
    can_manage = team.pk in request.user.team_ids(Role.MANAGER)
    if manage and not can_manage:
        raise PermissionDenied
    return team, can_manage


@role_required(*READERS)
def team_plan_list(request):
    year = _year(request.GET.get("year"))
    return render(request, "staff/team_plan_list.html", {
        "teams": selectors.team_plan_list(user=request.user, school_year=year),
        "year": year, "year_label": school_year_label(year), "years": recent_years(),
    })


def _plan_context(request, team, year, can_manage, **forms):
    plan = selectors.team_plan(team, year)
    standards = Standard.objects.filter(college_id=team.college_id).order_by("order", "pk")
    return {
        "team": team, "year": year, "year_label": school_year_label(year), "plan": plan,
        "can_manage": can_manage,
        "can_review": request.user.has_role(Role.DIRECTOR),
        "action_form": forms.get("action") or TeamActionForm(standards=standards,
                                                             initial=fresh_token()),
        "action_status_choices": ActionStatusForm.base_fields["status"].choices,
        "reviews": {r.term: r for r in plan.reviews.all()} if plan else {},
        "terms": [1, 2, 3],
    }


@role_required(*READERS)
def team_plan_detail(request, team_pk: int, year: int):
    team, can_manage = _team(request, team_pk, year)
    return render(request, "staff/team_plan_detail.html",
                  _plan_context(request, team, year, can_manage))


@role_required(Role.MANAGER)
def team_plan_edit(request, team_pk: int, year: int):
    team, _m = _team(request, team_pk, year, manage=True)
    plan = selectors.team_plan(team, year)
    form = TeamPlanForm(request.POST or None, initial={
        "training_section": plan.training_section if plan else "",
        "version": plan.version if plan else 1,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.team_plan_save(
                team=team, school_year=year, actor=request.user,
                training_section=form.cleaned_data["training_section"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The team plan has been saved."))
            return redirect("staff:team_plan_detail", team_pk=team.pk, year=year)
    return render(request, "staff/team_plan_edit.html", {
        "team": team, "year": year, "year_label": school_year_label(year), "form": form,
    })


@role_required(Role.MANAGER)
@require_POST
def team_action_add(request, team_pk: int, year: int):
    team, can_manage = _team(request, team_pk, year, manage=True)
    standards = Standard.objects.filter(college_id=team.college_id).order_by("order", "pk")
    form = TeamActionForm(request.POST, standards=standards)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.team_action_add(
                team=team, school_year=year, actor=request.user, description=data["description"],
                standard_id=data["standard"].pk if data["standard"] else None,
                due_on=data["due_on"], submission_token=data["submission_token"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The action has been added to the team plan."))
            return redirect("staff:team_plan_detail", team_pk=team.pk, year=year)
    return render(request, "staff/team_plan_detail.html",
                  _plan_context(request, team, year, can_manage, action=form))


@role_required(Role.MANAGER)
@require_POST
def team_action_status(request, team_pk: int, year: int, action_pk: int):
    team, _m = _team(request, team_pk, year, manage=True)
    action = get_object_or_404(TeamPlanAction, pk=action_pk, plan__team=team, plan__school_year=year)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.team_action_status_set(action=action, actor=request.user,
                                        status=form.cleaned_data["status"])
        messages.success(request, _("The action has been updated."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("staff:team_plan_detail", team_pk=team.pk, year=year)


@role_required(Role.DIRECTOR)
def progress_review_record(request, team_pk: int, year: int):
    team, _m = _team(request, team_pk, year)
    form = ProgressReviewForm(request.POST or None, initial={"term": request.GET.get("term")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_review_record(
                team=team, school_year=year, actor=request.user, term=data["term"],
                held_on=data["held_on"], participants=data["participants"], notes=data["notes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The progress review has been recorded."))
            return redirect("staff:team_plan_detail", team_pk=team.pk, year=year)
    return render(request, "staff/progress_review_form.html", {
        "team": team, "year": year, "year_label": school_year_label(year), "form": form,
    })


@role_required(*READERS)
def standards_overview(request):
    year = _year(request.GET.get("year"))
    standards, rows = selectors.standards_overview(user=request.user, school_year=year)
    return render(request, "staff/standards_overview.html", {
        "standards": standards, "rows": rows, "year": year,
        "year_label": school_year_label(year), "years": recent_years(),
    })


@role_required(*READERS)
def standards_team(request, team_pk: int, year: int):
    team, can_manage = _team(request, team_pk, year)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    standards = selectors.standards_of_college(team.college_id)
    assessments = selectors.standard_assessments(team, year)
    form = StandardsForm(request.POST or None, standards=standards, assessments=assessments)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.standards_assess(
                team=team, school_year=year, actor=request.user, rows=form.rows()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The self-assessment has been saved (%(n)d criteria).")
                             % {"n": saved})
            return redirect("staff:standards_team", team_pk=team.pk, year=year)
    return render(request, "staff/standards_team.html", {
        "team": team, "year": year, "year_label": school_year_label(year), "form": form,
        "can_manage": can_manage, "assessments": assessments, "standards": standards,
    })


@role_required(Role.MANAGER)
@require_POST
def standard_action_carry(request, pk: int):
    assessment = get_object_or_404(
        StandardAssessment.objects.select_related("team"),
        pk=pk, team__in=selectors.plan_teams_visible_to(request.user),
    )
    try:
        services.standard_action_carry(assessment=assessment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The planned action has been added to the team plan."))
    return redirect("staff:standards_team", team_pk=assessment.team_id, year=assessment.school_year)
