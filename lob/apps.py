from django.apps import AppConfig


class LobConfig(AppConfig):
    name = "lob"
    verbose_name = "LOB"

    def ready(self):
        from common import registry

        from . import panels

        registry.contribute(registry.home_panels, panels.panels)
