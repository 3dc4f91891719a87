import factory
from django.utils import timezone

from lob.notifications.models import Kind, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = None
    kind = Kind.FOLLOW_UP_OVERDUE
    object_id = factory.Sequence(lambda n: 900000 + n)
    period = "2026-01-01"
    subject = "Sanne de Vries"
    target_id = factory.Sequence(lambda n: 900000 + n)
    created_at = factory.LazyFunction(timezone.now)
