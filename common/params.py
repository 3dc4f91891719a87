"""Reading what a request carries that a user can type by hand: `next` and integer parameters.

Both come straight from a URL or a form field, so any text may arrive (`next=abc`,
`?worker=²`, a NUL byte). These helpers never raise: a bad value is treated as absent.
"""

import re

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

# ASCII digits only: "²".isdigit() is true but int("²") fails, and "٣" would pass int().
_INTEGER = re.compile(r"-?[0-9]{1,18}")
# The range of the database's integer ids; larger numbers are nobody's id.
MAX_ID = 2**31 - 1


def safe_next_url(request, fallback: str, *, field: str = "next") -> str:
    """The `next` the request carries (POST first, then GET) when it is a path on this site,
    else `fallback`. A relative name such as "abc" is refused too: it is nobody's page."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if (
        candidate.startswith("/")
        and "\x00" not in candidate
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback


def redirect_to_next(request, fallback: str, *, field: str = "next") -> HttpResponseRedirect:
    """Redirect to the request's safe `next` (see `safe_next_url`) or to `fallback`, a URL
    (never a view name: `redirect("abc")` would try to reverse it and fail)."""
    return HttpResponseRedirect(safe_next_url(request, fallback, field=field))


def int_param(params, name: str, default: int | None = None, *, min_value: int | None = None,
              max_value: int | None = None) -> int | None:
    """`params[name]` as an int, or `default` when it is missing, not plain ASCII digits
    (Unicode digits, NUL bytes, blanks) or outside [min_value, max_value]."""
    raw = params.get(name)
    if not isinstance(raw, str) or not _INTEGER.fullmatch(raw.strip()):
        return default
    value = int(raw.strip())
    if (min_value is not None and value < min_value) or (
        max_value is not None and value > max_value
    ):
        return default
    return value


def id_param(params, name: str) -> int | None:
    """A primary key from the query string: a positive int in the id range, else None."""
    return int_param(params, name, min_value=1, max_value=MAX_ID)
