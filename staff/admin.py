"""Admin pages of the organisation, and the college scoping every app's admin pages use.

The admin pages are for the `admin` role (functioneel beheerder) of one college."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as RoleGroup
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
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
from .roles import CARE_DATA_ROLES, Role
from .services import role_grant_request, role_revoke


def _is_lob_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.ADMIN))


# How a row of each kind reaches its college, tried in this order on the model's own fields.
COLLEGE_PATHS = (
    ("college", "college_id"),
    ("team", "team__college_id"),
    ("student", "student__college_id"),
    ("recipient", "recipient__college_id"),
)
# Offered in choices as they are: they belong to no college (the roles, Django's permissions).
COLLEGE_FREE_MODELS = (RoleGroup, Permission)


def college_lookup(model) -> str | None:
    if model is College:
        return "pk"
    names = {field.name for field in model._meta.fields}
    return next((lookup for name, lookup in COLLEGE_PATHS if name in names), None)


def limit_to_college(queryset, request):
    """The choices an admin form field offers: only rows of the admin's own college (a superuser:
    every row). A kind of row whose college cannot be told is not offered at all."""
    if request.user.is_superuser or queryset.model in COLLEGE_FREE_MODELS:
        return queryset
    lookup = college_lookup(queryset.model)
    if lookup is None or request.user.college_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: request.user.college_id})


class CollegeBoundChoices:
    """Every foreign-key and many-to-many field of an admin form or inline offers (and accepts,
    raw-id and autocomplete fields included) only rows of the admin's own college."""

    def _bounded_choices(self, db_field, request, kwargs):
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        return limit_to_college(queryset, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._bounded_choices(db_field, request, kwargs)
        if db_field.related_model is College and not request.user.is_superuser:
            kwargs["required"] = True  # an empty college (ROC-wide) is for superusers only
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._bounded_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# A list filter on a related row offers only the rows the (college-scoped) list holds.
COLLEGE_FILTER = ("college", admin.RelatedOnlyFieldListFilter)


class CollegeScopedAdmin(CollegeBoundChoices, admin.ModelAdmin):
    """Admin rights for the admin role, limited to the admin's own college: the rows listed and
    every choice offered in a form.

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


class CollegeScopedInline(CollegeBoundChoices):
    """Inline rows editable by the admin role (Django's model permissions are not used), whose
    choices are bounded by the admin's college."""

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
    list_filter = [COLLEGE_FILTER]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(CollegeScopedAdmin, BaseUserAdmin):
    college_field = "college_id"
    ordering = ["sort_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "college", "is_active"]
    list_filter = [COLLEGE_FILTER, "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "college", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "groups")}),
        # Set by the staff import (HR) and the first sign-in through the identity provider.
        (_("Employment and sign-in"), {"fields": ("employment_start", "employment_end",
                                                  "oidc_subject")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "college", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        """A care-data role ticked here is not granted: it becomes a request that the LEC lead
        or the privacy officer approves. One unticked is taken away, and recorded."""
        user = form.instance
        before = set(user.groups.filter(name__in=CARE_DATA_ROLES).values_list("name", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(user.groups.filter(name__in=CARE_DATA_ROLES).values_list("name", flat=True))
        user.groups.remove(*RoleGroup.objects.filter(name__in=after - before))
        user.forget_roles()
        for role in sorted(after - before):
            try:
                role_grant_request(user=user, role=role, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                self.message_user(request, gettext(
                    "The role “%(role)s” has been requested for %(user)s: the LEC lead or the "
                    "privacy officer approves it.") % {"role": Role(role).label, "user": user},
                    messages.INFO)
        for role in sorted(before - after):
            role_revoke(user=user, role=role, by=request.user)


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
    list_filter = [COLLEGE_FILTER]
    ordering = ["college", "order"]
    search_fields = ["name"]
    inlines = [CriterionInline]


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
    list_filter = [COLLEGE_FILTER, "is_current"]
    inlines = [CategoryInline]


@admin.register(TeamPlan)
class TeamPlanAdmin(ReadOnlyCollegeAdmin):
    college_field = "team__college_id"
    list_display = ["team", "school_year", "updated_at"]
    list_filter = ["school_year"]


# Review cycles, assessments and 360 feedback are deliberately not in the admin: their content is
# between employee and manager, and 360 answers must never be viewable per rater.
