"""Page-level access: a page answers 403 to roles it is not for (objects answer 404 elsewhere)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def user_has_any_role(user, roles) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_role(*roles))


def role_required(*roles):
    """Login first (redirect), then 403 unless the user holds one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not user_has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = tuple(roles)
        return wrapped

    return decorator
