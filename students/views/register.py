from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from common.access import role_required
from common.timeline import external_actions, external_panels
from staff.roles import FIRST_LINE_RECORD_ROLES, STUDENT_REGISTER_ROLES, Role

from .. import selectors
from ..forms import StudentFilterForm
from ..selectors.attendance import absence_summary

PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 20


@role_required(*STUDENT_REGISTER_ROLES)
def student_list(request):
    user = request.user
    programmes = list(selectors.programmes_visible_to(user))
    teams = sorted({p.team for p in programmes}, key=lambda t: (t.name, t.pk))
    form = StudentFilterForm(
        request.GET or None,
        teams=[(t.pk, t.name) for t in teams],
        programmes=[(p.pk, str(p)) for p in programmes],
        counsellors=selectors.counsellors_to_filter_on(user),
    )
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"].strip(),
            "team_id": data["team"],
            "programme_id": data["programme"],
            "pathway": data["pathway"],
            "study_year": data["study_year"],
            "counsellor_id": data["counsellor"],
            "status": data["status"],
        }
    students = selectors.student_list(user=user, **filters)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "students/student_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
        },
    )


@role_required(*STUDENT_REGISTER_ROLES)
def student_detail(request, pk: int):
    """The student's record: register data, counsellor history and (for those who may read
    first-line records) the intake and the timeline."""
    user = request.user
    student, first_line = selectors.student_page_for_user(user, pk)
    assignments = list(selectors.counsellor_history(student, first_line=first_line))
    today = timezone.localdate()
    # The timeline's size, the intake and the absence: one query, for a first-line reader.
    figures = selectors.student_page_figures(student, today=today) if first_line else None
    timeline = Paginator(
        selectors.student_timeline(
            student, user, first_line=first_line, assignments=assignments,
            counted=figures["attended"] + figures["done"] if figures else None,
        ),
        TIMELINE_PAGE_SIZE,
    )
    page = timeline.get_page(request.GET.get("page"))
    if request.htmx and request.GET.get("page"):
        return render(request, "students/partials/timeline.html", {"timeline": page})
    groups = list(selectors.groups_of(student))
    my_team_ids = user.team_ids() if user.has_role(*FIRST_LINE_RECORD_ROLES) else set()
    context = {
        "student": student,
        "assignments": assignments,
        "groups": groups,
        # Group names link to the group page where the user may open it (students.group).
        "linked_group_ids": {g.pk for g in groups
                             if g.team_id in my_team_ids or g.counsellor_id == user.pk},
        "external_actions": external_actions(student, user, first_line=first_line),
        "external_panels": external_panels(student, user, first_line=first_line),
        "first_line": first_line,
        "can_log": first_line and user.has_role(Role.COUNSELLOR),
        "can_assign": user.manages_team(student.programme.team_id),
        "intake": selectors.intake_status(student, figures, today=today) if figures else None,
        "absence": absence_summary(figures) if figures else None,
        "timeline": page,
    }
    return render(request, "students/student_record.html", context)
