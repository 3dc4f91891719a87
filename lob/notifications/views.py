from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.access import portal_page

from . import selectors, services
from .health import health_report

PAGE_SIZE = 25


@portal_page
@login_required
@require_GET
def notification_list(request):
    """My notifications, unread first; 25 a page."""
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@portal_page
@login_required
@require_POST
def mark_read(request, pk: int):
    notification = selectors.notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    if request.htmx:
        notification.refresh_from_db()
        return render(request, "notifications/_item_read.html", {
            "n": notification, "unread": selectors.unread_count(request.user),
        })
    return redirect("notifications:list")


@portal_page
@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@require_GET
def health(request):
    """No login, no personal data: 200 when healthy, 503 when a service is down or the daily
    sweep is older than LOB_SWEEP_MAX_AGE_HOURS."""
    healthy, report = health_report()
    response = JsonResponse(report, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
