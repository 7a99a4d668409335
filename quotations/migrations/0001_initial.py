import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('orders', '0003_calibrationdue'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Quotation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=60, unique=True, verbose_name='nomor')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='diterbitkan')),
                ('order_number', models.CharField(max_length=40, verbose_name='nomor order')),
                ('company_name', models.CharField(max_length=200, verbose_name='perusahaan')),
                ('company_address', models.TextField(blank=True, verbose_name='alamat')),
                ('company_npwp', models.CharField(blank=True, max_length=30, verbose_name='NPWP')),
                ('lines', models.JSONField(verbose_name='baris')),
                ('total', models.PositiveBigIntegerField(verbose_name='total')),
                ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='disetujui oleh')),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quotations', to='orders.order')),
            ],
            options={
                'verbose_name': 'surat penawaran',
                'verbose_name_plural': 'surat penawaran',
                'ordering': ['-issued_at', '-pk'],
            },
        ),
    ]
