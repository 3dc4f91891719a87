"""Reads for the dashboards: who sees which dashboard (access), the rollup sums (rollups),
the live follow-up and staff figures (live) and the drill-down lists (drills)."""

from .access import (
    SECTIONS_ALL,
    SECTIONS_BY_ROLE,
    college_for_dashboard,
    college_sections,
    dashboard_colleges,
    dashboard_teams,
    is_roc_user,
    may_see_college,
    may_see_team,
    team_for_dashboard,
)
from .drills import (
    DRILLS,
    LEFT_STATUSES,
    changed_counsellor_students,
    intake_late_students,
    left_students,
    not_seen_students,
    open_follow_ups,
    open_space_sessions,
)
from .filters import Filters
from .live import (
    attendance_per_split,
    cycle_figures,
    follow_ups_per_counsellor,
    open_follow_ups_per_team,
    staff_figures,
    standards_scores,
    training_by_area,
)
from .rollups import (
    CACHE_SECONDS,
    SUM_FIELDS,
    RollupTimes,
    cached_figures,
    figure_sums,
    home_college_figures,
    home_figures,
    median_of,
    merged_median,
    month_trend,
    rollup_times,
    team_figure,
    team_rows,
    triage_medians,
)

__all__ = [
    "CACHE_SECONDS", "DRILLS", "attendance_per_split", "LEFT_STATUSES", "SECTIONS_ALL", "SECTIONS_BY_ROLE", "SUM_FIELDS", "Filters",
    "RollupTimes", "cached_figures", "changed_counsellor_students", "college_for_dashboard",
    "college_sections", "cycle_figures", "dashboard_colleges", "dashboard_teams",
    "figure_sums", "follow_ups_per_counsellor", "home_college_figures", "home_figures", "open_follow_ups_per_team", "intake_late_students",
    "is_roc_user", "left_students", "may_see_college", "may_see_team", "median_of",
    "merged_median", "month_trend", "not_seen_students", "open_follow_ups",
    "open_space_sessions", "rollup_times", "staff_figures", "standards_scores",
    "team_figure", "team_for_dashboard", "team_rows", "training_by_area", "triage_medians",
]
