"""Shared terminology. Several apps use the same English words; Dutch needs one word for each
across the whole product. The project catalogue (locale/, LOCALE_PATHS) takes precedence over
the apps' catalogues, so the translations of these terms there are the ones users see.
Nothing imports this module: it only keeps the terms in the project catalogue."""

from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("In progress"),
    gettext_noop("Done"),
    gettext_noop("Cancelled"),
    gettext_noop("Counsellor"),
    gettext_noop("Follow-up"),
    gettext_noop("Open follow-ups"),
    gettext_noop("Not seen"),
    gettext_noop("Due date"),
    gettext_noop("due date"),
    gettext_noop("Referral"),
    # The number of a referral: one name on every page (the LEC calls the case "Casus 12").
    gettext_noop("Referral number"),
    gettext_noop("Case number"),
    gettext_noop("Action"),
    gettext_noop("action"),
    gettext_noop("Refused"),
    gettext_noop("Progress"),
    gettext_noop("History"),
    gettext_noop("From"),
    gettext_noop("Some filters were not valid and are ignored."),
]
