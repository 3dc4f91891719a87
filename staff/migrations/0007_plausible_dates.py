
import common.dates
import datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0006_clamp_dates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='cyclemeeting',
            name='held_on',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='held on'),
        ),
        migrations.AlterField(
            model_name='cyclemeeting',
            name='planned_on',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='planned on'),
        ),
        migrations.AlterField(
            model_name='feedbackrequest',
            name='deadline',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='deadline'),
        ),
        migrations.AlterField(
            model_name='teamplanaction',
            name='due_on',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='due on'),
        ),
        migrations.AlterField(
            model_name='teamprogressreview',
            name='held_on',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='held on'),
        ),
        migrations.AlterField(
            model_name='training',
            name='completed_on',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='completed on'),
        ),
        migrations.AddConstraint(
            model_name='cyclemeeting',
            constraint=models.CheckConstraint(condition=models.Q(('planned_on__isnull', True), models.Q(('planned_on__gte', datetime.date(1900, 1, 1)), ('planned_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='meeting_planned_on_plausible'),
        ),
        migrations.AddConstraint(
            model_name='cyclemeeting',
            constraint=models.CheckConstraint(condition=models.Q(('held_on__isnull', True), models.Q(('held_on__gte', datetime.date(1900, 1, 1)), ('held_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='meeting_held_on_plausible'),
        ),
        migrations.AddConstraint(
            model_name='feedbackrequest',
            constraint=models.CheckConstraint(condition=models.Q(('deadline__isnull', True), models.Q(('deadline__gte', datetime.date(1900, 1, 1)), ('deadline__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='feedback_deadline_plausible'),
        ),
        migrations.AddConstraint(
            model_name='teamplanaction',
            constraint=models.CheckConstraint(condition=models.Q(('due_on__isnull', True), models.Q(('due_on__gte', datetime.date(1900, 1, 1)), ('due_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='team_action_due_on_plausible'),
        ),
        migrations.AddConstraint(
            model_name='teamprogressreview',
            constraint=models.CheckConstraint(condition=models.Q(('held_on__isnull', True), models.Q(('held_on__gte', datetime.date(1900, 1, 1)), ('held_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='progress_review_held_on_plausible'),
        ),
        migrations.AddConstraint(
            model_name='training',
            constraint=models.CheckConstraint(condition=models.Q(('completed_on__isnull', True), models.Q(('completed_on__gte', datetime.date(1900, 1, 1)), ('completed_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='training_completed_on_plausible'),
        ),
    ]
