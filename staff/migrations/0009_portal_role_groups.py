from django.db import migrations


def create_portal_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("student", "guardian"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("staff", "0008_submission_tokens")]

    operations = [migrations.RunPython(create_portal_role_groups, migrations.RunPython.noop)]
