from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("actiepunten/<int:pk>/done/", views.actiepunt_done, name="actiepunt_done"),
    path("lec/", views.lec_contact, name="lec_contact"),
    path("parents/", views.guardians, name="guardians"),
    path("parents/<int:pk>/access/", views.guardian_access, name="guardian_access"),
    path("my-data/", views.my_data, name="my_data"),
    path("password/", views.password, name="password"),
    path("child/<int:pk>/", views.child, name="child"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
]
