from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lob.notifications"
    label = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from common import registry

        from . import home

        registry.contribute(registry.home_panels, home.panels)
