"""English dates in the same shape as the Dutch ones: "1 Dec 2026", "1 Dec 2026 15:29"."""

# What is not set here (input formats, separators) comes from Django's own locale.
DATE_FORMAT = "j M Y"  # 1 Dec 2026
TIME_FORMAT = "H:i"  # 15:29
DATETIME_FORMAT = "j M Y H:i"  # 1 Dec 2026 15:29
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
MONTH_DAY_FORMAT = "j M"  # 1 Dec
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
