from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Students' feedback on their conversations: "Had je iets aan dit gesprek?" (1–5)."""

    name = "lob.feedback"
    label = "feedback"
    verbose_name = _("Student feedback")

    def ready(self):
        from common import registry

        from . import demo, home

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.demo_steps, demo.steps)
