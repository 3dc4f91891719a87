
import common.dates
import datetime
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0003_clamp_dates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='privacyrequest',
            name='received_on',
            field=models.DateField(validators=[common.dates.validate_plausible_date], verbose_name='received on'),
        ),
        migrations.AddConstraint(
            model_name='privacyrequest',
            constraint=models.CheckConstraint(condition=models.Q(('received_on__isnull', True), models.Q(('received_on__gte', datetime.date(1900, 1, 1)), ('received_on__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='privacyrequest_received_plausible'),
        ),
    ]
