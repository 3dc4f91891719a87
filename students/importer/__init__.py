"""Import of the student information system's CSV export.

All or nothing: every row is checked first; a file with any bad row imports nothing and every
bad row is reported with its line number and reason. Re-importing updates students by student
number. Comma, semicolon and tab separated files in UTF-8 (with or without BOM), UTF-16,
Windows-1252 and Latin-1 are read; anything else is refused with a clear message.

The file is read twice as a stream (once to check, once to write) so that memory holds the raw
bytes and one batch of rows, never the whole decoded file or every parsed row.
"""

from .checks import RowError
from .jobs import fail_stuck_jobs, import_job_process, submit
from .pipeline import ImportResult, apply, import_file
from .reading import ImportRefused

__all__ = [
    "ImportRefused", "ImportResult", "RowError", "apply", "fail_stuck_jobs", "import_file",
    "import_job_process", "submit",
]
