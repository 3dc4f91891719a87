from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Learning from each other: shared LOB materials, intervisie and work meetings."""

    name = "lob.community"
    label = "community"
    verbose_name = _("Learning community")

    def ready(self):
        from common import registry

        from . import demo, home

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.student_actions, home.student_actions)
        registry.contribute(registry.demo_steps, demo.steps)
