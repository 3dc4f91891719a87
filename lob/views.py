from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from common.home import home_panels


@login_required
def home(request):
    """What needs my attention: the panels every app offers for the user's roles."""
    return render(request, "lob/home.html", {"panels": home_panels(request)})
