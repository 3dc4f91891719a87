from django.contrib import admin

from staff.admin import CollegeScopedAdmin, CollegeScopedInline

from .models import CounsellorAssignment, Group, ImportJob, Programme, Student
from .selectors import can_read_first_line


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


@admin.register(Student)
class StudentAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["student_number", "last_name", "first_name", "programme", "study_year", "status"]
    list_filter = ["status", "programme__pathway", "study_year",
                   ("programme__team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["student_number", "last_name", "first_name"]
    raw_id_fields = ["programme"]
    filter_horizontal = ["groups"]
    inlines = [AssignmentInline]
    list_select_related = ["programme"]


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
