from django.db import migrations


class Migration(migrations.Migration):
    """Sub-targets and their shares are gone: 0006 made them lines of numbered targets."""

    dependencies = [
        ("priorities", "0006_fill_agreement_targets"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicaltarget',
            name='parent',
        ),
        migrations.RemoveField(
            model_name='historicaltarget',
            name='reward_share',
        ),
        migrations.RemoveField(
            model_name='target',
            name='parent',
        ),
        migrations.RemoveField(
            model_name='target',
            name='reward_share',
        ),
    ]
