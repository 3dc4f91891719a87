"""The read-only BI API: JSON figures for a token (Authorization: Bearer <token>), throttled
per token. A session (a signed-in user) does not open it: only a token does."""

import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.schoolyear import school_year_of

from . import figures
from .models import ApiToken
from .openapi import document


def _error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="lob"'
    return response


def _throttled(token: ApiToken) -> int:
    """Seconds to wait when the token has used its requests of this minute, else 0."""
    now = timezone.now()
    key = f"api-rate:{token.pk}:{now:%Y%m%d%H%M}"
    cache.add(key, 0, 70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 70)
        count = 1
    return 60 - now.second if count > settings.LOB_API_RATE_PER_MINUTE else 0


def token_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _sep, value = header.partition(" ")
        token = ApiToken.find(value.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            return _error(401, "A valid API token is required (Authorization: Bearer <token>).")
        wait = _throttled(token)
        if wait:
            return _error(429, f"Too many requests: at most {settings.LOB_API_RATE_PER_MINUTE} a minute. Try again in {wait} seconds.", Retry_After=str(wait))
        # At most one write a minute per token for "last used".
        ApiToken.objects.filter(pk=token.pk).exclude(
            last_used_at__gte=timezone.now() - datetime.timedelta(minutes=1)
        ).update(last_used_at=timezone.now())
        request.api_token = token
        return view(request, *args, **kwargs)

    return wrapper


def _year(request) -> int | None:
    raw = request.GET.get("school_year", "")
    if not raw:
        return school_year_of(timezone.localdate())
    if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return None


def _listing(request, key: str, compute):
    year = _year(request)
    if year is None:
        return _error(400, "school_year must be a year such as 2026 (the school year 2026/27).")
    token = request.api_token
    college_ids = None if token.college_id is None else [token.college_id]
    today = timezone.localdate()
    computed = figures.computed_at(year, college_ids)
    return JsonResponse({
        "school_year": year,
        "generated_at": timezone.now().isoformat(),
        "figures_computed_at": computed.isoformat() if computed else None,
        "min_group_size": settings.LOB_API_MIN_GROUP_SIZE,
        key: compute(year, college_ids, today),
    })


@never_cache
@require_GET
@token_required
def teams(request):
    """Figures per team of the token's college (or of every college)."""
    return _listing(request, "teams", figures.team_figures)


@never_cache
@require_GET
@token_required
def colleges(request):
    """Figures per college in the token's scope."""
    return _listing(request, "colleges", figures.college_figures)


@require_GET
def openapi(request):
    """The API's OpenAPI 3.1 description (no data in it: open without a token)."""
    return JsonResponse(document(), json_dumps_params={"indent": 2})
