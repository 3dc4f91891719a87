"""Dutch dates as Dutch texts write them: "1 dec. 2026", "1 dec. 2026 15:29", lower case.

`N` is the abbreviated month; its Dutch spelling with the full stop ("dec.", "mei") comes from
the project catalogue (locale/nl, msgctxt "abbrev. month"), see lob/django_voice.py.
"""

# What is not set here (input formats, separators) comes from Django's own locale.
DATE_FORMAT = "j N Y"  # 1 dec. 2026
TIME_FORMAT = "H:i"  # 15:29
DATETIME_FORMAT = "j N Y H:i"  # 1 dec. 2026 15:29
YEAR_MONTH_FORMAT = "N Y"  # dec. 2026
MONTH_DAY_FORMAT = "j N"  # 1 dec.
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
