import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors
from staff.roles import FIRST_LINE_RECORD_ROLES, STUDENT_REGISTER_ROLES, Role
from students.selectors import can_read_first_line

from . import selectors, services
from .forms import PlacementFilterForm, PlacementImportForm, TrainerReportForm, VisitForm
from .importer import PLACEMENT_COLUMNS, import_placements
from .models import TrainerLinkEvent, TrainerRequest

PAGE_SIZE = 50


@role_required(*FIRST_LINE_RECORD_ROLES)
def placement_list(request):
    """The placements of my students (or my teams'), with the last visit and those that had no
    visit this period."""
    form = PlacementFilterForm(request.GET or None)
    query, mine, due = "", request.user.has_role(Role.COUNSELLOR) and not request.GET, False
    if form.is_bound and form.is_valid():
        query, mine, due = (form.cleaned_data["q"].strip(), form.cleaned_data["mine"],
                            form.cleaned_data["due"])
    elif not form.is_bound:
        form = PlacementFilterForm(initial={"mine": mine})
    placements = selectors.placement_overview(request.user, mine=mine, due_only=due, query=query)
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "workplace/placement_list.html", {
        "form": form, "page": page, "query_string": query_string.urlencode(),
    })


@role_required(*STUDENT_REGISTER_ROLES)
def placement_detail(request, pk):
    placement = selectors.placement_for_user(request.user, pk)
    first_line = can_read_first_line(request.user, placement.student)
    return render(request, "workplace/placement_detail.html", {
        "placement": placement,
        "first_line": first_line,
        "history": selectors.student_placements(placement.student) if first_line else
        placement.student.placements.select_related("company"),
        "visits": placement.visits.select_related("session__counsellor") if first_line else [],
        "requests": selectors.requests_for(placement) if first_line else [],
        "reports": placement.reports.all() if first_line else [],
        "now": timezone.now(),
    })


@role_required(*FIRST_LINE_RECORD_ROLES)
def visit_new(request, pk):
    placement = selectors.first_line_placement(request.user, pk)
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.visit_log(
                    placement=placement, counsellor=request.user, held_at=data["held_at"],
                    duration_minutes=data["duration_minutes"], summary=data["summary"],
                    agreements=data["agreements"], competencies=data["competencies"],
                    submission_token=data["submission_token"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The visit has been logged."))
                return redirect("students:session", session.pk)
    else:
        form = VisitForm(initial={"held_at": timezone.localtime().replace(second=0, microsecond=0),
                                  "submission_token": uuid.uuid4()})
    return render(request, "workplace/visit_form.html", {"placement": placement, "form": form})


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def request_new(request, pk):
    placement = selectors.first_line_placement(request.user, pk)
    try:
        services.trainer_request_send(placement=placement, by=request.user,
                                      base_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except OSError:
        # The mail server refused or could not be reached: the request was not kept.
        messages.error(request, _("The e-mail could not be sent, so no request was made. "
                                  "Try again later."))
    else:
        messages.success(request, _("The praktijkopleider has been sent a link to the "
                                    "questions."))
    return redirect("workplace:placement", placement.pk)


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def request_revoke(request, pk):
    trainer_request = get_object_or_404(
        TrainerRequest.objects.filter(
            placement__in=selectors.first_line_placements(request.user).values("pk")
        ).select_related("placement__student"),
        pk=pk,
    )
    try:
        services.trainer_request_revoke(request=trainer_request, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The link has been revoked: it no longer works."))
    return redirect("workplace:placement", trainer_request.placement_id)


# --- the praktijkopleider's link: no account, one form, once ---------------------------------

REFUSALS = {
    "answered": (TrainerLinkEvent.Outcome.USED,
                 _("This form has already been filled in. Thank you!")),
    "expired": (TrainerLinkEvent.Outcome.EXPIRED,
                _("This link has expired. Ask the student's career counsellor for a new one.")),
    "revoked": (TrainerLinkEvent.Outcome.REVOKED,
                _("This link has been withdrawn by the school.")),
}


def trainer_form(request, token):
    """The one form a praktijkopleider's link opens: the student's first name and the company,
    nothing else. Unknown links answer 404; used, expired or revoked ones 410."""
    trainer_request = services.trainer_request_for_token(token)
    if trainer_request is None:
        return render(request, "workplace/trainer_link_gone.html",
                      {"message": _("This link is not valid.")}, status=404)
    state = trainer_request.state()
    if state != "open":
        outcome, message = REFUSALS[state]
        services.log_use(trainer_request, outcome)
        return render(request, "workplace/trainer_link_gone.html", {"message": message},
                      status=410)
    if request.method == "POST":
        form = TrainerReportForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                report = services.trainer_report_submit(request=trainer_request,
                                                        **form.cleaned_data)
            if report is None:  # answered a moment ago through a second tab
                services.log_use(trainer_request, TrainerLinkEvent.Outcome.USED)
                return render(request, "workplace/trainer_link_gone.html",
                              {"message": REFUSALS["answered"][1]}, status=410)
            return render(request, "workplace/trainer_thanks.html")
        services.log_use(trainer_request, TrainerLinkEvent.Outcome.INVALID)
    else:
        form = TrainerReportForm()
        services.log_use(trainer_request, TrainerLinkEvent.Outcome.SHOWN)
    return render(request, "workplace/trainer_form.html", {
        "form": form,
        "first_name": trainer_request.placement.student.first_name,
        "company": trainer_request.placement.company.name,
    })


# --- the placement import (functional administrators) ---------------------------------------


@role_required(Role.ADMIN)
def placement_import(request):
    """Upload the SIS export of placements: checked row by row, written all or nothing, the
    outcome shown on the page."""
    outcome = None
    form = PlacementImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = import_placements(form.cleaned_data["file"].read(), request.user.college)
        if not outcome.errors:
            messages.success(request, _("The placements have been imported."))
    return render(request, "workplace/import.html", {
        "form": form, "outcome": outcome, "columns": PLACEMENT_COLUMNS})


@role_required(Role.ADMIN)
def placement_import_template(request):
    return PLACEMENT_COLUMNS.template_response("stages-sjabloon.csv")
