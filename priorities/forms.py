import datetime
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils.html import conditional_escape

from partners.dates import GovDateField, GovDateWidget, hint
from partners.fields import NO_NULL
from partners.models import Organisation, WorkingGroup
from priorities.models import (
    NOT_A_NUMBER,
    TEXT_MAX,
    TOO_LONG,
    YEAR_FORMAT,
    AgreementTarget,
    Framework,
    Freedom,
    Indicator,
    IndicatorActivity,
    Involvement,
    Priority,
    PumpPriming,
    Target,
    TargetArea,
)
from priorities.templatetags.figures import figure, money

FIGURE_WIDGET = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}


class TextBoundField(forms.BoundField):
    """A form field whose label and hint are always treated as text.

    crispy-forms-gds prints labels and hints unescaped, and some of ours carry what users
    typed (an indicator's title or unit), so they are escaped here, once for every form.
    An optional field's label says “(optional)” after it (see is_marked_optional).
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if is_marked_optional(form, name, field, str(self.label)):
            self.label = f"{self.label} {OPTIONAL}"
        self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text)


class TextLabelsForm(forms.Form):
    bound_field_class = TextBoundField


def gds_helper(
    form: forms.Form, submit_text: str, groups: dict[str, list[str]] | None = None, *, warning: bool = False
) -> FormHelper:
    """A GOV.UK layout for every field of the form, in order, with a single save button.

    ``groups`` puts named fieldsets around some fields (a legend and its fields).
    """
    grouped = {name: legend for legend, names in (groups or {}).items() for name in names}
    form.optional_fieldset_fields = {name for name, legend in grouped.items() if OPTIONAL in legend}
    items: list = []
    done_legends: set[str] = set()
    for name in form.fields:
        legend = grouped.get(name)
        if legend is None:
            items.append(_gds_field(form, name))
        elif legend not in done_legends:
            done_legends.add(legend)
            items.append(
                Fieldset(*[_gds_field(form, n) for n in groups[legend]], legend=legend, legend_size=Size.SMALL)
            )
    items.append(Submit("save", submit_text, css_class="govuk-button--warning" if warning else ""))
    helper = FormHelper()
    helper.layout = Layout(*items)
    return helper


OPTIONAL = "(optional)"


def is_marked_optional(form: forms.Form, name: str, field: forms.Field, label: str) -> bool:
    """Whether a field's label gets “(optional)” after it, the GOV.UK way: it may be left empty.

    Not a single tick box (unticked is an answer), a hidden field, a field whose label says so
    already, one whose fieldset's legend says so (``optional_fieldset_fields``, set by
    gds_helper) or one the form names in its ``asked_anyway``: fields the item's own rules may
    still ask for. Decided when the field is shown, so a form may make a field required at any
    point of its ``__init__``.
    """
    return not (
        field.required
        or name in getattr(form, "optional_fieldset_fields", ())
        or name in getattr(form, "asked_anyway", ())
        or OPTIONAL in label
        or isinstance(field.widget, forms.HiddenInput | forms.CheckboxInput)
    )


def _gds_field(form: forms.Form, name: str):
    widget = form.fields[name].widget
    if isinstance(widget, forms.HiddenInput):
        return Field(name)
    if isinstance(widget, forms.Textarea):
        return Field.textarea(name, rows=4)
    if isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect, which it extends
        return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name, legend_size=Size.SMALL, small=True)
    if isinstance(widget, forms.CheckboxInput):
        return Field.checkbox(name, small=True)
    if isinstance(widget, forms.Select):
        return Field.select(name)
    if isinstance(widget, GovDateWidget):
        # One fieldset: the label is its legend, the hint and the error under it (gds/layout/multifield.html).
        return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
    if isinstance(widget, forms.DateInput):
        return Field.text(name, field_width=10)
    if widget.attrs.get("inputmode") == "decimal":
        return Field.text(name, field_width=10)
    return Field.text(name)


class TextInput(forms.TextInput):
    """A text box for a figure that shows it as people write it: 55, not 55.000.

    It keeps the name TextInput because crispy-forms-gds picks GOV.UK classes (and the
    error style) by the widget's class name.
    """

    def format_value(self, value):
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return text
        return super().format_value(value)


def plain_english(field: forms.Field) -> None:
    """Give a form field messages a council officer understands, and figures a text box."""
    label = str(field.label or "")
    label = label[:1].lower() + label[1:]  # “target with LPSA2”, keeping the acronym
    # “Enter what is asked.”, but “Enter the title.”
    thing = label if label.split(" ")[0] in {"what", "why", "how", "who", "when", "where"} else f"the {label}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        field.error_messages["required"] = f"Choose {thing}."
        if isinstance(field.widget, forms.RadioSelect) and not isinstance(field, forms.ModelChoiceField):
            # Radios need no “Select an option” button: leaving them all unticked says it.
            field.choices = [choice for choice in field.choices if choice[0] != ""]
    elif field.error_messages.get("required") in (None, forms.Field.default_error_messages["required"]):
        field.error_messages["required"] = f"Enter {thing}."
    if isinstance(field, forms.DecimalField):
        field.widget = TextInput(attrs=FIGURE_WIDGET)
        field.error_messages.update(
            {
                "invalid": NOT_A_NUMBER,
                "max_digits": "Enter a number with at most 12 digits before the decimal point.",
                "max_whole_digits": "Enter a number with at most 12 digits before the decimal point.",
                "max_decimal_places": "Enter a number with at most 3 decimal places.",
            }
        )
    if isinstance(field, forms.DateField):
        field.error_messages["invalid"] = f"Enter the {label} as a date, like 2004-07-31."
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            validator.message = TOO_LONG
        if isinstance(validator, ProhibitNullCharactersValidator):  # on fields not made from a model's
            validator.message = NO_NULL


class VersionedForm(forms.ModelForm):
    """A form that remembers which version of the item the editor started from."""

    bound_field_class = TextBoundField

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_text = "Save"
    fieldsets: dict[str, list[str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            plain_english(field)
        self.helper = gds_helper(self, self.submit_text, self.fieldsets)

    def save_related(self) -> None:
        """Save what is not one of the item's own fields, once the item is saved (nothing, here)."""

    def edited_fields(self) -> list[str]:
        """The item's own fields this form edits: what a save from it writes."""
        return [name for name in self.fields if name in self._meta.fields]

    def use_version(self, version: int) -> None:
        """After a conflict, let the editor save over the newer version on purpose."""
        data = self.data.copy()
        data["version"] = str(version)
        self.data = data


