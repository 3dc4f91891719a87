from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("competency/<slug:competency>/", views.competency, name="competency"),
    path("reflections/<int:pk>/share/", views.share, name="share"),
    path("reflections/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("reflections/<int:pk>/respond/", views.respond, name="respond"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("students/<int:pk>/", views.student_dossier, name="student"),
]
