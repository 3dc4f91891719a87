from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lob.notifications"
    label = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from common import registry
        from lec.signals import first_line_told

        from . import home, services

        registry.contribute(registry.home_panels, home.panels)
        first_line_told.connect(services.record_told, weak=False,
                                dispatch_uid="lob.notifications.record_told")
