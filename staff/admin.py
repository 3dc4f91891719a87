from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lob.admin import CollegeScopedAdmin

from .models import College, Team, TeamMembership, User


@admin.register(College)
class CollegeAdmin(CollegeScopedAdmin):
    college_field = "id"
    list_display = ["name", "short_name"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
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
