from django.urls import path

from . import import_views, views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("<int:pk>/", views.student_detail, name="detail"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<int:pk>/", import_views.import_status, name="import_status"),
]
