from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("team/<int:pk>/", views.team, name="team"),
    path("team/<int:pk>/csv/<slug:table>/", views.team_csv, name="team_csv"),
    path("team/<int:pk>/list/<slug:kind>/", views.drill, name="drill"),
    path("college/<int:pk>/", views.college, name="college"),
    path("college/<int:pk>/csv/<slug:table>/", views.college_csv, name="college_csv"),
    path("roc/", views.roc, name="roc"),
    path("roc/csv/<slug:table>/", views.roc_csv, name="roc_csv"),
    path("refresh/", views.refresh, name="refresh"),
]
