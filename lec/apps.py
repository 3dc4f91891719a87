from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecConfig(AppConfig):
    name = "lec"
    verbose_name = _("LEC (second line)")

    def ready(self):
        from common import registry

        from . import demo, home, timeline

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.home_panels, home.panels)
        registry.contribute(registry.timeline_entries, timeline.entries_for)
        registry.contribute(registry.student_actions, timeline.student_actions)
        registry.contribute(registry.student_panels, timeline.student_panels)
        registry.contribute(registry.follow_up_panels, home.follow_up_panels)
        registry.contribute(registry.demo_steps, demo.steps)
