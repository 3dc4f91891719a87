"""Dashboards: team (manager, directie), college (directie, HR, LEC lead), ROC (ROC level).

A forbidden page answers 403 (role_required); a team or college the user may not see 404."""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required, user_has_any_role
from common.csv_export import csv_response
from common.params import id_param, int_param, redirect_to_next
from common.tasks import QUEUE_UNAVAILABLE, enqueue
from lob.community.figures import team_community_figures
from lob.workplace.figures import team_workplace_figures
from staff.roles import (
    COLLEGE_DASHBOARD_ROLES,
    DASHBOARD_ROLES,
    FIRST_LINE_RECORD_ROLES,
    TEAM_DASHBOARD_ROLES,
    Role,
)

from . import pages, selectors
from .forms import FilterForm
from .periods import shown_years, year_label
from .tables import Table
from .tasks import refresh_year

PAGE_SIZE = 50


def _filters(request):
    form = FilterForm(request.GET or None)
    return form, form.filters()


def _ensure_rollup(filters, college_ids: list[int] | None,
                   college_id: int | None = None) -> selectors.RollupTimes:
    """When the figures shown were computed; when a year was never computed, compute it now
    (a task: eager in the embedded set-up, in the background with a broker)."""
    times = selectors.rollup_times(filters.year, college_id)
    if times.age is None:
        # A broker that is down is logged; the page still shows (issue 15, R8).
        transaction.on_commit(partial(enqueue, refresh_year, filters.year, college_ids))
        times = selectors.rollup_times(filters.year, college_id)
    return times


def _csv(table: Table, filename: str) -> HttpResponse:
    return csv_response(f"{filename}.csv", table.csv_rows())


def _only(table: Table, key: str) -> Table:
    """The page's one table, when `key` names it."""
    if table.key != key:
        raise Http404
    return table


def _sort(request, table: Table) -> None:
    """Sort a comparison table by ?sort=<column>&dir=asc|desc (server side: works without JS),
    and give its headings the links that sort it."""
    column = int_param(request.GET, "sort")
    descending = request.GET.get("dir") == "desc"
    if column is not None and 0 <= column < len(table.columns):
        table.sort_by(column, descending)
    params = {k: v for k, v in request.GET.items() if k not in ("sort", "dir")}
    links = []
    for i, _label in enumerate(table.columns):
        flip = "asc" if (i == column and descending) else "desc" if i == column else (
            "asc" if i == 0 else "desc")
        links.append("?" + urlencode({**params, "sort": i, "dir": flip}))
    table.sort_links(links, column, descending)


@role_required(*DASHBOARD_ROLES)
def index(request):
    """Which dashboards the user may open."""
    user = request.user
    teams = list(selectors.dashboard_teams(user).select_related("college").order_by(
        "college__name", "name"))
    colleges = list(selectors.dashboard_colleges(user).order_by("name"))
    if selectors.is_roc_user(user):
        return redirect("dashboards:roc")
    if len(teams) == 1 and not colleges:
        return redirect("dashboards:team", teams[0].pk)
    if len(colleges) == 1 and not teams:
        return redirect("dashboards:college", colleges[0].pk)
    return render(request, "dashboards/index.html", {"teams": teams, "colleges": colleges})


def _team_context(request, pk: int):
    team = selectors.team_for_dashboard(request.user, pk)
    form, filters = _filters(request)
    times = _ensure_rollup(filters, [team.college_id], college_id=team.college_id)
    return team, form, filters, times


@role_required(*TEAM_DASHBOARD_ROLES)
def team(request, pk: int):
    team, form, filters, times = _team_context(request, pk)
    return render(request, "dashboards/team.html", {
        "team": team, "form": form, "filters": filters, "age": times.age,
        "year_label": year_label(filters.year),
        "may_see_college": selectors.may_see_college(request.user, team.college_id),
        # Read only when the template renders them, not when their HTML comes from the cache.
        "workplace": SimpleLazyObject(lambda: team_workplace_figures(team, filters.year)),
        "community": SimpleLazyObject(lambda: team_community_figures(team, filters.year)),
        "visit_weeks": settings.LOB_PLACEMENT_VISIT_WEEKS,
        # The drill-down is the first line's placement list: for the team's manager.
        "workplace_drill": user_has_any_role(request.user, FIRST_LINE_RECORD_ROLES),
        **pages.team_page(team, filters, times),
    })


@role_required(*TEAM_DASHBOARD_ROLES)
def team_csv(request, pk: int, table: str):
    team, _form, filters, times = _team_context(request, pk)
    card = pages.team_card(team, filters, times, table)
    if card is None:
        raise Http404
    return _csv(card.table, f"{team.code}-{table}-{filters.year}")


