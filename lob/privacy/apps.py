from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lob.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from common import registry
        from staff.signals import role_grant_changed

        from . import grants, home

        role_grant_changed.connect(grants.record_role_change,
                                   dispatch_uid="privacy.record_role_change")
        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.home_panels, home.panels)
        registry.contribute(registry.student_actions, home.student_actions)
