from django.urls import path

from . import views

app_name = "lec"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/", views.cases, name="cases"),
    path("overview/", views.overview, name="overview"),
    path("access-log/", views.access_log, name="access_log"),
    path("refer/<int:student_pk>/", views.refer, name="refer"),
    path("consult/<int:student_pk>/", views.consult, name="consult"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("coordinator/", views.coordinator, name="coordinator"),
    path("coordinator/<int:pk>/", views.coordinator_referral, name="coordinator_referral"),
    path("referrals/", views.first_line_referrals, name="first_line_referrals"),
    path("first-line-actions/<int:pk>/done/", views.first_line_action_done,
         name="first_line_action_done"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/return/", views.return_to_first_line, name="return"),
    path("<int:pk>/advance/", views.advance, name="advance"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("<int:pk>/instruments/", views.instrument_add, name="instrument_add"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/", views.action_update, name="action_update"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/feedback/", views.feedback_add, name="feedback_add"),
]
