from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from staff.admin import CollegeScopedAdmin, CollegeScopedInline

from .models import CounsellorAssignment, Group, Guardian, ImportJob, Programme, Student
from .selectors import can_read_first_line
from .services.portal import portal_accounts_sync


@admin.register(Programme)
class ProgrammeAdmin(CollegeScopedAdmin):
    college_field = "team__college_id"
    list_display = ["name", "crebo", "level", "pathway", "team"]
    list_filter = ["pathway", "level", ("team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "crebo"]


@admin.register(Group)
class GroupAdmin(CollegeScopedAdmin):
    college_field = "team__college_id"
    list_display = ["name", "kind", "team", "counsellor"]
    list_filter = ["kind", ("team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    raw_id_fields = ["counsellor"]


class AssignmentInline(CollegeScopedInline, admin.TabularInline):
    model = CounsellorAssignment
    fk_name = "student"
    extra = 0
    raw_id_fields = ["counsellor", "created_by"]
    readonly_fields = ["created_at"]

    def get_exclude(self, request, obj=None):
        """A handover note is first-line content: the admin shows it only to someone who may
        read the student's first-line records (the field is left out of the form, so saving
        the student keeps the note as it is)."""
        exclude = list(super().get_exclude(request, obj) or [])
        if obj is None or not can_read_first_line(request.user, obj):
            exclude.append("handover_note")
        return exclude


class GuardianInline(CollegeScopedInline, admin.TabularInline):
    """Parents and guardians as contacts; their portal account is made by the account sync."""

    model = Guardian
    fk_name = "student"
    extra = 0
    fields = ["first_name", "last_name", "relation", "email", "phone", "account",
              "access_granted_at"]
    readonly_fields = ["account", "access_granted_at"]


@admin.register(Guardian)
class GuardianAdmin(CollegeScopedAdmin):
    college_field = "student__college_id"
    list_display = ["last_name", "first_name", "relation", "student", "email", "account",
                    "access_granted_at"]
    list_filter = ["relation"]
    search_fields = ["last_name", "first_name", "email", "student__student_number",
                     "student__last_name"]
    raw_id_fields = ["student"]
    readonly_fields = ["account", "access_granted_at"]
    list_select_related = ["student", "account"]


@admin.register(Student)
class StudentAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["student_number", "last_name", "first_name", "programme", "study_year", "status"]
    list_filter = ["status", "programme__pathway", "study_year",
                   ("programme__team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["student_number", "last_name", "first_name"]
    raw_id_fields = ["programme"]
    filter_horizontal = ["groups"]
    inlines = [AssignmentInline, GuardianInline]
    list_select_related = ["programme"]
    readonly_fields = ["account"]
    actions = ["sync_portal_accounts"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A student set to left (or back to active), or a guardian added with an address:
        # the portal accounts follow at once.
        portal_accounts_sync(students=[form.instance])

    @admin.action(description=_("Make or close portal accounts (students and parents)"))
    def sync_portal_accounts(self, request, queryset):
        counts = portal_accounts_sync(students=queryset)
        made = counts["student_created"] + counts["guardian_created"]
        closed = counts["student_closed"] + counts["guardian_closed"]
        self.message_user(request, ngettext(
            "%(made)d account made, %(closed)d closed.",
            "%(made)d accounts made, %(closed)d closed.", made) % {"made": made, "closed": closed})
        if counts["address_changed"]:
            self.message_user(request, ngettext(
                "%(n)d account now signs in with the new e-mail address from the register.",
                "%(n)d accounts now sign in with the new e-mail address from the register.",
                counts["address_changed"]) % {"n": counts["address_changed"]})
        if counts["conflict"]:
            self.message_user(request, ngettext(
                "%(n)d e-mail address is already in use by another account: not linked.",
                "%(n)d e-mail addresses are already in use by other accounts: not linked.",
                counts["conflict"]) % {"n": counts["conflict"]}, level=messages.WARNING)


@admin.register(ImportJob)
class ImportJobAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["file_name", "status", "total_rows", "created_count", "updated_count", "created_at"]
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "content"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
