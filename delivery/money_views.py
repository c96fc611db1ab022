"""Money in delivery: the pump-priming spend, the freedoms' progress and how the reward is shared."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from delivery import money
from delivery import permissions as perms
from delivery.models import FreedomProgress, PartnerShare, Spend
from delivery.money_forms import FreedomProgressForm, PartnerShareForm, SpendForm
from partners.forms import add_errors
from priorities.models import EditConflict

CONFLICT = (
    "Someone else saved this while you were editing it, so your changes were not saved. "
    "Your entries are still in the form: check them against what is saved now, then save again to keep them."
)


def _money_url(framework, anchor: str = "") -> str:
    return reverse("delivery:money", args=[framework.slug]) + (f"#{anchor}" if anchor else "")


@login_required
def money_page(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_delivery(request.user, slug)
    can_record = perms.can_record(request.user, framework)
    context = {
        "framework": framework,
        "grant": money.grant_spend(framework),
        "freedoms": [(freedom, money.progress_of(freedom)) for freedom in money.freedoms_of(framework)],
        "can_record": can_record,
        "show_sharing": perms.can_see_reward_sharing(request.user),
    }
    if context["show_sharing"]:
        shares = money.shares_of(framework)
        reward = money.reward_to_share(framework)
        sharing = money.reward_sharing(shares, reward.amount)
        potential_sharing = money.reward_sharing(shares, reward.potential)
        context.update(
            {
                "share_rows": money.share_rows(shares, sharing, potential_sharing),
                "reward": reward,
                "sharing": sharing,
                "potential_sharing": potential_sharing,
                "can_record_shares": perms.can_record_shares(request.user, framework),
            }
        )
    return render(request, "delivery/money/money.html", context)


@login_required
def spend_edit(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = perms.get_allocation_for_delivery(request.user, pk)
    framework = allocation.framework
    perms.require(perms.can_record(request.user, framework))
    years = money.agreement_years(framework)
    stored = {item.year: item for item in Spend.objects.filter(allocation=allocation)}
    if request.method == "POST":
        form = SpendForm(allocation, years, stored, request.POST)
        if form.is_valid():
            try:
                money.spend_record(allocation=allocation, amounts=form.amounts(), versions=form.versions())
            except ValidationError as error:
                add_errors(form, error, {year: SpendForm.field_for(year) for year in years})
            except EditConflict:
                stored = {item.year: item for item in Spend.objects.filter(allocation=allocation)}
                form.add_error(None, CONFLICT)
                form.use_versions(stored)
            else:
                messages.success(request, format_html("The spend of “<bdi>{}</bdi>” was saved.", allocation.label))
                return redirect(_money_url(framework, f"allocation-{allocation.pk}"))
    else:
        form = SpendForm(allocation, years, stored)
    context = {
        "framework": framework,
        "allocation": allocation,
        "row": money.allocation_spend(allocation, list(stored.values()), years),
        "form": form,
        "back_url": _money_url(framework, f"allocation-{allocation.pk}"),
    }
    return render(request, "delivery/money/spend_form.html", context)


@login_required
def freedom_progress(request: HttpRequest, pk: int) -> HttpResponse:
    freedom = perms.get_freedom_for_delivery(request.user, pk)
    framework = freedom.framework
    perms.require(perms.can_record(request.user, framework))
    progress = money.progress_of(freedom) or FreedomProgress(freedom=freedom)
    back_url = _money_url(framework, f"freedom-{freedom.pk}")
    if request.method == "POST":
        form = FreedomProgressForm(request.POST, instance=progress)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.instance.save_checked(
                        expected_version=form.cleaned_data.get("version"), fields=form.edited_fields()
                    )
            except EditConflict as error:
                form.add_error(None, CONFLICT)
                if error.current is not None:
                    form.use_version(error.current.version)
            except IntegrityError:
                # Someone else recorded the first progress at the same moment: theirs is kept.
                stored = FreedomProgress.objects.get(freedom=freedom)
                form.instance = stored
                form.add_error(None, CONFLICT)
                form.use_version(stored.version)
            else:
                messages.success(request, "The freedom's progress was saved.")
                return redirect(back_url)
    else:
        form = FreedomProgressForm(instance=progress)
    context = {"framework": framework, "freedom": freedom, "form": form, "back_url": back_url}
    return render(request, "delivery/money/freedom_form.html", context)


def _share_form(request: HttpRequest, share: PartnerShare, title: str) -> HttpResponse:
    framework = share.framework
    back_url = _money_url(framework, "sharing")
    creating = share.pk is None
    if request.method == "POST":
        form = PartnerShareForm(request.POST, instance=share)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.instance.save_checked(
                        expected_version=form.cleaned_data.get("version"), fields=form.edited_fields()
                    )
            except ValidationError as error:
                add_errors(form, error)
            except EditConflict as error:
                if error.current is None:
                    form.add_error(None, "Someone else deleted this share while you were editing it.")
                else:
                    form.add_error(None, CONFLICT)
                    form.use_version(error.current.version)
            else:
                verb = "added" if creating else "saved"
                messages.success(
                    request, format_html("The share of <bdi>{}</bdi> was {}.", form.instance.organisation, verb)
                )
                return redirect(back_url)
    else:
        form = PartnerShareForm(instance=share)
    context = {"framework": framework, "form": form, "title": title, "back_url": back_url}
    return render(request, "delivery/money/share_form.html", context)


@login_required
def share_create(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_delivery(request.user, slug)
    if not perms.can_see_reward_sharing(request.user):
        raise Http404("No such page.")
    perms.require(perms.can_record_shares(request.user, framework))
    return _share_form(request, PartnerShare(framework=framework), "Add a partner's share of the reward")


@login_required
def share_edit(request: HttpRequest, pk: int) -> HttpResponse:
    share = perms.get_share_for_user(request.user, pk)
    perms.require(perms.can_record_shares(request.user, share.framework))
    return _share_form(request, share, "Change a partner's share of the reward")


@login_required
def share_delete(request: HttpRequest, pk: int) -> HttpResponse:
    share = perms.get_share_for_user(request.user, pk)
    framework = share.framework
    perms.require(perms.can_record_shares(request.user, framework))
    if request.method == "POST":
        name = str(share.organisation)
        with transaction.atomic():
            share.refuse_if_locked()
            share.delete()
        messages.success(request, format_html("The share of <bdi>{}</bdi> was deleted.", name))
        return redirect(_money_url(framework, "sharing"))
    context = {"framework": framework, "share": share, "back_url": _money_url(framework, "sharing")}
    return render(request, "delivery/money/share_confirm_delete.html", context)
