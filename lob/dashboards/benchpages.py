"""The pages `manage.py bench` opens: every page that users open, each for a sample of the users
who open it (picked at random with a fixed seed from the whole ROC, so a plan that only some
users get is seen).

A page is a name, the role whose holders open it, and how to find its address for one of them
(None when that user has nothing to open there, e.g. a counsellor without a caseload).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from staff.models import College, ReviewCycle, TeamMembership, User
from staff.models import school_year_of as staff_school_year_of
from staff.roles import MEMBERSHIP_ROLES, Role

from .benchdata import ROC_USER


@dataclass(frozen=True)
class BenchPage:
    name: str
    role: str  # a Role value, or "roc" for the ROC-level director
    url: Callable[[User], str | None]
    method: str = "get"
    data: Callable[[User, int], dict] | None = None


def role_pool(role: str) -> list[int]:
    """Ids of every active user holding `role` (ordered, so a seeded sample is reproducible)."""
    if role == "roc":
        return list(User.objects.filter(email=ROC_USER).values_list("pk", flat=True))
    if role in MEMBERSHIP_ROLES:
        qs = User.objects.filter(memberships__role=role, groups__name=role)
    else:
        qs = User.objects.filter(groups__name=role, college__isnull=False)
    return sorted(set(qs.filter(is_active=True).values_list("pk", flat=True)))


def sample(role: str, n: int, seed: int) -> list[User]:
    return _pick(role_pool(role), role, n, seed)


def reference_sample(role: str, n: int, seed: int) -> list[User]:
    """The users whose query counts are compared between scales: `sample` drawn from the first
    college alone. The first college is built the same at every scale (same ids, same records),
    so at scale 1 this is `sample` itself, and at scale 10 the same people with the same
    caseloads, nine colleges further: a count that differs grows with the ROC, whereas counts
    of different users may differ by what they have (an empty list fetches no rows)."""
    first = College.objects.order_by("pk").values_list("pk", flat=True).first()
    pool = role_pool(role)
    if role != "roc":
        pool = sorted(set(pool) & set(
            User.objects.filter(college_id=first).values_list("pk", flat=True)))
    return _pick(pool, role, n, seed)


def _pick(pool: list[int], role: str, n: int, seed: int) -> list[User]:
    picked = random.Random(f"{seed}:{role}").sample(pool, min(n, len(pool)))
    return list(User.objects.filter(pk__in=picked).order_by("pk"))


# --- what one user opens -----------------------------------------------------------------------

def _fixed(name: str, *args):
    return lambda user: reverse(name, args=args)


def _busiest_caseload_student(user: User) -> int | None:
    from students.models import SessionAttendance

    row = (
        SessionAttendance.objects.filter(
            student__counsellor_assignments__counsellor=user,
            student__counsellor_assignments__end_date__isnull=True,
        )
        .values("student_id").annotate(n=Count("pk")).order_by("-n", "student_id").first()
    )
    return row["student_id"] if row else None


def _student_page(user: User) -> str | None:
    student_id = _busiest_caseload_student(user)
    return reverse("students:detail", args=[student_id]) if student_id else None


def _college_student_page(user: User) -> str | None:
    from students.models import Student

    student = (Student.objects.filter(college_id=user.college_id, status="active")
               .annotate(n=Count("attendances")).order_by("-n", "pk").first())
    return reverse("students:detail", args=[student.pk]) if student else None


def _privacy_student_page(user: User) -> str | None:
    from students.models import Student

    pk = (Student.objects.filter(college_id=user.college_id).order_by("pk")
          .values_list("pk", flat=True).first())
    return reverse("privacy:student", args=[pk]) if pk else None


def _refer_form(user: User) -> str | None:
    student_id = _busiest_caseload_student(user)
    return reverse("lec:refer", args=[student_id]) if student_id else None


def _session_page(user: User) -> str | None:
    from students.models import GuidanceSession

    pk = (GuidanceSession.objects.filter(counsellor=user, format="individual")
          .order_by("-held_at", "-pk").values_list("pk", flat=True).first())
    return reverse("students:session", args=[pk]) if pk else None


def _lec_case(user: User) -> str | None:
    from lec.models import Referral

    pk = (Referral.objects.filter(assigned_to=user).order_by("-referred_at")
          .values_list("pk", flat=True).first())
    return reverse("lec:detail", args=[pk]) if pk else None


def _own_cycle(user: User) -> str | None:
    year = staff_school_year_of(timezone.localdate())
    pk = (ReviewCycle.objects.filter(employee=user, school_year=year)
          .values_list("pk", flat=True).first())
    return reverse("staff:cycle_detail", args=[pk]) if pk else None


def _team_cycle(user: User, view: str = "staff:cycle_detail") -> str | None:
    year = staff_school_year_of(timezone.localdate())
    pk = (ReviewCycle.objects.filter(manager=user, school_year=year).order_by("pk")
          .values_list("pk", flat=True).first())
    return reverse(view, args=[pk]) if pk else None


def _managed_team(user: User) -> int | None:
    return (TeamMembership.objects.filter(user=user, role=Role.MANAGER).order_by("team_id")
            .values_list("team_id", flat=True).first())


def _team_url(name: str, *extra):
    def url(user):
        team_id = _managed_team(user)
        return reverse(name, args=[team_id, *extra]) if team_id else None
    return url


def _team_year_url(name: str):
    def url(user):
        team_id = _managed_team(user)
        year = staff_school_year_of(timezone.localdate())
        return reverse(name, args=[team_id, year]) if team_id else None
    return url


def _college_dashboard(user: User) -> str | None:
    return reverse("dashboards:college", args=[user.college_id]) if user.college_id else None


def _session_post_data(user: User, i: int) -> dict:
    held = timezone.localtime() - datetime.timedelta(minutes=10 + i)
    return {
        "student": str(_busiest_caseload_student(user)), "kind": "career",
        "held_at": held.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "30",
        "location": "private_room", "summary": "Bench: gesprek over stage.", "agreements": "",
        "fu-TOTAL_FORMS": "0", "fu-INITIAL_FORMS": "0", "fu-MIN_NUM_FORMS": "0",
        "fu-MAX_NUM_FORMS": "1000",
    }


def _session_post_url(user: User) -> str | None:
    return reverse("students:session_new") if _busiest_caseload_student(user) else None


C, CC, M = Role.COUNSELLOR, Role.CARE_COORDINATOR, Role.MANAGER
LW, LL, HR, D = Role.LEC_WORKER, Role.LEC_LEAD, Role.HR, Role.DIRECTOR
A, PO = Role.ADMIN, Role.PRIVACY_OFFICER

PAGES = [
    # Home pages, one per role.
    BenchPage("home_counsellor", C, _fixed("home")),
    BenchPage("home_care_coordinator", CC, _fixed("home")),
    BenchPage("home_lec_worker", LW, _fixed("home")),
    BenchPage("home_lec_lead", LL, _fixed("home")),
    BenchPage("home_manager", M, _fixed("home")),
    BenchPage("home_hr", HR, _fixed("home")),
    BenchPage("home_director", D, _fixed("home")),
    BenchPage("home_admin", A, _fixed("home")),
    BenchPage("home_privacy_officer", PO, _fixed("home")),
    BenchPage("home_roc", "roc", _fixed("home")),
    BenchPage("notifications_counsellor", C, _fixed("notifications:list")),
    BenchPage("notifications_manager", M, _fixed("notifications:list")),
    # The first line.
    BenchPage("student_list", C, _fixed("students:list")),
    BenchPage("student_list_manager", M, _fixed("students:list")),
    BenchPage("student_list_lec", LW, _fixed("students:list")),
    BenchPage("caseload", C, _fixed("students:caseload")),
    BenchPage("student_page", C, _student_page),
    BenchPage("student_page_lec", LW, _college_student_page),
    BenchPage("follow_ups", C, _fixed("students:follow_ups")),
    BenchPage("follow_ups_manager", M, _fixed("students:follow_ups")),
    BenchPage("groups", C, _fixed("students:groups")),
    BenchPage("groups_manager", M, _fixed("students:groups")),
    BenchPage("session_page", C, _session_page),
    BenchPage("session_form", C, _fixed("students:session_new")),
    BenchPage("refer_form", C, _refer_form),
    # The LEC.
    BenchPage("triage_queue", LW, _fixed("lec:queue")),
    BenchPage("lec_cases", LW, _fixed("lec:cases")),
    BenchPage("lec_case", LW, _lec_case),
    BenchPage("lec_overview", LL, _fixed("lec:overview")),
    BenchPage("lec_access_log", LL, _fixed("lec:access_log")),
    # Staff: review cycles, 360 feedback, plans, standards.
    BenchPage("cycle_list", C, _fixed("staff:cycle_list")),
    BenchPage("cycle_list_manager", M, _fixed("staff:cycle_list")),
    BenchPage("cycle_page", C, _own_cycle),
    BenchPage("cycle_page_manager", M, _team_cycle),
    BenchPage("feedback_results", M, lambda u: _team_cycle(u, "staff:feedback_results")),
    BenchPage("feedback_inbox", C, _fixed("staff:feedback_inbox")),
    BenchPage("cycle_overview_hr", HR, _fixed("staff:cycle_overview")),
    BenchPage("cycle_overview_director", D, _fixed("staff:cycle_overview")),
    BenchPage("training_list", M, _fixed("staff:training_list")),
    BenchPage("team_overview", M, _fixed("staff:team_overview")),
    BenchPage("frameworks", HR, _fixed("staff:framework_list")),
    BenchPage("team_plans", M, _fixed("staff:team_plan_list")),
    BenchPage("team_plan", M, _team_year_url("staff:team_plan_detail")),
    BenchPage("standards", M, _fixed("staff:standards_overview")),
    BenchPage("standards_team", M, _team_year_url("staff:standards_team")),
    # Dashboards.
    BenchPage("team_dashboard", M, _team_url("dashboards:team")),
    BenchPage("drill_not_seen", M, _team_url("dashboards:drill", "not_seen")),
    BenchPage("drill_follow_ups", M, _team_url("dashboards:drill", "follow_ups")),
    BenchPage("drill_intake_late", M, _team_url("dashboards:drill", "intake_late")),
    BenchPage("drill_open_space", M, _team_url("dashboards:drill", "open_space")),
    BenchPage("college_view", D, _college_dashboard),
    BenchPage("college_view_hr", HR, _college_dashboard),
    BenchPage("roc_view", "roc", _fixed("dashboards:roc")),
    # Privacy.
    BenchPage("privacy_requests", PO, _fixed("privacy:requests")),
    BenchPage("privacy_audit", PO, _fixed("privacy:audit")),
    BenchPage("role_grants", LL, _fixed("privacy:role_grants")),
    BenchPage("student_privacy", A, _privacy_student_page),
    # A write: logging a session (rolled back).
    BenchPage("session_post", C, _session_post_url, method="post", data=_session_post_data),
]