@role_required(*TEAM_DASHBOARD_ROLES)
def drill(request, pk: int, kind: str):
    """The list behind a figure, through the owning app's scoping: a viewer sees only the
    students, follow-ups and sessions they may see anyway."""
    team = selectors.team_for_dashboard(request.user, pk)
    if kind not in selectors.DRILLS:
        raise Http404
    form, filters = _filters(request)
    user = request.user
    status = request.GET.get("status", "")
    if kind == "not_seen":
        qs = selectors.not_seen_students(user, team, filters)
    elif kind == "intake_late":
        qs = selectors.intake_late_students(user, team, filters)
    elif kind == "changed":
        qs = selectors.changed_counsellor_students(user, team, filters)
    elif kind == "left":
        qs = selectors.left_students(user, team, filters, status)
    elif kind == "follow_ups":
        owner_id = id_param(request.GET, "owner")
        qs = selectors.open_follow_ups(user, team, filters, owner_id=owner_id,
                                       overdue=request.GET.get("overdue") == "1")
    else:
        qs = selectors.open_space_sessions(user, team, filters)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    figure = figure_age = None
    if kind in ("not_seen", "intake_late"):  # from the rollup: say how it compares
        figure = selectors.team_figure(filters, team, kind)
        figure_age = selectors.rollup_times(filters.year, team.college_id).age
    return render(request, "dashboards/drill.html", {
        "figure": figure, "figure_age": figure_age,
        "team": team, "kind": kind, "weeks": settings.LOB_NOT_SEEN_WEEKS, "page_obj": page_obj,
        "filters": filters, "form": form, "year_label": year_label(filters.year), "status": status,
        "page_query": urlencode(params),
        "back": reverse("dashboards:team", args=[team.pk]) + "?" + urlencode(
            {k: v for k, v in params.items() if k in ("year", "pathway", "study_year")}),
    })


def _college_context(request, pk: int):
    college = selectors.college_for_dashboard(request.user, pk)
    sections = selectors.college_sections(request.user)
    form, filters = _filters(request)
    times = _ensure_rollup(filters, [college.pk], college_id=college.pk)

    def team_link(team):
        if selectors.may_see_team(request.user, team):
            return reverse("dashboards:team", args=(team.pk,))
        return ""

    page = pages.college_page(college, filters, times, sections, team_link)
    return college, form, filters, times.age, page, sections


@role_required(*COLLEGE_DASHBOARD_ROLES)
def college(request, pk: int):
    college, form, filters, age, page, sections = _college_context(request, pk)
    _sort(request, page["table"])
    return render(request, "dashboards/college.html", {
        "college": college, "sections": sections, "year_label": year_label(filters.year),
        "is_roc": selectors.is_roc_user(request.user), "form": form, "filters": filters,
        "age": age, **page,
    })


@role_required(*COLLEGE_DASHBOARD_ROLES)
def college_csv(request, pk: int, table: str):
    college, _form, filters, _age, page, _sections = _college_context(request, pk)
    return _csv(_only(page["table"], table), f"{college.short_name}-{table}-{filters.year}")


def _roc_context(request):
    if not selectors.is_roc_user(request.user):
        raise PermissionDenied
    form, filters = _filters(request)
    times = _ensure_rollup(filters, None)
    return form, filters, times.age, pages.roc_page(filters, times)


@role_required(Role.DIRECTOR)
def roc(request):
    form, filters, age, page = _roc_context(request)
    _sort(request, page["table"])
    return render(request, "dashboards/roc.html", {
        "year_label": year_label(filters.year), "form": form, "filters": filters, "age": age,
        **page,
    })


@role_required(Role.DIRECTOR)
def roc_csv(request, table: str):
    _form, filters, _age, page = _roc_context(request)
    return _csv(_only(page["table"], table), f"roc-{table}-{filters.year}")


@require_POST
@role_required(*DASHBOARD_ROLES)
def refresh(request):
    """Recompute a school year's figures now, for the colleges the user's dashboards show."""
    user = request.user
    year = int_param(request.POST, "year")
    if year not in shown_years(FilterForm().today):
        messages.error(request, _("Choose one of the school years shown."))
    else:
        college_ids = None if selectors.is_roc_user(user) else sorted(
            set(selectors.dashboard_teams(user).values_list("college_id", flat=True))
            | set(selectors.dashboard_colleges(user).values_list("pk", flat=True))
        )
        if enqueue(refresh_year, year, college_ids):
            messages.success(request, _("The figures of %(year)s are being brought up to date.")
                             % {"year": year_label(year)})
        else:
            messages.error(request, QUEUE_UNAVAILABLE)
    return redirect_to_next(request, reverse("dashboards:index"))
