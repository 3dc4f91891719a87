"""The app's date formats, one per purpose (FORMAT_MODULE_PATH).

Templates name the purpose, never a pattern: `|date` (a day), `|date:"DATETIME_FORMAT"` (a
moment), `|date:"MONTH_DAY_FORMAT"` (a day this year, in a tight list), `|date:"YEAR_MONTH_FORMAT"`
(a month). The SHORT_ variants are the same, so no page falls back to "1-12-2026".
tests/lob/test_date_formats.py keeps templates from spelling out their own pattern.
"""
