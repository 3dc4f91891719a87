from django.urls import path

from . import views

app_name = "workplace"

urlpatterns = [
    path("", views.placement_list, name="placements"),
    path("<int:pk>/", views.placement_detail, name="placement"),
    path("<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("<int:pk>/ask-trainer/", views.request_new, name="request_new"),
    path("requests/<int:pk>/revoke/", views.request_revoke, name="request_revoke"),
    path("import/", views.placement_import, name="import"),
    path("import/template/", views.placement_import_template, name="import_template"),
]
