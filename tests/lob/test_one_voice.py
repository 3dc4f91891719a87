"""One voice: the Dutch text addresses the reader with "je", in every catalogue of the
project and in the messages of Django's own that the users read."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")
    if not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
)
FORMAL = re.compile(r"(?<![\w'’-])(u|uw|uwe|uzelf)(?![\w'’-])", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _translations(path: Path):
    """(msgid, msgstr) of every entry, continuation lines joined."""
    entry, key = {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            entry[key] = match.group(2)
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
        elif not line.strip():
            for name, text in entry.items():
                if name.startswith("msgstr") and entry.get("msgid"):
                    yield entry["msgid"], text
            entry, key = {}, None


def test_every_app_has_a_dutch_catalogue():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {"locale", "common", "staff", "students", "lec", "lob"} <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_catalogue_addresses_the_reader_with_u(path):
    formal = [(msgid, msgstr) for msgid, msgstr in _translations(path)
              if FORMAL.search(PLACEHOLDER.sub("", msgstr))]
    assert formal == []


def test_djangos_password_messages_say_je_in_dutch():
    with translation.override("nl"):
        help_texts = password_validators_help_texts()
        with pytest.raises(ValidationError) as error:
            validate_password("12345")
    assert "Je wachtwoord moet minstens 10 tekens lang zijn." in help_texts
    assert not any("Uw" in text for text in help_texts)
    assert "Dit wachtwoord is te kort: het moet minstens 10 tekens lang zijn." in error.value.messages


def test_the_home_page_greets_with_je(client, world):
    from tests.privacy.twofactor import log_in

    log_in(client, world.counsellor)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Goed je te zien" in response.content.decode()
