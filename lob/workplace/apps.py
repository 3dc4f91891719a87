from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplaceConfig(AppConfig):
    """The workplace (BPV): companies, placements, praktijkopleiders and their reports."""

    name = "lob.workplace"
    label = "workplace"
    verbose_name = _("Workplace learning")

    def ready(self):
        from common import registry

        from . import demo, home, timeline

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.timeline_entries, timeline.entries_for)
        registry.contribute(registry.student_actions, timeline.student_actions)
        registry.contribute(registry.demo_steps, demo.steps)
