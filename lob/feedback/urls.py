from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.open_list, name="list"),
    path("<slug:kind>/<int:pk>/", views.answer, name="answer"),
    path("mine/", views.mine, name="mine"),
]
