from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0007_plausible_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='developmentgoal',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='teamplanaction',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='training',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name='developmentgoal',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='goal_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='teamplanaction',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='team_action_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='training',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='training_submission_token_once'),
        ),
    ]
