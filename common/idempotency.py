"""One-time tokens on the forms that create something.

A create form carries a fresh token (`SubmissionTokenField`, filled by the view when it shows
the form). The model keeps the token of the row it made, under a unique constraint scoped to
the user (or the parent row); the service calls `create_once`: a token already used returns
the row made with it, so a double click, a resend or a second tab creates nothing new. Two
submits at the same moment meet at the unique constraint: the loser gets the winner's row.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, models, transaction

T = TypeVar("T", bound=models.Model)


class SubmissionTokenField(forms.UUIDField):
    """The hidden one-time token of a create form; without one (an old page) the form still
    works, only without the double-submit guard."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def made_with(model: type[T], token: uuid.UUID | None, **by) -> Callable[[], T | None]:
    """The lookup, for `create_once`, of the row `by` (the creating user's column) made with
    a form's one-time token. A token is unique per user, so one sent again with another
    parent's address finds the row it made and adds nothing."""

    def earlier():
        if token is None:
            return None
        return model.objects.filter(submission_token=token, **by).first()

    return earlier


def create_once(earlier: Callable[[], T | None], create: Callable[[], T]) -> tuple[T, bool]:
    """(row, True) from `create()`, or (the row `earlier()` finds, False) when the token was
    used before — also when another request with it committed while this one was creating.
    Call it inside the service's transaction; `create` runs in a savepoint."""
    found = earlier()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = earlier()
        if found is None:
            raise
        return found, False


def submission_token_field() -> models.UUIDField:
    """The column keeping the token of the form that created a row (NULL: no form)."""
    return models.UUIDField(null=True, blank=True, editable=False)


def submission_token_once(by: str, *, name: str) -> models.UniqueConstraint:
    """Each of `by`'s tokens makes one row (`by` is the creating user's column)."""
    return models.UniqueConstraint(fields=[by, "submission_token"],
                                   condition=models.Q(submission_token__isnull=False), name=name)
