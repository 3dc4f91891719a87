
import common.dates
import datetime
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('students', '0005_clamp_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='followup',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='guidancesession',
            name='submission_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='guidancesession',
            name='version',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='counsellorassignment',
            name='end_date',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='until'),
        ),
        migrations.AlterField(
            model_name='counsellorassignment',
            name='start_date',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='followup',
            name='due_date',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='due date'),
        ),
        migrations.AlterField(
            model_name='guidancesession',
            name='agreements',
            field=models.TextField(blank=True, max_length=5000, verbose_name='agreements'),
        ),
        migrations.AlterField(
            model_name='guidancesession',
            name='held_at',
            field=models.DateTimeField(validators=[common.dates.validate_plausible_date], verbose_name='date and time'),
        ),
        migrations.AlterField(
            model_name='guidancesession',
            name='summary',
            field=models.TextField(blank=True, max_length=5000, verbose_name='summary'),
        ),
        migrations.AlterField(
            model_name='sessionamendment',
            name='text',
            field=models.TextField(max_length=2000, verbose_name='amendment'),
        ),
        migrations.AlterField(
            model_name='student',
            name='date_of_birth',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='date of birth'),
        ),
        migrations.AlterField(
            model_name='student',
            name='end_date',
            field=models.DateField(blank=True, null=True, validators=[common.dates.validate_plausible_date], verbose_name='end date'),
        ),
        migrations.AlterField(
            model_name='student',
            name='start_date',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='start date'),
        ),
        migrations.AddConstraint(
            model_name='counsellorassignment',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), models.Q(('start_date__gte', datetime.date(1900, 1, 1)), ('start_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='assignment_start_date_plausible'),
        ),
        migrations.AddConstraint(
            model_name='counsellorassignment',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), models.Q(('end_date__gte', datetime.date(1900, 1, 1)), ('end_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='assignment_end_date_plausible'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.CheckConstraint(condition=models.Q(('due_date__isnull', True), models.Q(('due_date__gte', datetime.date(1900, 1, 1)), ('due_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='followup_due_date_plausible'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('session', 'submission_token'), name='followup_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='guidancesession',
            constraint=models.CheckConstraint(condition=models.Q(('held_at__isnull', True), models.Q(('held_at__gte', datetime.datetime(1899, 12, 31, 0, 0, tzinfo=datetime.timezone.utc)), ('held_at__lt', datetime.datetime(2101, 1, 2, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='session_held_at_plausible'),
        ),
        migrations.AddConstraint(
            model_name='guidancesession',
            constraint=models.UniqueConstraint(condition=models.Q(('submission_token__isnull', False)), fields=('counsellor', 'submission_token'), name='session_submission_token_once'),
        ),
        migrations.AddConstraint(
            model_name='sessionattendance',
            constraint=models.CheckConstraint(condition=models.Q(('held_at__isnull', True), models.Q(('held_at__gte', datetime.datetime(1899, 12, 31, 0, 0, tzinfo=datetime.timezone.utc)), ('held_at__lt', datetime.datetime(2101, 1, 2, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='attendance_held_at_plausible'),
        ),
        migrations.AddConstraint(
            model_name='student',
            constraint=models.CheckConstraint(condition=models.Q(('date_of_birth__isnull', True), models.Q(('date_of_birth__gte', datetime.date(1900, 1, 1)), ('date_of_birth__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='student_date_of_birth_plausible'),
        ),
        migrations.AddConstraint(
            model_name='student',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), models.Q(('start_date__gte', datetime.date(1900, 1, 1)), ('start_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='student_start_date_plausible'),
        ),
        migrations.AddConstraint(
            model_name='student',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), models.Q(('end_date__gte', datetime.date(1900, 1, 1)), ('end_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='student_end_date_plausible'),
        ),
    ]
