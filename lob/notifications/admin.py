"""Read-only view of the reminder e-mails for the functional administrator: which digests
failed and why (SMTP errors are kept on the row, never dropped)."""

from django.contrib import admin

from staff.admin import CollegeScopedAdmin

from .models import Digest


@admin.register(Digest)
class DigestAdmin(CollegeScopedAdmin):
    college_field = "recipient__college_id"
    list_display = ("day", "recipient", "sent_at", "item_count", "attempts", "last_error")
    list_filter = ("day",)
    list_select_related = ("recipient",)
    search_fields = ("recipient__email",)
    readonly_fields = [f.name for f in Digest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
