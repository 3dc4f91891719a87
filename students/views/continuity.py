"""Counsellor continuity: groups, and managers assigning or changing counsellors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.access import role_required
from common.forms import apply_service_errors
from common.names import name_order
from staff.models import User
from staff.roles import FIRST_LINE_RECORD_ROLES, Role

from .. import selectors, services
from ..forms import CounsellorChangeForm
from ..models import GuidanceSession, Student, StudentStatus

GROUP_SESSIONS_PAGE = 20


def _team_counsellors(team_id: int):
    return (
        User.objects.filter(is_active=True, memberships__team_id=team_id,
                            memberships__role=Role.COUNSELLOR)
        .distinct()
        .order_by(*name_order())
    )


@role_required(Role.COUNSELLOR, Role.MANAGER)
def group_list(request):
    """My groups (counsellor) and my teams' groups (manager), with their actions."""
    user = request.user
    qs = _groups_of_my_teams(user, Role.COUNSELLOR, Role.MANAGER)
    # Counsellors start on their own groups, managers on all groups of their teams.
    mine = request.GET.get("mine", "" if user.team_ids(Role.MANAGER) else "1")
    if mine == "1":
        qs = qs.filter(counsellor=user)
    groups = (
        qs.select_related("team", "counsellor")
        .annotate(size=Count("students", filter=Q(students__status=StudentStatus.ACTIVE)))
        .order_by("team__name", "name")
    )
    return render(
        request,
        "students/group_list.html",
        {
            "groups": groups,
            "mine": mine,
            "managed_team_ids": user.team_ids(Role.MANAGER),
            "my_group_ids": set(selectors.my_groups(user).values_list("pk", flat=True))
            if user.has_role(Role.COUNSELLOR) else set(),
        },
    )


def _groups_of_my_teams(user, *roles):
    """The groups the user works with: their own, and their teams' (404 otherwise)."""
    return selectors.groups_visible_to(user).filter(
        Q(counsellor=user) | Q(team_id__in=user.team_ids(*roles))
    )


@role_required(*FIRST_LINE_RECORD_ROLES)
def group_detail(request, pk: int):
    """A group: its members and its sessions, each through its own scoping (the students the
    user may see, the sessions whose content the user may read)."""
    user = request.user
    group = get_object_or_404(_groups_of_my_teams(user, *FIRST_LINE_RECORD_ROLES).select_related("team", "counsellor"),
                              pk=pk)
    members = (
        Student.objects.visible_to(user)
        .filter(groups=group)
        .select_related("programme")
        .order_by("status", "last_name", "first_name", "pk")
    )
    sessions = selectors.session_scope(
        GuidanceSession.objects.filter(group=group), user
    ).select_related("counsellor").annotate(
        present=Count("attendances", filter=Q(attendances__present=True))
    ).order_by("-held_at", "-pk")
    page = Paginator(sessions, GROUP_SESSIONS_PAGE).get_page(request.GET.get("page"))
    return render(request, "students/group_detail.html", {
        "group": group, "members": members, "page": page,
        "may_log": group.pk in set(selectors.my_groups(user).values_list("pk", flat=True))
        if user.has_role(Role.COUNSELLOR) else False,
        "may_change": group.team_id in user.team_ids(Role.MANAGER),
    })


def _change(request, *, team_id, current, assign, title, back, subject):
    form = CounsellorChangeForm(request.POST or None, counsellors=_team_counsellors(team_id),
                                initial={"current": current.pk if current else 0})
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["current"]
        expected = services.UNCHECKED if seen is None else (seen or None)
        try:
            changed = assign(form.cleaned_data["counsellor"], form.cleaned_data["handover_note"],
                             expected)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, changed)
            return back
    return render(
        request,
        "students/counsellor_change.html",
        {"form": form, "title": title, "current": current, "subject": subject,
         "cancel_url": back.url},
    )


@role_required(Role.MANAGER)
def counsellor_change(request, pk: int):
    user = request.user
    student = selectors.student_for_user(user, pk)
    if not user.manages_team(student.programme.team_id):
        raise Http404
    current = student.counsellor_assignments.filter(end_date__isnull=True).select_related(
        "counsellor").first()

    def assign(counsellor, note, expected):
        changed = services.counsellor_assign(by=user, student=student, counsellor=counsellor,
                                             handover_note=note, expected_counsellor=expected)
        if not changed:
            return _("%(name)s already is the counsellor.") % {"name": counsellor.get_full_name()}
        return _("%(name)s is now the counsellor.") % {"name": counsellor.get_full_name()}

    return _change(request, team_id=student.programme.team_id,
                   current=current.counsellor if current else None, assign=assign,
                   title=_("Change counsellor"), subject=student,
                   back=redirect("students:detail", pk=student.pk))


@role_required(Role.MANAGER)
def group_counsellor_change(request, pk: int):
    user = request.user
    group = get_object_or_404(
        selectors.groups_visible_to(user).filter(team_id__in=user.team_ids(Role.MANAGER)), pk=pk
    )

    def assign(counsellor, note, expected):
        n = services.group_counsellor_assign(by=user, group=group, counsellor=counsellor,
                                             handover_note=note, expected_counsellor=expected)
        return ngettext(
            "%(name)s is now the counsellor of the group (%(n)d student changed).",
            "%(name)s is now the counsellor of the group (%(n)d students changed).",
            n,
        ) % {"name": counsellor.get_full_name(), "n": n}

    return _change(request, team_id=group.team_id, current=group.counsellor, assign=assign,
                   title=_("Change the group's counsellor"), subject=group,
                   back=redirect("students:groups"))
