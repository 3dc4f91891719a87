from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_POST

from . import views
from .auth import LoginForm
from .notifications import views as notification_views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", notification_views.health, name="health"),
    path("students/", include("students.urls")),
    path("lec/", include("lec.urls")),
    path("staff/", include("staff.urls")),
    path("notifications/", include("lob.notifications.urls")),
    path("dashboards/", include("lob.dashboards.urls")),
    path("privacy/", include("lob.privacy.urls")),
    path("portal/", include("lob.portal.urls")),
    path("api/v1/", include("lob.api.urls")),
    path("admin/", admin.site.urls),
]
