"""The admin pages are for the `admin` role (functioneel beheerder) of one college."""

from django.contrib import admin

from staff.roles import Role


def _is_lob_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.ADMIN))


class CollegeScopedAdmin(admin.ModelAdmin):
    """Admin rights for the admin role, limited to the admin's own college.

    `college_field` names the lookup that holds the row's college id.
    """

    college_field = "college_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.college_field: request.user.college_id})

    def has_module_permission(self, request):
        return _is_lob_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_lob_admin(request.user)

    def has_add_permission(self, request):
        return _is_lob_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return _is_lob_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class CollegeScopedInline:
    """Inline rows editable by the admin role (Django's model permissions are not used)."""

    def has_view_permission(self, request, obj=None):
        return _is_lob_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return _is_lob_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return _is_lob_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return _is_lob_admin(request.user)


def admin_site_has_permission(request) -> bool:
    return _is_lob_admin(request.user)


admin.site.has_permission = admin_site_has_permission
admin.site.site_header = "LOB – beheer"
admin.site.site_title = "LOB"
