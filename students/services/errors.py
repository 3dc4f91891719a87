"""Rule violations collected per form field, raised together as one ValidationError."""

from django.core.exceptions import ValidationError


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))
