from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("teams/", views.teams, name="teams"),
    path("colleges/", views.colleges, name="colleges"),
]
