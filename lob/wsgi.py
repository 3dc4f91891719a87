import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lob.settings")
application = get_wsgi_application()

# What the worker would otherwise load on its first requests (the URLconf and the view modules,
# every template, the translations) lives as long as the process: loaded now and frozen, it is
# left out of the garbage collector's full collections (lob/warmup.py).
from lob.warmup import load_and_freeze  # noqa: E402 - needs the apps loaded above

load_and_freeze()
