from django.urls import path

from . import import_views, views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("<int:pk>/", views.student_detail, name="detail"),
    path("<int:pk>/counsellor/", views.counsellor_change, name="counsellor_change"),
    path("caseload/", views.caseload, name="caseload"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/amend/", views.session_amend, name="session_amend"),
    path("sessions/<int:pk>/follow-ups/", views.session_follow_up_add, name="session_follow_up_add"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/close/", views.follow_up_close, name="follow_up_close"),
    path("follow-ups/<int:pk>/handover/", views.follow_up_handover, name="follow_up_handover"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/sessions/new/", views.group_session_new, name="group_session_new"),
    path("groups/<int:pk>/counsellor/", views.group_counsellor_change, name="group_counsellor_change"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/", import_views.import_status, name="import_status"),
    path("import/template/<str:kind>/", import_views.import_template, name="import_template"),
    path("import/missing/", import_views.import_missing, name="import_missing"),
]
