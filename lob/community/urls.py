from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_new, name="material_new"),
    path("materials/<int:pk>/", views.material_detail, name="material"),
    path("materials/<int:pk>/file/", views.material_file, name="material_file"),
    path("materials/<int:pk>/rate/", views.material_rate, name="material_rate"),
    path("materials/<int:pk>/used/", views.material_use, name="material_use"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/record/", views.meeting_record, name="meeting_record"),
    path("alumni/", views.alumni_pool, name="alumni"),
    path("alumni/<int:pk>/", views.alumnus_detail, name="alumnus"),
    path("alumni/ask/<int:student_pk>/", views.alumni_ask, name="alumni_ask"),
]
