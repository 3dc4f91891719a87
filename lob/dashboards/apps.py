from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "lob.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from common import registry

        from . import demo, home

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.home_panels, home.panels)
        registry.contribute(registry.demo_steps, demo.steps)
