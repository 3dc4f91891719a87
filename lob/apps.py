from django.apps import AppConfig


class LobConfig(AppConfig):
    name = "lob"
    verbose_name = "LOB"
