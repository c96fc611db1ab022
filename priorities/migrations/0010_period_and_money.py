"""The agreement's period and money as stated: dates, the stated reward, population, the
grant's year and conditions; pump-priming lines that belong to the framework, tied to a
target or not, capital or revenue; the amount of extra borrowing asked for.

Each existing line is given its target's framework before the link is made compulsory.
"""

import django.core.validators
import django.db.models.deletion
import partners.fields
import priorities.models
from django.db import migrations, models


def give_lines_their_framework(apps, schema_editor):
    PumpPriming = apps.get_model("priorities", "PumpPriming")
    lines = PumpPriming.objects.filter(framework__isnull=True).select_related(
        "target__indicator__target_area__priority"
    )
    for line in lines:
        line.framework_id = line.target.indicator.target_area.priority.framework_id
        line.save(update_fields=["framework"])
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so the column can be altered in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0007_lines_replace_sub_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="framework",
            name="agreement_end",
            field=models.DateField(
                blank=True,
                help_text="The last day it runs, for example 31 March 2008.",
                null=True,
                verbose_name="End of the agreement",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="agreement_start",
            field=models.DateField(
                blank=True,
                help_text="The first day it runs, for example 1 April 2005.",
                null=True,
                verbose_name="Start of the agreement",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="population",
            field=models.PositiveIntegerField(
                blank=True,
                error_messages={"invalid": "Enter the population as a whole number, like 1240000."},
                help_text="Residents of the council's area, for the suggested pump-priming grant.",
                null=True,
                validators=[
                    django.core.validators.MaxValueValidator(
                        20000000, "Enter the population of the council's area, in people."
                    )
                ],
                verbose_name="Population of the area",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="pump_priming_conditions",
            field=partners.fields.MultiLineField(
                blank=True,
                error_messages={
                    "blank": "Enter conditions of the pump-priming grant.",
                    "max_length": "This must be %(limit_value)d characters or fewer. You entered %(show_value)d characters.",
                },
                help_text="What government asks of the council in return, if anything.",
                max_length=5000,
                verbose_name="Conditions of the pump-priming grant",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="pump_priming_year",
            field=priorities.models.YearField(
                blank=True,
                help_text="For example, 2005/06.",
                max_length=7,
                verbose_name="Year the pump-priming grant is paid",
            ),
        ),
        migrations.AddField(
            model_name="framework",
            name="stated_reward",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the reward in whole pounds, like 3325000."},
                help_text="Optional. Agreements state the reward rounded, for example £3,325,000 for a computed £3,324,825.",
                max_digits=14,
                null=True,
                validators=[django.core.validators.MinValueValidator(0, "The reward cannot be negative.")],
                verbose_name="Reward grant as the agreement states it (£)",
            ),
        ),
        migrations.AddField(
            model_name="freedom",
            name="borrowing_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the amount in whole pounds, like 5000000."},
                help_text="For extra borrowing only, in whole pounds.",
                max_digits=12,
                null=True,
                validators=[django.core.validators.MinValueValidator(1, "Enter an amount of at least £1.")],
                verbose_name="Extra borrowing asked for (£)",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="agreement_end",
            field=models.DateField(
                blank=True,
                help_text="The last day it runs, for example 31 March 2008.",
                null=True,
                verbose_name="End of the agreement",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="agreement_start",
            field=models.DateField(
                blank=True,
                help_text="The first day it runs, for example 1 April 2005.",
                null=True,
                verbose_name="Start of the agreement",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="population",
            field=models.PositiveIntegerField(
                blank=True,
                error_messages={"invalid": "Enter the population as a whole number, like 1240000."},
                help_text="Residents of the council's area, for the suggested pump-priming grant.",
                null=True,
                validators=[
                    django.core.validators.MaxValueValidator(
                        20000000, "Enter the population of the council's area, in people."
                    )
                ],
                verbose_name="Population of the area",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="pump_priming_conditions",
            field=partners.fields.MultiLineField(
                blank=True,
                error_messages={
                    "blank": "Enter conditions of the pump-priming grant.",
                    "max_length": "This must be %(limit_value)d characters or fewer. You entered %(show_value)d characters.",
                },
                help_text="What government asks of the council in return, if anything.",
                max_length=5000,
                verbose_name="Conditions of the pump-priming grant",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="pump_priming_year",
            field=priorities.models.YearField(
                blank=True,
                help_text="For example, 2005/06.",
                max_length=7,
                verbose_name="Year the pump-priming grant is paid",
            ),
        ),
        migrations.AddField(
            model_name="historicalframework",
            name="stated_reward",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the reward in whole pounds, like 3325000."},
                help_text="Optional. Agreements state the reward rounded, for example £3,325,000 for a computed £3,324,825.",
                max_digits=14,
                null=True,
                validators=[django.core.validators.MinValueValidator(0, "The reward cannot be negative.")],
                verbose_name="Reward grant as the agreement states it (£)",
            ),
        ),
        migrations.AddField(
            model_name="historicalfreedom",
            name="borrowing_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the amount in whole pounds, like 5000000."},
                help_text="For extra borrowing only, in whole pounds.",
                max_digits=12,
                null=True,
                validators=[django.core.validators.MinValueValidator(1, "Enter an amount of at least £1.")],
                verbose_name="Extra borrowing asked for (£)",
            ),
        ),
        migrations.AddField(
            model_name="historicalpumppriming",
            name="framework",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="priorities.framework",
            ),
        ),
        migrations.AddField(
            model_name="historicalpumppriming",
            name="kind",
            field=models.CharField(
                choices=[("capital", "Capital"), ("revenue", "Revenue")],
                default="",
                error_messages={"blank": "Choose whether it is capital or revenue."},
                max_length=10,
                verbose_name="Capital or revenue",
            ),
        ),
        migrations.AddField(
            model_name="historicalpumppriming",
            name="purpose",
            field=partners.fields.OneLineField(
                blank=True,
                error_messages={
                    "max_length": "This must be %(limit_value)d characters or fewer. You entered %(show_value)d characters."
                },
                help_text="For a line not tied to a target, for example “Co-ordination” or “Voluntary sector”.",
                max_length=200,
                verbose_name="What the line is for",
            ),
        ),
        migrations.AddField(
            model_name="pumppriming",
            name="framework",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pump_priming",
                to="priorities.framework",
            ),
        ),
        migrations.AddField(
            model_name="pumppriming",
            name="kind",
            field=models.CharField(
                choices=[("capital", "Capital"), ("revenue", "Revenue")],
                default="",
                error_messages={"blank": "Choose whether it is capital or revenue."},
                max_length=10,
                verbose_name="Capital or revenue",
            ),
        ),
        migrations.AddField(
            model_name="pumppriming",
            name="purpose",
            field=partners.fields.OneLineField(
                blank=True,
                error_messages={
                    "max_length": "This must be %(limit_value)d characters or fewer. You entered %(show_value)d characters."
                },
                help_text="For a line not tied to a target, for example “Co-ordination” or “Voluntary sector”.",
                max_length=200,
                verbose_name="What the line is for",
            ),
        ),
        migrations.AlterField(
            model_name="framework",
            name="base_year",
            field=priorities.models.YearField(
                blank=True,
                help_text="The financial year whose net budget requirement the reward is worked out from, for example 2004/05.",
                max_length=7,
                verbose_name="Year of the net budget requirement",
            ),
        ),
        migrations.AlterField(
            model_name="framework",
            name="net_budget_requirement",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the net budget requirement in whole pounds, like 1250000000."},
                help_text="For that year, in whole pounds. The reward grant is 2.5% of this.",
                max_digits=14,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, "The net budget requirement cannot be negative.")
                ],
                verbose_name="Net budget requirement (£)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalframework",
            name="base_year",
            field=priorities.models.YearField(
                blank=True,
                help_text="The financial year whose net budget requirement the reward is worked out from, for example 2004/05.",
                max_length=7,
                verbose_name="Year of the net budget requirement",
            ),
        ),
        migrations.AlterField(
            model_name="historicalframework",
            name="net_budget_requirement",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                error_messages={"invalid": "Enter the net budget requirement in whole pounds, like 1250000000."},
                help_text="For that year, in whole pounds. The reward grant is 2.5% of this.",
                max_digits=14,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, "The net budget requirement cannot be negative.")
                ],
                verbose_name="Net budget requirement (£)",
            ),
        ),
        migrations.RunPython(give_lines_their_framework, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pumppriming",
            name="framework",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pump_priming",
                to="priorities.framework",
            ),
        ),
        migrations.AlterField(
            model_name="pumppriming",
            name="target",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pump_priming",
                to="priorities.target",
            ),
        ),
    ]