def date_hints(form: forms.Form, hints: dict[str, tuple[str, datetime.date]]) -> None:
    """Give each date's boxes its hint: what the date is, then an example in the boxes' order."""
    for name, (text, example) in hints.items():
        if name in form.fields:
            form.fields[name].help_text = f"{text} {hint(example)}." if text else f"{hint(example)}."


class CoSignatoriesCheck:
    """The framework's own rule for its co-signatories, on a form that names them."""

    def _post_clean(self):
        super()._post_clean()
        if "co_signatories" in self.cleaned_data:
            try:
                self.instance.clean_co_signatories(self.cleaned_data["co_signatories"])
            except forms.ValidationError as error:
                self._update_errors(error)


class FrameworkForm(CoSignatoriesCheck, VersionedForm):
    """The framework's details; the lead authority's officers also name its co-signatories."""

    fieldsets = {
        "The agreement's period": ["agreement_start", "agreement_end"],
        "Reward grant": ["base_year", "net_budget_requirement", "stated_reward"],
        "Pump-priming grant": ["population", "pump_priming_grant", "pump_priming_year", "pump_priming_conditions"],
    }

    # Not one of the form's model fields: the page saves it apart (Framework.set_co_signatories).
    co_signatories = forms.ModelMultipleChoiceField(
        label="Co-signatory authorities",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For an agreement covering a wider area: the other councils that sign it with yours. "
        "Their people work on it by their roles; your chief executive approves it for all of them.",
    )

    def __init__(self, *args, names_co_signatories: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if names_co_signatories:
            field = self.fields["co_signatories"]
            field.queryset = Organisation.objects.filter(kind__in=Organisation.UPPER_TIER).exclude(
                pk=self.instance.council_id
            )
            field.initial = list(self.instance.co_signatory_ids)
        else:
            del self.fields["co_signatories"]
        population = self.fields["population"]
        population.widget = forms.TextInput(attrs=FIGURE_WIDGET)
        whole = "Enter the population as a whole number without commas, like 1240000."
        population.error_messages.update({"invalid": whole, "min_value": whole})
        suggested = self.instance.suggested_pump_priming_grant
        grant = self.fields["pump_priming_grant"]
        if suggested is not None:
            grant.help_text = (
                f"Suggested from the population: {money(suggested)} (£750,000 plus £1 a head, the first "
                "round's formula). Enter the grant government offers, whatever it is."
            )
        else:
            grant.help_text = "Enter the population to see the grant the first round's formula suggests."
        date_hints(
            self,
            {
                "stage_one_deadline": (
                    "When the framework must be agreed with government.",
                    datetime.date(2004, 7, 31),
                ),
                "stage_two_deadline": (
                    "When indicators and targets must be ready for negotiation.",
                    datetime.date(2004, 11, 30),
                ),
                "agreement_start": ("The first day it runs.", datetime.date(2005, 4, 1)),
                "agreement_end": ("The last day it runs.", datetime.date(2008, 3, 31)),
            },
        )
        self.helper = gds_helper(self, self.submit_text, self.fieldsets)

    class Meta:
        model = Framework
        fields = [
            "title",
            "stage_one_deadline",
            "stage_two_deadline",
            "agreement_start",
            "agreement_end",
            "base_year",
            "net_budget_requirement",
            "stated_reward",
            "population",
            "pump_priming_grant",
            "pump_priming_year",
            "pump_priming_conditions",
        ]
        field_classes = dict.fromkeys(
            ["stage_one_deadline", "stage_two_deadline", "agreement_start", "agreement_end"], GovDateField
        )
        error_messages = {
            "stage_one_deadline": {"required": "Enter the Stage One deadline."},
            "stage_two_deadline": {"required": "Enter the Stage Two deadline."},
        }


class NewFrameworkForm(FrameworkForm):
    """The same details, for a framework a council administrator starts."""

    submit_text = "Start the framework"


class FrameworkCloseForm(TextLabelsForm):
    """Closing a framework asks why, and the reason is kept with it."""

    reason = forms.CharField(
        label="Why are you closing this framework?",
        help_text="For example, “Replaced by the framework agreed with government in March”. "
        "Everyone who opens the framework will see this.",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are closing the framework."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_english(self.fields["reason"])
        self.fields["reason"].error_messages["required"] = "Enter why you are closing the framework."
        self.helper = gds_helper(self, "Close the framework", warning=True)


#: How the priority form asks about each cross-cutting impact, and what each answer stores.
IMPACT_CHOICES = [("yes", "Yes, it has an impact"), ("no", "No impact"), ("unknown", "Not assessed yet")]
IMPACT_VALUES = {"yes": True, "no": False, "unknown": None}
IMPACTS = ["affects_accessibility", "affects_equalities", "affects_sustainability"]


def impact_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=IMPACT_CHOICES,
        coerce=IMPACT_VALUES.get,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose whether it has an impact, has none, or is not assessed yet."},
    )


class PriorityForm(VersionedForm):
    fieldsets = {
        "Cross-cutting impact": ["affects_accessibility", "affects_equalities", "affects_sustainability"],
    }
    # "Not assessed yet" is one of the answers, so these are not marked "(optional)".
    asked_anyway = IMPACTS
    affects_accessibility = impact_field("Accessibility")
    affects_equalities = impact_field("Equalities")
    affects_sustainability = impact_field("Sustainability")

    class Meta:
        model = Priority
        fields = [
            "title",
            "outcome",
            "community_strategy_theme",
            "evidence",
            "leading_group",
            "affects_accessibility",
            "affects_equalities",
            "affects_sustainability",
            "target_groups",
            "geography",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups of any signatory of a wider-area agreement may lead its priorities.
        signatories = self.instance.framework.signatory_ids
        self.fields["leading_group"].queryset = WorkingGroup.objects.filter(council_id__in=signatories)
        self.fields["leading_group"].empty_label = "No group yet"
        answers = {value: key for key, value in IMPACT_VALUES.items()}
        for name in IMPACTS:
            self.initial[name] = answers[getattr(self.instance, name)]


class TargetAreaForm(VersionedForm):
    class Meta:
        model = TargetArea
        fields = ["title", "description"]


class IndicatorActivityForm(VersionedForm):
    class Meta:
        model = IndicatorActivity
        fields = ["title", "target_area", "explorer_partnership", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_area"].queryset = TargetArea.objects.filter(priority_id=self.instance.priority_id)
        self.fields["target_area"].empty_label = "The priority as a whole"


class IndicatorForm(VersionedForm):
    fieldsets = {"Baseline": ["baseline_year", "baseline_value"]}

    class Meta:
        model = Indicator
        fields = [
            "title",
            "definition",
            "unit",
            "direction",
            "measures",
            "data_source",
            "collection_frequency",
            "data_collection_issues",
            "geography",
            "target_group",
            "baseline_year",
            "baseline_value",
            "is_illustrative",
        ]
        # The status with government is government's decision, reached in negotiation: not a field here.
        widgets = {
            "direction": forms.RadioSelect,
            "measures": forms.RadioSelect,
        }


FIGURE_FIELDS = ["without_lpsa", "with_lpsa", "interim_without_lpsa", "interim_with_lpsa"]


class AgreementTargetForm(VersionedForm):
    # Not one of the form's model fields: saved apart, after the target (AgreementTarget.set_areas).
    areas = forms.ModelMultipleChoiceField(
        label="Areas it covers",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the councils whose areas the target is limited to. "
        "Leave them all unticked when it covers the whole area.",
    )

    class Meta:
        model = AgreementTarget
        fields = ["title", "priority", "lead_partner", "lead_department"]
        error_messages = {"priority": {"required": "Choose the priority this target serves."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.instance.framework
        self.fields["priority"].queryset = framework.priorities.all()
        self.fields["priority"].empty_label = "Choose a priority"
        self.fields["priority"].label_from_instance = lambda priority: str(priority)
        # The signing councils and the partners taking part: who could lead the work.
        partners = Organisation.objects.filter(
            Q(pk__in=framework.signatory_ids) | Q(involvements__framework=framework)
        ).distinct()
        self.fields["lead_partner"].queryset = partners.order_by("name")
        self.fields["lead_partner"].empty_label = "Not chosen yet"
        self.fields["areas"].queryset = self.instance.area_choices().order_by("name")
        if self.instance.pk:
            self.fields["areas"].initial = [area.pk for area in self.instance.areas.all()]

    def _post_clean(self):
        super()._post_clean()
        if "areas" in self.cleaned_data:
            try:
                self.instance.clean_areas(self.cleaned_data["areas"])
            except forms.ValidationError as error:
                self._update_errors(error)

    def save_related(self) -> None:
        self.instance.set_areas(self.cleaned_data["areas"])


class TargetForm(VersionedForm):
    fieldsets = {
        "Final year": ["period", "without_lpsa", "with_lpsa"],
        "Interim year (optional)": ["interim_period", "interim_without_lpsa", "interim_with_lpsa"],
        "Baseline of this line (optional)": ["baseline_year", "baseline_value"],
    }

    class Meta:
        model = Target
        fields = [
            "agreement_target",
            "title",
            "period",
            "without_lpsa",
            "with_lpsa",
            "interim_period",
            "interim_without_lpsa",
            "interim_with_lpsa",
            "baseline_year",
            "baseline_value",
            "weight",
        ]

    change_reason = forms.CharField(
        label="Why are the figures changing?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Government has seen a version of this framework, so changed figures need a reason. "
        "It is kept with the change.",
    )

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        super().__init__(*args, **kwargs)
        framework = self.instance.indicator.framework
        numbered = self.fields["agreement_target"]
        numbered.queryset = framework.agreement_targets.all()
        numbered.empty_label = "Not in a numbered target yet"
        if not (instance and instance.pk and instance.indicator.framework.has_been_with_government):
            del self.fields["change_reason"]
        self.ask_for_label_if_needed()
        for name in ("without_lpsa", "with_lpsa"):
            self.fields[name].required = True
        self.fields["without_lpsa"].error_messages["required"] = "Enter the performance expected without LPSA2."
        self.fields["with_lpsa"].error_messages["required"] = "Enter the target with LPSA2."
        self.fields["period"].error_messages["required"] = "Enter the year the target runs to, like 2007/08."
        unit = self.instance.indicator.unit
        if unit:
            for name in [*FIGURE_FIELDS, "baseline_value"]:
                self.fields[name].help_text = f"In {unit}."
        self.helper = gds_helper(self, self.submit_text, self.fieldsets)

    def ask_for_label_if_needed(self) -> None:
        """Ask for the line's label only where Target.clean may need one: when the indicator
        has another line to the same year (or, for a new line, any other line yet).

        A label already given, or typed, is always shown, so that it can be changed or removed.
        """
        target = self.instance
        period = self.data.get(self.add_prefix("period"), "").strip() if self.is_bound else target.period
        typed = self.is_bound and self.data.get(self.add_prefix("title"), "").strip()
        others = Target.objects.filter(indicator_id=target.indicator_id).exclude(pk=target.pk)
        # Only a well-formed year is looked up: what was posted is not yet checked, and a
        # database may refuse some text outright (PostgreSQL, a NUL character).
        clash = bool(YEAR_FORMAT.regex.match(period)) and others.filter(period=period).exists()
        if clash:
            self.asked_anyway = {"title"}
            self.fields["title"].label = "Label"
            self.fields[
                "title"
            ].help_text = (
                f"The indicator has another line to {period}: a label such as “Women returners” tells them apart."
            )
        elif not (target.title or typed or (not target.pk and not self.is_bound and others.exists())):
            del self.fields["title"]

    def clean(self):
        cleaned = super().clean()
        if "change_reason" in self.fields:
            # simple-history keeps the reason with the change it explains; the target checks it.
            self.instance._change_reason = cleaned.get("change_reason", "").strip() or None
        return cleaned


class InvolvementForm(VersionedForm):
    class Meta:
        model = Involvement
        fields = ["organisation", "role", "status", "consulted_on", "answered_on", "answer", "notes"]
        widgets = {"role": forms.RadioSelect, "status": forms.RadioSelect, "answer": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"consulted_on": GovDateField, "answered_on": GovDateField}
        error_messages = {
            "organisation": {"required": "Choose the partner organisation."},
        }

    fieldsets = {"Consultation on the draft (optional)": ["consulted_on", "answered_on", "answer"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.instance.framework
        signatories = framework.signatory_ids
        organisations = Organisation.objects.filter(Q(pk__in=signatories) | Q(county_id__in=signatories))
        # Only those not taking part yet: one already listed is changed on its own entry.
        taking_part = framework.involvements.exclude(pk=self.instance.pk).values("organisation")
        self.fields["organisation"].queryset = organisations.exclude(pk__in=taking_part).order_by("name")
        self.fields["organisation"].empty_label = "Choose an organisation"
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "This partner is already listed, or is not in the area. Choose one of the organisations listed, "
            "or change a listed partner's own entry."
        )
        if self.instance.role != Involvement.Role.DISTRICT and not self.instance.framework.districts().exists():
            # A unitary council's area has no districts to take part.
            role = self.fields["role"]
            role.choices = [choice for choice in role.choices if choice[0] != Involvement.Role.DISTRICT]

    def validate_unique(self):
        # The consultation's dates are checked by the model's clean(), with a message next to
        # each; a field already in error is left out, so what is left is the one partner rule.
        try:
            self.instance.validate_constraints(exclude=set(self.errors))
        except forms.ValidationError:
            self.add_error("organisation", "This partner is already listed. Change its entry instead.")


class PumpPrimingForm(VersionedForm):
    """A line of the grant: for a target (added from its page) or for the agreement as a whole."""

    class Meta:
        model = PumpPriming
        fields = ["purpose", "amount", "kind", "spend_on"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.target_id:
            del self.fields["purpose"]
        else:
            # Asked for by the line's own rule, which knows it is not tied to a target.
            self.asked_anyway = {"purpose"}
            self.fields["purpose"].help_text = "For example, “Co-ordination” or “Voluntary sector”."
        self.fields["kind"].error_messages["required"] = "Choose whether it is capital or revenue."
        self.helper = gds_helper(self, self.submit_text, self.fieldsets)


class FreedomForm(VersionedForm):
    class Meta:
        model = Freedom
        fields = ["request", "kind", "borrowing_amount", "department", "status", "review_date"]
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        field_classes = {"review_date": GovDateField}


class CalculatorForm(TextLabelsForm):
    """Expected results for each scored line; every box may be left empty."""

    def __init__(self, lines: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines:
            target = line.target
            unit = f" ({target.indicator.unit})" if target.indicator.unit else ""
            self.fields[f"final_{target.pk}"] = forms.DecimalField(
                label=f"{line.label}: expected result in {target.period}{unit}",
                required=False,
                max_digits=15,
                decimal_places=3,
                help_text=f"Without LPSA2 {figure(target.without_lpsa)}, target {figure(target.with_lpsa)}.",
            )
            if target.interim_period and target.interim_with_lpsa is not None:
                self.fields[f"interim_{target.pk}"] = forms.DecimalField(
                    label=f"{line.label}: expected result in {target.interim_period}{unit}",
                    required=False,
                    max_digits=15,
                    decimal_places=3,
                    help_text=f"Interim target {figure(target.interim_with_lpsa)}.",
                )
        for field in self.fields.values():
            plain_english(field)
        self.helper = gds_helper(self, "Work out the reward")
        self.helper.form_method = "get"
        self.helper.disable_csrf = True


class ImportForm(TextLabelsForm):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx) or CSV file in the layout of an export, 2 MB at most.",
        error_messages={"required": "Choose a spreadsheet to import.", "empty": "The file is empty."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "Check the file")
        self.helper.form_tag = False
