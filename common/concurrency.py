"""Optimistic concurrency, one way for every app.

A model that people edit at the same time has a `version` integer. An edit form carries the
version it was built on in a hidden field (`common.forms.VersionField`); the service, inside its
transaction and before it writes, calls `check_and_bump_version`: one conditional UPDATE that
raises the version only while it still is the one the form saw. Of two edits from the same
version exactly one wins; the other gets `STALE_MESSAGE` and nothing of it is saved.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this in the meantime. Nothing was saved: look at how it stands now "
    "and try again."
)


def stale_error() -> ValidationError:
    return ValidationError(STALE_MESSAGE, code="stale")


def check_and_bump_version(obj: models.Model, expected: int | None, *, field: str = "version",
                           where: dict | None = None) -> None:
    """Raise `obj`'s version if it is still `expected`, else ValidationError(code="stale").

    Call it inside the service's transaction before anything is written, so that a refusal
    (or any later error) leaves the row as it was. `expected` None is a caller without a form
    (the demo, a command): no comparison, but the version still moves, so open forms go stale.
    `where` adds the state the change needs (an open follow-up, an open request); a row that
    left that state is stale too. `obj` gets the new version.
    """
    filters = {"pk": obj.pk, **(where or {})}
    if expected is not None:
        filters[field] = expected
    if type(obj)._base_manager.filter(**filters).update(**{field: F(field) + 1}) != 1:
        raise stale_error()
    if expected is None:
        obj.refresh_from_db(fields=[field])
    else:
        setattr(obj, field, expected + 1)
