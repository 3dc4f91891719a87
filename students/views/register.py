from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.access import role_required
from common.timeline import external_actions
from lob.jinja2 import date, render_rows
from staff.roles import STUDENT_REGISTER_ROLES, Role

from .. import selectors
from ..forms import StudentFilterForm

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
    page.object_list = selectors.list_rows(page.object_list)
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


@role_required(*STUDENT_REGISTER_ROLES)
def student_detail(request, pk: int):
    """The student's record: register data, counsellor history and (for those who may read
    first-line records) the intake and the timeline."""
    user = request.user
    student = selectors.student_for_user(user, pk)
    assignments = list(student.counsellor_assignments.select_related("counsellor"))
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
    intake = selectors.intake_status(student) if first_line else None
    context = {
        "student": student,
        "assignments": assignments,
        "groups": selectors.groups_of(student),
        "external_actions": external_actions(student, user),
        "first_line": first_line,
        "can_log": first_line and user.has_role(Role.COUNSELLOR),
        "can_assign": user.manages_team(student.programme.team_id),
        "intake": intake,
        "timeline": page,
        "timeline_html": timeline_html,
        "texts": _record_texts(student, intake),
    }
    context["record_html"] = render_rows(request, "students/record.html", context)
    return render(request, "students/student_record.html", context)


def _record_texts(student, intake: dict | None) -> dict:
    """The student page's sentences with numbers and dates in them."""
    yes, no = _("yes,no").split(",")
    texts = {
        "study_year": _("year %(y)s") % {"y": student.study_year},
        "age": _("%(age)s years") % {"age": student.age},
        "start_qualification": yes if student.has_start_qualification else no,
    }
    if intake is not None:
        deadline = date(intake["deadline"], "j F Y")
        if intake["held_on"]:
            texts["intake"] = _(
                "held on %(held)s (within %(weeks)s weeks of the start: by %(deadline)s)"
            ) % {"held": date(intake["held_on"], "j F Y"), "weeks": intake["weeks"],
                 "deadline": deadline}
        else:
            texts["intake"] = _("not held yet; due by %(deadline)s") % {"deadline": deadline}
    return texts
