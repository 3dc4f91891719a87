"""360 feedback pages: the rater's inbox and answer form; the aggregated results."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.csv_export import csv_response
from common.forms import apply_service_errors

from .. import selectors, services
from ..forms import ScoresForm
from .cycles import PAGE_SIZE, _cycle


@login_required
def feedback_inbox(request):
    requests = selectors.feedback_requests_for_rater(request.user)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/feedback_inbox.html", {
        "page": page, "today": timezone.localdate(),
    })


@login_required
def feedback_answer(request, pk: int):
    invitation = selectors.feedback_request_for_rater(request.user, pk)
    cycle = invitation.cycle
    today = timezone.localdate()
    closed_reason = None
    if invitation.answered_at:
        closed_reason = _("You have already answered this request. Thank you!")
    elif invitation.deadline < today:
        closed_reason = _("The deadline for this request has passed.")
    elif cycle.is_closed:
        closed_reason = _("This review cycle is closed; feedback is no longer possible.")
    competencies = selectors.cycle_competencies(cycle)
    form = ScoresForm(
        request.POST or None, competencies=competencies, text_label=_("Comment"),
        allow_blank=True,
    )
    if request.method == "POST":
        if closed_reason:
            messages.error(request, closed_reason)
            return redirect("staff:feedback_inbox")
        if form.is_valid():
            try:
                services.feedback_answer(
                    request=invitation, rater=request.user, answers=form.scores()
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you, your feedback has been saved anonymously."))
                return redirect("staff:feedback_inbox")
    return render(request, "staff/feedback_answer.html", {
        "invitation": invitation, "cycle": cycle, "form": form, "closed_reason": closed_reason,
    })


@login_required
def feedback_results(request, pk: int):
    cycle, roles = _cycle(request, pk)
    summary = selectors.feedback_summary(cycle)
    return render(request, "staff/feedback_results.html", {"cycle": cycle, "summary": summary})


@login_required
def feedback_results_csv(request, pk: int):
    """The aggregated results as CSV: exactly what the results page shows, nothing more."""
    cycle, roles = _cycle(request, pk)
    summary = selectors.feedback_summary(cycle)
    filename = f"360-feedback-{cycle.employee.last_name}-{cycle.school_year_label}.csv".replace(" ", "_")
    header = [_("Category"), _("Competency"), _("Rater group"), _("Responses"), _("Scores"),
              _("Average")]
    return csv_response(filename, [header, *_result_rows(summary)])


def _result_rows(summary):
    """The CSV rows of a released summary (none while results are withheld)."""
    if not summary.released:
        return
    for row in summary.rows:
        for group, label, responses in summary.groups:
            cell = row.cells.get(group)
            if cell:
                yield [row.competency.category.name, row.competency.name, label,
                       responses, cell.count, str(cell.average).replace(".", ",")]
        if row.total:
            yield [row.competency.category.name, row.competency.name,
                   _("All shown groups"), "", row.total.count,
                   str(row.total.average).replace(".", ",")]
