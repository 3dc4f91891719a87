from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.cache import never_cache

from . import password_reset, sso, views
from .auth import LoginForm
from .community import views as community_views
from .notifications import views as notification_views
from .workplace import views as workplace_views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/password-reset/", password_reset.ThrottledPasswordResetView.as_view(),
         name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", password_reset.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("accounts/sso/", sso.SignInView.as_view(), name="sso_login"),
    path("accounts/sso/callback/", sso.CallbackView.as_view(), name="sso_callback"),
    path("accounts/logout/", views.logout, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", notification_views.health, name="health"),
    # Pages name the icon in <link rel="icon">; pages that do not (the admin, a JSON answer)
    # make browsers ask for /favicon.ico.
    path("favicon.ico", views.favicon, name="favicon"),
    path("students/", include("students.urls")),
    path("lec/", include("lec.urls")),
    path("staff/", include("staff.urls")),
    path("notifications/", include("lob.notifications.urls")),
    path("dashboards/", include("lob.dashboards.urls")),
    path("privacy/", include("lob.privacy.urls")),
    path("portal/", include("lob.portal.urls")),
    path("workplace/", include("lob.workplace.urls")),
    path("community/", include("lob.community.urls")),
    # The praktijkopleider's one-time link: no account, one form (lob.workplace.views).
    path("praktijk/<str:token>/", never_cache(workplace_views.trainer_form), name="trainer_form"),
    # A former student's one-time links: join the alumni pool, or leave it (lob.community).
    path("alumni/join/<str:token>/", never_cache(community_views.alumni_join), name="alumni_join"),
    path("alumni/withdraw/<str:token>/", never_cache(community_views.alumni_withdraw),
         name="alumni_withdraw"),
    path("dossier/", include("lob.dossier.urls")),
    path("appointments/", include("lob.appointments.urls")),
    path("feedback/", include("lob.feedback.urls")),
    path("api/v1/", include("lob.api.urls")),
    path("admin/", admin.site.urls),
]
