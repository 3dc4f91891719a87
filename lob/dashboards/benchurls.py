"""URLs of `manage.py bench`: the project's URLs plus the floor, a minimal authenticated view.
Only the bench command uses this module (override_settings(ROOT_URLCONF=...))."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/floor/", floor, name="bench_floor"),
    path("", include("lob.urls")),
]
