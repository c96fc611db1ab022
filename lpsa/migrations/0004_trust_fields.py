"""Comment visibility, offers that wait for an answer, decisions recorded on government's behalf."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lpsa', '0003_pdfs_rendered_by_the_worker'),
        ('priorities', '0002_money_and_freedoms'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='submission',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='comments', to='lpsa.submission'),
        ),
        migrations.AddField(
            model_name='comment',
            name='visibility',
            field=models.CharField(choices=[('council', 'The council only'), ('government', "The council and government's reviewers")], default='council', max_length=12, verbose_name='Who can read it'),
        ),
        migrations.AddField(
            model_name='historicalcomment',
            name='submission',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='lpsa.submission'),
        ),
        migrations.AddField(
            model_name='historicalcomment',
            name='visibility',
            field=models.CharField(choices=[('council', 'The council only'), ('government', "The council and government's reviewers")], default='council', max_length=12, verbose_name='Who can read it'),
        ),
        migrations.AddField(
            model_name='negotiationentry',
            name='answered_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='negotiationentry',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='negotiationentry',
            name='interim_with_lpsa',
            field=models.DecimalField(blank=True, decimal_places=3, error_messages={'invalid': 'Enter a number, like 42 or 12.5, without commas, units or words.'}, max_digits=15, null=True, verbose_name='Interim target with LPSA2'),
        ),
        migrations.AddField(
            model_name='negotiationentry',
            name='interim_without_lpsa',
            field=models.DecimalField(blank=True, decimal_places=3, error_messages={'invalid': 'Enter a number, like 42 or 12.5, without commas, units or words.'}, max_digits=15, null=True, verbose_name='Interim performance without LPSA2'),
        ),
        migrations.AddField(
            model_name='negotiationentry',
            name='state',
            field=models.CharField(choices=[('open', 'Waiting for an answer'), ('accepted', 'Accepted'), ('countered', 'Answered with a counter-offer'), ('revised', 'Replaced by a later offer from the same side')], default='open', max_length=12),
        ),
        migrations.AddField(
            model_name='stagechange',
            name='on_behalf_of_government',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='negotiationentry',
            name='kind',
            field=models.CharField(choices=[('council', "Council's offer"), ('government', "Government's offer")], max_length=12, verbose_name='Who made the offer'),
        ),
    ]
