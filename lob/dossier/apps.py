from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    """The career dossier (loopbaandossier): a student's reflections and evidence per career
    competency, the counsellor's responses, and progress per competency."""

    name = "lob.dossier"
    label = "dossier"
    verbose_name = _("Career dossier")

    def ready(self):
        from django.db.models.signals import post_delete

        from common import registry

        from . import demo, home, models

        registry.contribute(registry.nav_items, home.nav_items)
        registry.contribute(registry.student_actions, home.student_actions)
        registry.contribute(registry.demo_steps, demo.steps)
        # Not business logic: an evidence row removed by any path (the student, an erasure or
        # retention, which delete generically over the model graph) takes its stored file along.
        post_delete.connect(models.evidence_file_removed, sender=models.Evidence,
                            dispatch_uid="dossier.evidence_file_removed")
