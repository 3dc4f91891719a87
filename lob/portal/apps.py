from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal: students and their parents or guardians see their own part of LOB."""

    name = "lob.portal"
    label = "portal"
    verbose_name = _("Student portal")

    def ready(self):
        from common import registry

        from . import demo, home

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.demo_steps, demo.steps)
