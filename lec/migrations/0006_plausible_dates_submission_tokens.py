
import common.dates
import datetime
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lec', '0005_clamp_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='casenote',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='finding',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='instrumentresult',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='planaction',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='instrumentresult',
            name='administered_on',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='administered on'),
        ),
        migrations.AlterField(
            model_name='planaction',
            name='due_date',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='due date'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='evaluation_date',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='evaluation date'),
        ),
        migrations.AddConstraint(
            model_name='casenote',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('author', 'submission_token'), name='note_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='finding',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='finding_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='instrumentresult',
            constraint=models.CheckConstraint(condition=models.Q(('administered_on__isnull', True), models.Q(('administered_on__gte', datetime.date(1900, 1, 1)), ('administered_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='instrument_administered_plausible'),
        ),
        migrations.AddConstraint(
            model_name='instrumentresult',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='instrument_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='planaction',
            constraint=models.CheckConstraint(condition=models.Q(('due_date__isnull', True), models.Q(('due_date__gte', datetime.date(1900, 1, 1)), ('due_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='action_due_date_plausible'),
        ),
        migrations.AddConstraint(
            model_name='planaction',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('created_by', 'submission_token'), name='action_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.CheckConstraint(condition=models.Q(('evaluation_date__isnull', True), models.Q(('evaluation_date__gte', datetime.date(1900, 1, 1)), ('evaluation_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='referral_evaluation_plausible'),
        ),
    ]
