"""Who sees which material and meeting: staff of the first line (counsellors, care
coordinators, managers) see their own college's library and the meetings of their teams or
that they are invited to; nothing of another college."""

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from students.models import GuidanceSession, SessionFormat, Student, StudentStatus
from students.selectors import first_line_students

from .models import COMPETENCY_FIELDS, Material, MaterialUse, Meeting, MeetingAttendance


def material_scope(user) -> QuerySet[Material]:
    if not user.is_authenticated or user.college_id is None:
        return Material.objects.none()
    return Material.objects.filter(college_id=user.college_id)


def material_for_user(user, pk: int) -> Material:
    material = (material_scope(user).select_related("author", "team")
                .annotate(rating=Avg("ratings__stars"), rating_count=Count("ratings", distinct=True))
                .filter(pk=pk).first())
    if material is None:
        raise Http404
    return material


def material_search(user, *, query="", competency="", study_year=None, team_id=None,
                    mine=False) -> QuerySet[Material]:
    qs = material_scope(user)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if competency:
        field = {c.value: name for c, name in COMPETENCY_FIELDS}.get(competency)
        if field:
            qs = qs.filter(**{field: True})
    if study_year:
        qs = qs.filter(study_year_from__lte=study_year, study_year_to__gte=study_year)
    if team_id:
        qs = qs.filter(team_id=team_id)
    if mine:
        qs = qs.filter(author=user)
    return (qs.select_related("author", "team")
            .annotate(rating=Avg("ratings__stars"),
                      use_count=Count("uses", distinct=True))
            .order_by("-created_at", "-pk"))


def linkable_group_sessions(user, limit: int = 30) -> QuerySet[GuidanceSession]:
    """The user's own recent group sessions: where a material can be marked as used."""
    return (GuidanceSession.objects.filter(counsellor=user, format=SessionFormat.GROUP)
            .select_related("group").order_by("-held_at")[:limit])


def meeting_scope(user) -> QuerySet[Meeting]:
    """Meetings of the user's teams, cross-team meetings of the college, and those the user is
    invited to or organises."""
    if not user.is_authenticated or user.college_id is None:
        return Meeting.objects.none()
    invited = Exists(MeetingAttendance.objects.filter(meeting=OuterRef("pk"), user=user))
    return Meeting.objects.filter(college_id=user.college_id).filter(
        Q(team_id__in=user.team_ids()) | Q(team__isnull=True) | Q(organiser=user) | invited)


def meeting_for_user(user, pk: int) -> Meeting:
    meeting = meeting_scope(user).select_related("team", "organiser", "plan_action").filter(
        pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def case_students(meeting: Meeting, user) -> QuerySet[Student]:
    """Students who may be named in a case of `meeting`: only when the meeting is within one
    team, the active students of that team whose records the user reads; otherwise none."""
    if meeting.team_id is None:
        return Student.objects.none()
    return first_line_students(user).filter(programme__team_id=meeting.team_id,
                                            status=StudentStatus.ACTIVE)


def team_material_uses(team, since, until) -> QuerySet[MaterialUse]:
    return MaterialUse.objects.filter(team=team, used_at__gte=since, used_at__lt=until)
