from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lob.access import role_required
from lob.jinja2 import render_rows
from lob.timeline import external_actions
from staff.roles import STUDENT_RECORD_ROLES, Role

from .. import selectors
from ..forms import StudentFilterForm

PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 20


@role_required(*STUDENT_RECORD_ROLES)
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
            "rows_html": render_rows(request, "students/list_rows.html",
                                     {"students": page.object_list}),
            "query_string": query_string.urlencode(),
        },
    )


@role_required(*STUDENT_RECORD_ROLES)
def student_detail(request, pk: int):
    """The student's record: register data, counsellor history and (for those who may read
    first-line records) the intake and the timeline."""
    user = request.user
    student = selectors.student_for_user(user, pk)
    assignments = list(student.counsellor_assignments.select_related("counsellor", "created_by"))
    first_line = selectors.can_read_first_line(user, student)
    timeline = Paginator(
        selectors.student_timeline(
            student, user, first_line=first_line, assignments=assignments
        ),
        TIMELINE_PAGE_SIZE,
    )
    page = timeline.get_page(request.GET.get("page"))
    timeline_html = render_rows(request, "students/partials/timeline.html", {
        "timeline": page,
        "page_of": _("Page %(n)s of %(total)s") % {"n": page.number,
                                                   "total": page.paginator.num_pages},
    })
    if request.htmx and request.GET.get("page"):
        return HttpResponse(timeline_html)
    return render(
        request,
        "students/student_record.html",
        {
            "student": student,
            "assignments": assignments,
            "groups": student.groups.all(),
            "external_actions": external_actions(student, user),
            "first_line": first_line,
            "can_log": first_line and user.has_role(Role.COUNSELLOR),
            "can_assign": user.manages_team(student.programme.team_id),
            "intake": selectors.intake_status(student) if first_line else None,
            "timeline": page,
            "timeline_html": timeline_html,
        },
    )
