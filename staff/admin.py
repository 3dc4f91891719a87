"""Admin pages of the organisation, and the college scoping every app's admin pages use.

The admin pages are for the `admin` role (functioneel beheerder) of one college."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    College,
    CompetencyCategory,
    CompetencyFramework,
    Criterion,
    Standard,
    Team,
    TeamMembership,
    TeamPlan,
    User,
)
from .roles import Role


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


@admin.register(College)
class CollegeAdmin(CollegeScopedAdmin):
    college_field = "id"
    list_display = ["name", "short_name"]
    search_fields = ["name"]


class MembershipInline(CollegeScopedInline, admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["name", "code", "college"]
    list_filter = ["college"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(CollegeScopedAdmin, BaseUserAdmin):
    college_field = "college_id"
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "college", "is_active"]
    list_filter = ["college", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "college", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "college", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    inlines = [MembershipInline]


# --- LOB standards: the admin role edits the criteria of their college's standards -------------


class CriterionInline(CollegeScopedInline, admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["order", "text", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Criteria with assessments are kept (PROTECT); switch them off with "active" instead.
        return request.user.is_superuser


@admin.register(Standard)
class StandardAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["name", "code", "order", "college"]
    list_filter = ["college"]
    ordering = ["college", "order"]
    search_fields = ["name"]
    inlines = [CriterionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "college" and not request.user.is_superuser:
            kwargs["queryset"] = College.objects.filter(pk=request.user.college_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyCollegeAdmin(CollegeScopedAdmin):
    """Shown for reference; changes go through the app so that their rules apply."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CategoryInline(CollegeScopedInline, admin.TabularInline):
    model = CompetencyCategory
    fields = ["order", "name", "role_profile"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CompetencyFramework)
class CompetencyFrameworkAdmin(ReadOnlyCollegeAdmin):
    """Frameworks are edited by HR in the app (copy-on-write versions), not here."""

    college_field = "college_id"
    list_display = ["name", "version", "is_current", "college"]
    list_filter = ["college", "is_current"]
    inlines = [CategoryInline]


@admin.register(TeamPlan)
class TeamPlanAdmin(ReadOnlyCollegeAdmin):
    college_field = "team__college_id"
    list_display = ["team", "school_year", "updated_at"]
    list_filter = ["school_year"]


# Review cycles, assessments and 360 feedback are deliberately not in the admin: their content is
# between employee and manager, and 360 answers must never be viewable per rater.
