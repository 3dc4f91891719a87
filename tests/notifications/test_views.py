"""The notification list, mark read (one or all) and the unread badge on every page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lob.notifications.models import Kind, Notification
from tests.factories.notifications import NotificationFactory

LIST = reverse("notifications:list")


def _read(n):
    n.refresh_from_db()
    return n.read_at is not None


def test_list_shows_my_notifications_and_not_others(login, world):
    response = login(world.counsellor).get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sanne de Vries" in content
    assert f"/students/{world.student.pk}/" in content
    assert list(response.context["page"]) == [world.notification]


# Session and user, the page count, the user's roles (navigation), the unread badge, the page
# rows, and the session's save (savepoint, update, release). The same for 1 and 50 rows.
LIST_QUERIES = 8


@pytest.mark.parametrize("n", [1, 50])
def test_list_query_count_does_not_grow_with_rows(login, world, n, django_assert_num_queries):
    NotificationFactory.create_batch(n, recipient=world.counsellor)
    client = login(world.counsellor)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == min(n + 1, 25)


def test_list_is_paginated_unread_first(login, world):
    old_unread = NotificationFactory(recipient=world.counsellor,
                                     created_at=timezone.now() - timezone.timedelta(days=30))
    NotificationFactory.create_batch(30, recipient=world.counsellor, read_at=timezone.now())
    page = login(world.counsellor).get(LIST).context["page"]
    assert page.paginator.count == 32
    assert len(page.object_list) == 25
    assert set(list(page.object_list)[:2]) == {world.notification, old_unread}


def test_mark_read_marks_only_that_notification(login, world):
    other = NotificationFactory(recipient=world.counsellor)
    response = login(world.counsellor).post(reverse("notifications:mark_read", args=[world.notification.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert _read(world.notification)
    assert not _read(other)


def test_mark_read_with_htmx_returns_the_item_and_the_new_badge(login, world):
    NotificationFactory(recipient=world.counsellor)
    response = login(world.counsellor).post(
        reverse("notifications:mark_read", args=[world.notification.pk]), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{world.notification.pk}"' in content
    assert 'hx-swap-oob="true"' in content
    assert 'data-testid="unread-count">1<' in content


def test_mark_read_of_someone_elses_notification_is_404_and_changes_nothing(login, world):
    response = login(world.colleague).post(reverse("notifications:mark_read", args=[world.notification.pk]))
    assert response.status_code == 404
    assert not _read(world.notification)


def test_mark_read_of_unknown_notification_is_404(login, world):
    response = login(world.counsellor).post(reverse("notifications:mark_read", args=[999999]))
    assert response.status_code == 404


def test_mark_read_needs_post(login, world):
    response = login(world.counsellor).get(reverse("notifications:mark_read", args=[world.notification.pk]))
    assert response.status_code == 405
    assert not _read(world.notification)


def test_mark_read_twice_keeps_the_first_read_time(login, world):
    client = login(world.counsellor)
    url = reverse("notifications:mark_read", args=[world.notification.pk])
    client.post(url)
    first = Notification.objects.get(pk=world.notification.pk).read_at
    client.post(url)
    assert Notification.objects.get(pk=world.notification.pk).read_at == first


def test_mark_all_read_marks_only_my_notifications(login, world):
    NotificationFactory.create_batch(3, recipient=world.counsellor)
    response = login(world.counsellor).post(reverse("notifications:mark_all_read"), follow=True)
    assert not Notification.objects.filter(recipient=world.counsellor, read_at__isnull=True).exists()
    assert not _read(world.colleague_notification)
    assert "gelezen" in response.content.decode()


def test_badge_shows_my_unread_count_on_every_page(login, world):
    NotificationFactory(recipient=world.counsellor, kind=Kind.STUDENT_NOT_SEEN)
    content = login(world.counsellor).get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in content


def test_badge_is_absent_without_unread_notifications(login, world):
    content = login(world.hr).get(reverse("home")).content.decode()
    assert 'data-testid="notifications-link"' in content
    assert 'data-testid="unread-count"' not in content


def test_badge_costs_one_query_and_only_when_rendered(rf, world, django_assert_num_queries):
    from lob.context_processors import navigation

    request = rf.get("/")
    request.user = world.counsellor
    world.counsellor.roles  # noqa: B018 - warm the per-request role cache
    world.counsellor.team_roles  # noqa: B018
    context = navigation(request)
    with django_assert_num_queries(0):
        navigation(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 1
        assert context["unread_notifications"]() == 1


def test_home_panel_lists_my_unread_notifications(login, world):
    content = login(world.counsellor).get(reverse("home")).content.decode()
    assert "Mijn meldingen" in content
    assert "Sanne de Vries" in content


def test_admin_sees_failed_digests_of_their_own_college_only(login, world):
    from lob.notifications.models import Digest

    now = timezone.now()
    Digest.objects.create(recipient=world.counsellor, day=now.date(), created_at=now,
                          last_error="SMTPServerDisconnected('gone')")
    Digest.objects.create(recipient=world.foreign, day=now.date(), created_at=now,
                          last_error="foreign-error")
    content = login(world.admin).get("/admin/notifications/digest/").content.decode()
    assert "SMTPServerDisconnected" in content
    assert "foreign-error" not in content
