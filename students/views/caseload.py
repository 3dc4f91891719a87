"""Mijn studenten: the counsellor's caseload with what needs attention."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from common.access import role_required
from staff.roles import Role

from .. import selectors
from ..forms import CaseloadFilterForm

PAGE_SIZE = 50


@role_required(Role.COUNSELLOR)
def caseload(request):
    user = request.user
    form = CaseloadFilterForm(request.GET or None)
    query, flag, sort = "", "", "name"
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        flag = form.cleaned_data["flag"]
        sort = form.cleaned_data["sort"] or "name"
    mine = selectors.caseload_students(user, query=query)
    counts = selectors.caseload_counts(mine)
    students = selectors.caseload_view(mine, flag=flag, sort=sort)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "students/caseload.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "flag": flag,
            "query_string": query_string.urlencode(),
            "not_seen_weeks": settings.LOB_NOT_SEEN_WEEKS,
        },
    )
