"""Overviews: a manager's team (cycles, open 360 requests, training hours); HR and directie
cycle completion per team and stage."""

from django.core.paginator import Paginator
from django.shortcuts import render

from common.access import role_required

from .. import selectors
from ..models import Stage, school_year_label
from ..roles import Role
from .cycles import PAGE_SIZE, recent_years
from .plans import _year


@role_required(Role.MANAGER)
def team_overview(request):
    teams = list(selectors.managed_teams(request.user))
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), None) or (
        teams[0] if teams else None
    )
    year = _year(request.GET.get("year"))
    members = (
        selectors.team_members_overview(user=request.user, team=team, school_year=year)
        if team else []
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "staff/team_overview.html", {
        "teams": teams, "team": team, "year": year, "year_label": school_year_label(year),
        "years": recent_years(), "page": page, "query_string": query_string.urlencode(),
        "stage_labels": dict(Stage.choices),
    })


@role_required(Role.HR, Role.DIRECTOR)
def cycle_overview(request):
    year = _year(request.GET.get("year"))
    rows = selectors.completion_by_team(user=request.user, school_year=year)
    totals = {
        "members": sum(r.members for r in rows),
        "cycles": sum(r.cycles for r in rows),
        "stages": [sum(r.stages[i] for r in rows) for i in range(len(Stage.values))],
        "invited": sum(r.invited for r in rows),
        "answered": sum(r.answered for r in rows),
    }
    totals["completion"] = selectors.cycles_completed_share(totals["stages"][-1],
                                                           totals["cycles"])
    totals["response_rate"] = (
        round(100 * totals["answered"] / totals["invited"]) if totals["invited"] else None
    )
    return render(request, "staff/cycle_overview.html", {
        "rows": rows, "totals": totals, "year": year, "year_label": school_year_label(year),
        "years": recent_years(), "stages": Stage.choices,
    })
