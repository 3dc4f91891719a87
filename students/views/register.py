from django.core.paginator import Paginator
from django.shortcuts import render

from lob.access import role_required
from lob.timeline import external_actions
from staff.models import Team
from staff.roles import STUDENT_RECORD_ROLES

from . import selectors
from .forms import StudentFilterForm, counsellors_of_college

PAGE_SIZE = 50


@role_required(*STUDENT_RECORD_ROLES)
def student_list(request):
    user = request.user
    programmes = selectors.programmes_visible_to(user)
    teams = Team.objects.filter(pk__in=programmes.values("team_id"))
    form = StudentFilterForm(
        request.GET or None,
        programmes=programmes,
        teams=teams,
        counsellors=counsellors_of_college(user.college_id),
    )
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"].strip(),
            "team_id": data["team"].pk if data["team"] else None,
            "programme_id": data["programme"].pk if data["programme"] else None,
            "pathway": data["pathway"],
            "study_year": data["study_year"],
            "counsellor_id": data["counsellor"].pk if data["counsellor"] else None,
            "status": data["status"],
        }
    students = selectors.student_list(user=user, **filters)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "students/student_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


@role_required(*STUDENT_RECORD_ROLES)
def student_detail(request, pk: int):
    student = selectors.student_for_user(request.user, pk)
    assignments = student.counsellor_assignments.select_related("counsellor", "created_by")
    return render(
        request,
        "students/student_detail.html",
        {
            "student": student,
            "assignments": assignments,
            "groups": student.groups.all(),
            "external_actions": external_actions(student, request.user),
        },
    )
