from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.home import home_panels

from . import sso


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


@require_POST
@never_cache
def logout(request):
    """Sign out (a POST: a link or an image cannot sign anybody out). After a sign-in through the
    college's provider the browser goes on to the provider, which ends its session too and sends
    it back to the login page (lob.sso.end_session_url); otherwise straight to the login page."""
    id_token = request.session.get(sso.ID_TOKEN_SESSION_KEY)
    auth.logout(request)
    return redirect(sso.end_session_url(request, id_token) or settings.LOGOUT_REDIRECT_URL)
