"""Issue 15 F3: before the fix any LEC worker could add themselves as a member of a referral
still in the queue and keep reading its case file after someone else claimed it. This removes
the memberships the rule (lec.selectors.may_manage_team) would not have allowed: a self-add
(`added_by` is the member) by someone who is neither the referral's case worker nor an LEC
lead.

Assumption: whether the worker was an LEC lead when they added themselves is not recorded, so
the `lec_lead` group membership as it is now stands for it (a lead may manage every case's
team, so their self-adds were allowed). A member who claimed the case later is its case
worker and keeps the row; nothing else is touched. The ids removed are printed (no personal
data in a deployment log); the case worker or the LEC lead can add a removed worker again.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import F

# The group of the LEC-lead role (staff.roles.Role.LEC_LEAD), written out: a migration keeps
# the meaning it had when it was written.
LEC_LEAD_GROUP = "lec_lead"


def remove_self_added_members(apps, schema_editor) -> list[int]:
    """Delete the self-added case members the rule would have refused; return their ids."""
    CaseMember = apps.get_model("lec", "CaseMember")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    leads = User.objects.filter(groups__name=LEC_LEAD_GROUP).values("pk")
    # A NULL case worker (the referral was never claimed) matches nobody: such a self-add goes.
    stale = sorted(
        CaseMember.objects.filter(added_by=F("user"))
        .exclude(user__in=leads)
        .exclude(referral__assigned_to__isnull=False, referral__assigned_to=F("user"))
        .values_list("pk", flat=True)
    )
    if stale:
        CaseMember.objects.filter(pk__in=stale).delete()
        print(f"\n  lec.CaseMember: self-added members removed (ids {stale})")
    return stale


class Migration(migrations.Migration):
    dependencies = [
        ("lec", "0007_feedback_submission_token"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_self_added_members, migrations.RunPython.noop),
    ]
