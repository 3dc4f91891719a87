import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors
from staff.models import Team, TeamMembership, TeamPlanAction
from staff.roles import FIRST_LINE_RECORD_ROLES, MEMBERSHIP_ROLES
from students.models import GuidanceSession, Programme, SessionFormat
from students.selectors import first_line_student

from . import alumni, selectors, services
from .forms import (
    AlumniFilterForm,
    AlumnusInviteForm,
    AlumnusJoinForm,
    CaseFormSet,
    MaterialFilterForm,
    MaterialForm,
    MeetingForm,
    MeetingRecordForm,
    RatingForm,
    UseForm,
)
from .models import Material

PAGE_SIZE = 25


def _own_teams(user):
    return Team.objects.filter(pk__in=user.team_ids()).order_by("name")


def _college_teams(user):
    return Team.objects.filter(college_id=user.college_id).order_by("name")


@role_required(*FIRST_LINE_RECORD_ROLES)
def material_list(request):
    form = MaterialFilterForm(request.GET or None, teams=_college_teams(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"query": data["q"].strip(), "competency": data["competency"],
                   "study_year": data["study_year"], "team_id": data["team"],
                   "mine": data["mine"]}
    materials = selectors.material_search(request.user, **filters)
    page = Paginator(materials, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "community/material_list.html", {
        "form": form, "page": page, "query_string": query_string.urlencode()})


@role_required(*FIRST_LINE_RECORD_ROLES)
def material_new(request):
    teams = _own_teams(request.user)
    if request.method == "POST":
        form = MaterialForm(request.POST, request.FILES, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            try:
                material = services.material_create(
                    author=request.user, title=data["title"], description=data["description"],
                    team=teams.filter(pk=data["team"]).first() if data["team"] else None,
                    competencies=data["competencies"], study_year_from=data["study_year_from"],
                    study_year_to=data["study_year_to"], upload=data["file"],
                    link=data["link"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The material has been shared."))
                return redirect("community:material", material.pk)
    else:
        form = MaterialForm(teams=teams)
    return render(request, "community/material_form.html", {"form": form})


@role_required(*FIRST_LINE_RECORD_ROLES)
def material_detail(request, pk):
    material = selectors.material_for_user(request.user, pk)
    sessions = selectors.linkable_group_sessions(request.user)
    own = material.ratings.filter(user=request.user).first()
    return render(request, "community/material_detail.html", {
        "material": material,
        "rating_form": RatingForm(initial={"stars": own.stars if own else 5}),
        "use_form": UseForm(sessions=sessions),
        "uses": material.uses.select_related("user", "session__group")[:20],
        "use_count": material.uses.count(),
    })


@role_required(*FIRST_LINE_RECORD_ROLES)
def material_file(request, pk):
    """The file, only for those who see the material (never a public media URL)."""
    material = selectors.material_for_user(request.user, pk)
    if not material.file:
        raise Http404
    response = FileResponse(material.file.open("rb"), as_attachment=True,
                            filename=material.file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def material_rate(request, pk):
    material = selectors.material_for_user(request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.material_rate(material=material, user=request.user,
                               stars=form.cleaned_data["stars"])
        messages.success(request, _("Thank you for your rating."))
    else:
        messages.error(request, _("Give one to five stars."))
    return redirect("community:material", material.pk)


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def material_use(request, pk):
    material = selectors.material_for_user(request.user, pk)
    sessions = list(selectors.linkable_group_sessions(request.user))
    form = UseForm(request.POST, sessions=sessions)
    if form.is_valid():
        session = next((s for s in sessions if s.pk == form.cleaned_data["session"]), None)
        try:
            services.material_use(material=material, user=request.user, session=session)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Marked as used in your group."))
    else:
        messages.error(request, _("Choose one of your own group sessions."))
    return redirect("community:material", material.pk)


# --- meetings -------------------------------------------------------------------------------


@role_required(*FIRST_LINE_RECORD_ROLES)
def meeting_list(request):
    now = timezone.now()
    meetings = selectors.meeting_scope(request.user).select_related("team", "organiser")
    return render(request, "community/meeting_list.html", {
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:50],
        "past": Paginator(meetings.filter(starts_at__lt=now), PAGE_SIZE).get_page(
            request.GET.get("page")),
    })


def _meeting_form(request, data=None):
    user = request.user
    colleagues = (TeamMembership.objects.in_own_college()
                  .filter(team__college_id=user.college_id, role__in=MEMBERSHIP_ROLES,
                          user__is_active=True)
                  .exclude(user=user).select_related("team", "user")
                  .order_by("team__name", "user__last_name", "user__first_name"))
    seen, pairs = set(), []
    for membership in colleagues:
        if (membership.team_id, membership.user_id) not in seen:
            seen.add((membership.team_id, membership.user_id))
            pairs.append((membership.team.name, membership.user))
    actions = (TeamPlanAction.objects.filter(plan__team_id__in=user.team_ids())
               .select_related("plan__team").order_by("plan__team__name", "pk"))
    return MeetingForm(data, teams=_own_teams(user), colleagues=pairs, actions=actions), pairs, actions


@role_required(*FIRST_LINE_RECORD_ROLES)
def meeting_new(request):
    form, pairs, actions = _meeting_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = {u.pk: u for _team, u in pairs}
        try:
            meeting = services.meeting_plan(
                organiser=request.user, kind=data["kind"], title=data["title"],
                starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                location=data["location"],
                team=_own_teams(request.user).filter(pk=data["team"]).first()
                if data["team"] else None,
                invitees=[people[pk] for pk in data["invitees"] if pk in people],
                plan_action=next((a for a in actions if a.pk == data["plan_action"]), None))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect("community:meeting", meeting.pk)
    return render(request, "community/meeting_form.html", {"form": form})


@role_required(*FIRST_LINE_RECORD_ROLES)
def meeting_detail(request, pk):
    meeting = selectors.meeting_for_user(request.user, pk)
    return render(request, "community/meeting_detail.html", {
        "meeting": meeting,
        "attendances": meeting.attendances.select_related("user").order_by("user__last_name"),
        "cases": meeting.cases.select_related("student"),
        "materials": meeting.materials.all(),
        "may_record": meeting.organiser_id == request.user.pk
        and meeting.starts_at <= timezone.now(),
    })


@role_required(*FIRST_LINE_RECORD_ROLES)
def meeting_record(request, pk):
    meeting = selectors.meeting_for_user(request.user, pk)
    if meeting.organiser_id != request.user.pk:
        raise Http404
    attendees = list(meeting.attendances.select_related("user").order_by("user__last_name"))
    materials = Material.objects.filter(college_id=meeting.college_id).order_by("title")
    students = list(selectors.case_students(meeting, request.user).order_by("last_name")[:500])
    by_pk = {s.pk: s for s in students}
    if request.method == "POST":
        form = MeetingRecordForm(request.POST, attendees=attendees, materials=materials)
        cases = CaseFormSet(request.POST, prefix="case", form_kwargs={"students": students})
        if form.is_valid() and cases.is_valid():
            data = form.cleaned_data
            rows = [(c.cleaned_data["description"], by_pk.get(c.cleaned_data.get("student")))
                    for c in cases if c.cleaned_data.get("description")]
            try:
                services.meeting_record(
                    meeting=meeting, by=request.user, version=data["version"],
                    present_ids=set(data["present"]), agreements=data["agreements"],
                    materials=list(materials.filter(pk__in=data["materials"])), cases=rows)
            except ValidationError as exc:
                apply_service_errors(form, exc, rows=[c for c in cases if
                                                      c.cleaned_data.get("description")])
            else:
                messages.success(request, _("The meeting has been recorded."))
                return redirect("community:meeting", meeting.pk)
    else:
        form = MeetingRecordForm(initial={
            "present": [a.user_id for a in attendees if a.present],
            "agreements": meeting.agreements,
            "materials": list(meeting.materials.values_list("pk", flat=True)),
            "version": meeting.version,
        }, attendees=attendees, materials=materials)
        cases = CaseFormSet(prefix="case", form_kwargs={"students": students}, initial=[
            {"description": c.description, "student": c.student_id}
            for c in meeting.cases.all()])
    return render(request, "community/meeting_record.html", {
        "meeting": meeting, "form": form, "cases": cases, "may_name": bool(students)})


# --- the alumni pool ------------------------------------------------------------------------


def _group_sessions_for_invites(user):
    """The user's own group sessions from a week ago on (planned or just held)."""
    since = timezone.now() - datetime.timedelta(days=7)
    return (GuidanceSession.objects.filter(counsellor=user, format=SessionFormat.GROUP,
                                           held_at__gte=since)
            .select_related("group").order_by("held_at")[:50])


@role_required(*FIRST_LINE_RECORD_ROLES)
def alumni_pool(request):
    programmes = Programme.objects.filter(team__college_id=request.user.college_id).order_by(
        "name")
    form = AlumniFilterForm(request.GET or None, programmes=programmes)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {"programme_id": form.cleaned_data["programme"],
                   "sector": form.cleaned_data["sector"].strip(),
                   "offer": form.cleaned_data["offer"]}
    page = Paginator(alumni.pool(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "community/alumni_pool.html", {
        "form": form, "page": page, "query_string": query_string.urlencode()})


@role_required(*FIRST_LINE_RECORD_ROLES)
def alumnus_detail(request, pk):
    alumnus = alumni.alumnus_for_user(request.user, pk)
    sessions = list(_group_sessions_for_invites(request.user))
    form = AlumnusInviteForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        session = next(s for s in sessions if s.pk == form.cleaned_data["session"])
        try:
            alumni.invite(alumnus=alumnus, session=session, by=request.user,
                          message=form.cleaned_data["message"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except OSError:
            form.add_error(None, _("The e-mail could not be sent, so nobody was invited. "
                                   "Try again later."))
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("community:alumnus", alumnus.pk)
    return render(request, "community/alumnus_detail.html", {
        "alumnus": alumnus, "form": form, "sessions": sessions,
        "invitations": alumnus.invitations.select_related("session__group", "invited_by"),
    })


@role_required(*FIRST_LINE_RECORD_ROLES)
def alumni_ask(request, student_pk):
    """Ask a former student to join the alumni pool: confirm, then a link by e-mail."""
    student = first_line_student(request.user, student_pk)
    if student is None:
        raise Http404
    if request.method != "POST":
        return render(request, "community/alumni_ask.html", {"student": student})
    try:
        with transaction.atomic():
            alumni.invite_link_send(student=student, by=request.user,
                                    base_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except OSError:
        messages.error(request, _("The e-mail could not be sent. Try again later."))
    else:
        messages.success(request, _("The former student has been sent a link to join the "
                                    "alumni pool."))
    return redirect("students:detail", student.pk)


def alumni_join(request, token):
    """The former student's one-time link to join the pool (no account)."""
    link = alumni.invite_link_for(token)
    if link is None:
        return render(request, "workplace/trainer_link_gone.html", {
            "message": _("This link has been used, has expired or does not exist.")},
            status=410)
    form = AlumnusJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        alumnus = alumni.join(link=link, current_work=data["current_work"],
                              sector=data["sector"], offers=data["offers"],
                              frequency=data["frequency"],
                              base_url=request.build_absolute_uri("/"))
        if alumnus is None:
            return render(request, "workplace/trainer_link_gone.html", {
                "message": _("This link has been used, has expired or does not exist.")},
                status=410)
        return render(request, "community/alumni_joined.html", {"alumnus": alumnus})
    return render(request, "community/alumni_join.html", {
        "form": form, "first_name": link.student.first_name, "college": link.student.college})


def alumni_withdraw(request, token):
    """The alumnus's own link: withdraw consent, and the data is deleted at once."""
    alumnus = alumni.alumnus_for_withdraw_token(token)
    if alumnus is None:
        return render(request, "workplace/trainer_link_gone.html", {
            "message": _("You are not in the alumni pool (any more).")}, status=410)
    if request.method == "POST":
        alumni.withdraw(alumnus=alumnus)
        return render(request, "community/alumni_withdrawn.html")
    return render(request, "community/alumni_withdraw.html", {"alumnus": alumnus})
