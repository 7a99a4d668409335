import certificates.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0005_report_sha256_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='dcc_xml',
            field=models.FileField(blank=True, max_length=200, upload_to=certificates.models.dcc_xml_path),
        ),
    ]
