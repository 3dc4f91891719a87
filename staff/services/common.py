"""Small helpers the staff services share."""


def clean_text(value: str) -> str:
    return (value or "").strip()
