"""Small helpers the staff services share."""

import uuid
from collections.abc import Callable

from django.db import models


def clean_text(value: str) -> str:
    return (value or "").strip()


def made_with(model: type[models.Model], token: uuid.UUID | None,
              **by) -> Callable[[], models.Model | None]:
    """The lookup of the row `by` made with a create form's one-time token, for
    `common.idempotency.create_once`: a double submit gets that row instead of a second one.
    A token is unique per user, so one sent again to another cycle or plan adds nothing."""

    def earlier():
        if token is None:
            return None
        return model.objects.filter(submission_token=token, **by).first()

    return earlier
