"""API tokens in the admin: made by the functional administrator of a college for its own
college; the token is shown once, on the page after saving, and only its hash is kept."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from staff.admin import CollegeScopedAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(CollegeScopedAdmin):
    college_field = "college_id"
    list_display = ("name", "college", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "college", "prefix", "created_by", "created_at", "last_used_at",
              "revoked_at")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            token = obj.issue()
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            messages.warning(request, _(
                "The token for %(name)s is shown only now; copy it into the BI tool: %(token)s"
            ) % {"name": obj.name, "token": token})
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, ngettext("%(count)s token revoked.", "%(count)s tokens revoked.",
                                           count) % {"count": count})
