"""Companies and placements are edited by the admin role of the college (functioneel beheer)."""

from django.contrib import admin

from staff.admin import CollegeScopedAdmin

from .models import Company, Placement


@admin.register(Company)
class CompanyAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ["name", "kvk_number", "city", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "kvk_number", "city"]


@admin.register(Placement)
class PlacementAdmin(CollegeScopedAdmin):
    college_field = "student__college_id"
    list_display = ["student", "company", "kind", "trainer_name", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["student__last_name", "student__student_number", "company__name",
                     "trainer_name"]
    raw_id_fields = ["student", "company"]
    list_select_related = ["student", "company"]
