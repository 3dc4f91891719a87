from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Appointments: counsellors publish slots, students book and cancel them."""

    name = "lob.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self):
        from common import registry

        from . import demo, home, portal

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.portal_panels, portal.portal_panels)
        registry.contribute(registry.demo_steps, demo.steps)
