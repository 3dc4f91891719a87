from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students")

    def ready(self):
        from common import registry

        from . import demo, home

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.home_panels, home.panels)
        registry.contribute(registry.demo_steps, demo.steps)
