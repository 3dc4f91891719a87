"""Notification pages: everyone sees their own list (students and parents too: they are portal
pages); a notification is only its recipient's."""

from django.urls import reverse

from tests.matrix import Case, expect

CASES = [
    Case("notifications:list", lambda w: reverse("notifications:list"),
         expect(200, student=200, guardian=200)),
    Case(
        "notifications:mark_read",
        lambda w: reverse("notifications:mark_read", args=[w.notification.pk]),
        expect(404, counsellor=302, student=404, guardian=404),
        method="post",
    ),
    Case(
        "notifications:mark_read",
        lambda w: reverse("notifications:mark_read", args=[w.notification.pk]),
        expect(404, counsellor=200, student=404, guardian=404),
        method="post",
        htmx=True,
        label="post:notifications:mark_read:htmx",
    ),
    Case("notifications:mark_all_read", lambda w: reverse("notifications:mark_all_read"),
         expect(302, student=302, guardian=302), method="post"),
]
