"""My follow-ups: open ones (overdue first), closing and handing over, inline with htmx."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.home import follow_up_panels
from common.params import redirect_to_next
from staff.roles import FIRST_LINE_RECORD_ROLES

from .. import selectors, services
from ..forms import FollowUpCloseForm, FollowUpHandoverForm
from ..models import FollowUp, FollowUpStatus

PAGE_SIZE = 50


@role_required(*FIRST_LINE_RECORD_ROLES)
def follow_up_list(request):
    user = request.user
    show = request.GET.get("show", "open")
    if show == "closed":
        qs = selectors.follow_up_scope(
            FollowUp.objects.filter(owner=user).exclude(status=FollowUpStatus.OPEN), user
        ).select_related("student", "owner", "session").order_by("-done_at", "-pk")
    else:
        show = "open"
        qs = selectors.open_follow_ups(user, owner=user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "students/follow_up_list.html",
        {
            "page": page,
            "show": show,
            "query_string": f"show={show}",
            "handover_options": handover_options(
                page.object_list, owners_by_team({f.session.team_id for f in page.object_list})
            ),
            "external_panels": follow_up_panels(request) if show == "open" else [],
        },
    )


def owners_by_team(team_ids) -> dict[int, list]:
    """Possible owners per team, for the hand-over menus: one query for the whole page."""
    result: dict[int, list] = {team_id: [] for team_id in team_ids}
    if not team_ids:
        return result
    rows = selectors.follow_up_owners(*team_ids).values_list(
        "memberships__team_id", "pk", "first_name", "last_name"
    )
    seen = set()
    for team_id, pk, first, last in rows:
        if team_id in result and (team_id, pk) not in seen:
            seen.add((team_id, pk))
            result[team_id].append(_Owner(pk, f"{first} {last}"))
    return result


def handover_options(follow_ups, owners_of_team: dict[int, list]) -> dict[int, str]:
    """The options of each open follow-up's hand-over menu (its team's possible owners but its
    owner), by follow-up id. Rendered once per team and owner: on "my follow-ups" every row of
    a team has the same menu (about 40 names, for up to 50 rows a page)."""
    rendered: dict[tuple[int, int], str] = {}
    options = {}
    for follow_up in follow_ups:
        if not follow_up.is_open:
            continue
        key = (follow_up.session.team_id, follow_up.owner_id)
        if key not in rendered:
            owners = [u for u in owners_of_team.get(key[0], []) if u.pk != follow_up.owner_id]
            rendered[key] = render_to_string("students/partials/handover_options.html",
                                             {"owners": owners})
        options[follow_up.pk] = rendered[key]
    return options


class _Owner:
    __slots__ = ("pk", "name")

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def get_full_name(self):
        return self.name


def _back(request, follow_up):
    return redirect_to_next(request, reverse("students:follow_ups"))


def _row(request, follow_up, *, error: str = "", status: int = 200):
    team_id = follow_up.session.team_id
    options = handover_options([follow_up], {team_id: selectors.follow_up_owners(team_id)})
    return render(
        request,
        "students/partials/follow_up_row.html",
        {"f": follow_up, "handover_options": options.get(follow_up.pk, ""), "error": error,
         "next": request.POST.get("next", "")},
        status=status,
    )


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def follow_up_close(request, pk: int):
    follow_up = selectors.follow_up_for_user(request.user, pk, write=True)
    form = FollowUpCloseForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose done or cancelled.")
    else:
        try:
            services.follow_up_close(follow_up=follow_up, by=request.user,
                                     status=form.cleaned_data["status"],
                                     note=form.cleaned_data["note"],
                                     expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                follow_up.refresh_from_db()  # show the row as it stands now
            error = " ".join(exc.messages)
    if request.htmx:
        return _row(request, follow_up, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Follow-up closed."))
    return _back(request, follow_up)


@require_POST
@role_required(*FIRST_LINE_RECORD_ROLES)
def follow_up_handover(request, pk: int):
    follow_up = selectors.follow_up_for_user(request.user, pk, write=True)
    owners = list(selectors.follow_up_owners(follow_up.session.team_id))
    form = FollowUpHandoverForm(request.POST, owners=owners)
    error = ""
    if not form.is_valid():
        error = " ".join(m for msgs in form.errors.values() for m in msgs)
    else:
        try:
            services.follow_up_handover(follow_up=follow_up, by=request.user,
                                        owner=form.cleaned_data["owner"],
                                        note=form.cleaned_data["note"],
                                        expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                follow_up.refresh_from_db()  # show the row as it stands now
            error = " ".join(exc.messages)
    if request.htmx:
        return _row(request, follow_up, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Handed over to %(name)s.") % {"name": follow_up.owner.get_full_name()},
        )
    return _back(request, follow_up)
