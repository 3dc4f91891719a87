from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecConfig(AppConfig):
    name = "lec"
    verbose_name = _("LEC (second line)")
