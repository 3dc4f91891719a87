import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lob.settings")
application = get_wsgi_application()

# What the worker has loaded by now (Django, the apps, the URLconf and every view module it
# imports) lives as long as the process. Frozen, it is left out of the garbage collector's
# full collections, which would otherwise walk all of it again every few hundred requests
# (tens of milliseconds each time, on the request that happens to trigger one).
get_resolver().url_patterns  # noqa: B018 - the URLconf is imported now, not on the first request
gc.freeze()
