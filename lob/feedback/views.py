"""Feedback: the student answers about a conversation (portal pages); a counsellor sees the
aggregate of their own conversations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.access import portal_role_required, role_required
from common.forms import apply_service_errors
from common.schoolyear import school_year_label, school_year_of
from staff.roles import FIRST_LINE_ROLES, Role
from students.selectors.portal import portal_student

from . import selectors, services
from .forms import AnswerForm

KINDS = ("session", "appointment")


def _own_student(request):
    student = portal_student(request.user)
    if student is None:
        raise Http404
    return student


@portal_role_required(Role.STUDENT)
@require_GET
def open_list(request):
    """The student's recent conversations they have not said anything about yet."""
    student = _own_student(request)
    return render(request, "feedback/list.html", {
        "conversations": selectors.open_conversations(student),
    })


@portal_role_required(Role.STUDENT)
def answer(request, kind: str, pk: int):
    student = _own_student(request)
    if kind not in KINDS:
        raise Http404
    conversation = selectors.conversation_for_student(student, kind, pk)
    if conversation is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_give(student=student, kind=kind, pk=pk,
                                 score=form.cleaned_data["score"],
                                 comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you! Your answer helps us improve."))
            return redirect("feedback:list")
    return render(request, "feedback/answer.html", {"form": form, "conversation": conversation})


@role_required(*FIRST_LINE_ROLES)
@require_GET
def mine(request):
    """The counsellor's own conversations this school year, as an aggregate only."""
    year = school_year_of(timezone.localdate())
    return render(request, "feedback/mine.html", {
        "aggregate": selectors.counsellor_aggregate(request.user, school_year=year),
        "year_label": school_year_label(year),
    })
