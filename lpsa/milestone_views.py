"""A framework's dates: its stage deadlines and the milestones its council sets itself."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from lpsa import permissions as perms
from lpsa.forms import MilestoneForm
from lpsa.milestones import STAGE_DEADLINE_REMIND_DAYS, timeline
from lpsa.models import Milestone
from priorities.permissions import require


def milestones(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_workflow(request.user, slug)
    context = {
        "framework": framework,
        "dates": timeline(framework, framework.milestones.all()),
        "can_edit": perms.can_edit_milestones(request.user, framework),
        "stage_remind_days": STAGE_DEADLINE_REMIND_DAYS,
    }
    return render(request, "lpsa/milestones.html", context)


def _form_page(request: HttpRequest, form: MilestoneForm, framework, title: str, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "framework": framework,
        "back_url": reverse("lpsa:milestones", args=[framework.slug]),
        "conflict": None,
    }
    return render(request, "priorities/item_form.html", context, status=status)


def milestone_create(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_workflow(request.user, slug)
    require(perms.can_edit_milestones(request.user, framework))
    milestone = Milestone(framework=framework)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, format_html("The milestone “<bdi>{}</bdi>” was added.", milestone.title))
            return redirect("lpsa:milestones", framework.slug)
        return _form_page(request, form, framework, "Add a milestone", status=400)
    return _form_page(request, form, framework, "Add a milestone")


def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = perms.get_milestone_for_user(request.user, pk)
    framework = milestone.framework
    require(perms.can_edit_milestones(request.user, framework))
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST":
        if form.is_valid():
            changed = list(form.changed_data)
            reminded = milestone.reminded_on
            milestone.reschedule_reminder(changed)
            if milestone.reminded_on != reminded:
                changed.append("reminded_on")
            if changed:
                milestone.save(update_fields=changed)
            messages.success(request, format_html("The milestone “<bdi>{}</bdi>” was saved.", milestone.title))
            return redirect("lpsa:milestones", framework.slug)
        return _form_page(request, form, framework, "Edit the milestone", status=400)
    return _form_page(request, form, framework, "Edit the milestone")


def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = perms.get_milestone_for_user(request.user, pk)
    framework = milestone.framework
    require(perms.can_edit_milestones(request.user, framework))
    back_url = reverse("lpsa:milestones", args=[framework.slug])
    if request.method == "POST":
        milestone.delete()
        messages.success(request, format_html("The milestone “<bdi>{}</bdi>” was deleted.", milestone.title))
        return redirect(back_url)
    context = {"milestone": milestone, "framework": framework, "back_url": back_url}
    return render(request, "lpsa/milestone_confirm_delete.html", context)
