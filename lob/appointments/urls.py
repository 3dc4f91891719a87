from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("times/", views.slots, name="slots"),
    path("times/<int:pk>/book/", views.book, name="book"),
    path("times/<int:pk>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
    path("calendar/reset/", views.feed_reset, name="feed_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
