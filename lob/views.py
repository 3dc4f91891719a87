from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static

from common.home import home_panels


@login_required
def home(request):
    """What needs my attention: the panels every app offers for the user's roles. A student
    or guardian has the portal's start page instead."""
    if request.user.is_portal_user:
        return redirect("portal:home")
    return render(request, "lob/home.html", {"panels": home_panels(request)})


def favicon(request):
    """Browsers ask /favicon.ico on pages that name no icon (the admin, a JSON answer)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
