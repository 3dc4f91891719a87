"""Django's own messages and month abbreviations that users of LOB read, listed so that `makemessages` keeps them in
the project catalogue (locale/nl), where they are translated with "je" like the rest of the
app: Django's Dutch catalogue addresses the reader with "u", and the project catalogue takes
precedence over it (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

DJANGO_MESSAGES = [
    # Django 5.2's Dutch catalogue has this one under an older msgid, so it showed in English.
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", 1),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.", "min_length"),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("ManagementForm data is missing or has been tampered with. Missing fields: "
                 "%(field_names)s. You may need to file a bug report if the issue persists."),
]

# The month in "1 dec. 2026" (the `N` of lob/formats): Django's Dutch catalogue leaves out the
# full stop of the abbreviation.
MONTH_ABBREVIATIONS = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
