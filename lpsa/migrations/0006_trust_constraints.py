"""The constraints that need the rows filled first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("lpsa", "0005_fill_negotiation_states")]

    operations = [
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('visibility', 'council'), ('submission__isnull', False), _connector='OR'), name='comment_with_government_names_its_submission'),
        ),
        migrations.AddConstraint(
            model_name='negotiationentry',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'open')), fields=('target',), name='one_open_offer_per_target'),
        ),
    ]
