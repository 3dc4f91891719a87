import os
from logging.config import dictConfig

from celery import Celery
from celery.signals import setup_logging
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lob.settings")

app = Celery("lob")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """The worker and beat log through Django's LOGGING (and so through its personal-data
    filter) instead of Celery's own handlers (issue 15, R6: a worker log held a student's name).
    Connecting this signal stops Celery from configuring logging itself."""
    dictConfig(settings.LOGGING)
