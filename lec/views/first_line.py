"""The first line's LEC pages: all their referrals, and marking done the actions the LEC's
plan gave them. Only status, dates, feedback and (for those actions) description and due date
reach these pages; never anything else of the case file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.params import redirect_to_next
from staff.roles import FIRST_LINE_ROLES

from .. import forms, selectors, services

PAGE_SIZE = 50


@role_required(*FIRST_LINE_ROLES)
def first_line_referrals(request):
    """Every referral of the counsellor (or their teams), open or closed, with status and
    dates; the home panel shows the ten most recent changes and links here."""
    form = forms.FirstLineListForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    scope = data.get("scope") or "mine"
    state = data.get("state") or "open"
    status = data.get("status") or ""
    qs = selectors.first_line_referral_list(request.user, scope=scope, state=state,
                                            status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lec/first_line_list.html", {
        "form": form, "page": page, "scope": scope, "state": state,
        "query_string": query.urlencode(),
    })


@require_POST
@role_required(*FIRST_LINE_ROLES)
def first_line_action_done(request, pk: int):
    """Mark an action the LEC gave the first line done; back to where the button was."""
    action = selectors.first_line_action_for(request.user, pk)
    form = forms.FirstLineDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Nothing was saved."))
    else:
        try:
            services.plan_action_first_line_done(
                action_id=action.pk, user=request.user, note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The action is marked done. The LEC sees it on the "
                                        "case."))
    return redirect_to_next(request, reverse("students:detail",
                                             args=[action.referral.student_id]))
