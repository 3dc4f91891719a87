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


def portal_page(view):
    """Marks a view that a portal account (student, guardian) may open. Every other view
    answers 403 to such an account (lob.middleware.PortalBoundaryMiddleware), whatever its own
    decorator lets through: a staff page never opens to a portal account by an oversight."""
    view.portal_page = True
    return view


def portal_role_required(*roles):
    """A portal page for the holders of `roles` (login first, then 403 for everyone else)."""

    def decorator(view):
        return portal_page(role_required(*roles)(view))

    return decorator
