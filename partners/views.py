from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partners import permissions as perms
from partners import services
from partners.forms import (
    CouncilForm,
    InviteForm,
    OrganisationForm,
    ReviewerForm,
    RoleForm,
    SetPasswordForm,
    WorkingGroupForm,
    add_errors,
)
from partners.models import Invitation, Organisation, Person, WorkingGroup

ORGANISATION_FIELDS = ["name", "short_name", "kind", "website"]
GROUP_FIELDS = ["name", "remit", "subject", "lead_organisation", "lead_person"]


def _safe_next(request: HttpRequest) -> str:
    """A page of this site to go back to once done (the add-a-partner form), or ""."""
    back = request.GET.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return ""


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = perms.organisations_for(request.user).order_by("kind", "name")
    groups: dict[str, list[Organisation]] = {}
    labels = dict(Organisation.Kind.choices)
    for organisation in organisations:
        groups.setdefault(labels[organisation.kind], []).append(organisation)
    council = perms.administered_council(request.user)
    context = {"groups": groups, "council": council}
    return render(request, "partners/organisation_list.html", context)


def _organisation_page(request, form, *, title: str, back_url: str, status: int = 200) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back_url, "caption": "Partners"}
    return render(request, "partners/form.html", context, status=status)


def organisation_create(request: HttpRequest) -> HttpResponse:
    """A council administrator adds a partner to their council's area, such as a primary care trust."""
    council = perms.require_council_administrator(request.user)
    back = _safe_next(request)
    form = OrganisationForm(request.POST or None, instance=Organisation(county=council))
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, format_html("“<bdi>{}</bdi>” was added to the partners.", organisation.name))
        if back:
            # Back to where the administrator was, with the new organisation chosen.
            return redirect(f"{back}{'&' if '?' in back else '?'}organisation={organisation.pk}")
        return redirect("partners:organisations")
    return _organisation_page(
        request,
        form,
        title=f"Add an organisation to {council.name}'s area",
        back_url=back or reverse("partners:organisations"),
        status=400 if form.errors else 200,
    )


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = perms.get_organisation_for_admin(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.save(update_fields=ORGANISATION_FIELDS)
        messages.success(request, format_html("“<bdi>{}</bdi>” was saved.", organisation.name))
        return redirect("partners:organisations")
    return _organisation_page(
        request,
        form,
        title=format_html("Change “<bdi>{}</bdi>”", organisation.name),
        back_url=reverse("partners:organisations"),
        status=400 if form.errors else 200,
    )


def working_group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        perms.working_groups_for(request.user)
        .select_related("lead_organisation", "lead_person__user")
        .prefetch_related("member_organisations")
    )
    context = {"groups": groups, "can_manage": perms.can_manage_partners(request.user)}
    return render(request, "partners/working_group_list.html", context)


def working_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_working_group_for_user(request.user, pk)
    council = perms.administered_council(request.user)
    context = {"group": group, "can_manage": council is not None and council.pk == group.council_id}
    return render(request, "partners/working_group.html", context)


def _group_form(request: HttpRequest, group: WorkingGroup) -> WorkingGroupForm:
    council = group.council
    return WorkingGroupForm(
        request.POST or None,
        instance=group,
        organisations=perms.area_organisations(council),
        people=perms.area_people(council),
    )


def _save_group(form: WorkingGroupForm) -> WorkingGroup:
    with transaction.atomic():
        group = form.save(commit=False)
        if group.pk is None:
            group.save()
        else:
            group.save(update_fields=GROUP_FIELDS)
        form.save_m2m()
    return group


def working_group_create(request: HttpRequest) -> HttpResponse:
    council = perms.require_council_administrator(request.user)
    form = _group_form(request, WorkingGroup(council=council))
    if request.method == "POST" and form.is_valid():
        group = _save_group(form)
        messages.success(request, format_html("The working group “<bdi>{}</bdi>” was added.", group.name))
        return redirect(group)
    context = {
        "form": form,
        "title": "Add a working group",
        "caption": council.name,
        "back_url": reverse("partners:working_groups"),
    }
    return render(request, "partners/form.html", context, status=400 if form.errors else 200)


def working_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_working_group_for_admin(request.user, pk)
    form = _group_form(request, group)
    if request.method == "POST" and form.is_valid():
        _save_group(form)
        messages.success(request, format_html("The working group “<bdi>{}</bdi>” was saved.", group.name))
        return redirect(group)
    context = {
        "form": form,
        "title": format_html("Change “<bdi>{}</bdi>”", group.name),
        "caption": "Working group",
        "back_url": group.get_absolute_url(),
    }
    return render(request, "partners/form.html", context, status=400 if form.errors else 200)


def working_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a group after confirmation; a group that leads a priority is refused, saying which."""
    group = perms.get_working_group_for_admin(request.user, pk)
    problem = ""
    if request.method == "POST":
        name = group.name
        try:
            group.delete_unless_leading()
        except ValidationError as refused:
            problem = " ".join(refused.messages)
        else:
            messages.success(request, format_html("The working group “<bdi>{}</bdi>” was deleted.", name))
            return redirect("partners:working_groups")
    led = list(group.priorities.select_related("framework").order_by("framework__title", "position"))
    context = {"group": group, "led": led, "problem": problem}
    return render(request, "partners/working_group_delete.html", context, status=400 if problem else 200)


# Accounts: the council administrator's pages, the invitation link, "Your account", and the
# site administrator's councils.


def people(request: HttpRequest) -> HttpResponse:
    council = perms.get_administered_council(request.user)
    everyone = list(
        services.council_people(council.pk)
        .select_related("user", "organisation")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.filter(accepted_at=None)))
    )
    invited = [p for p in everyone if not p.user.has_usable_password() and p.invitations.all()]
    members = [p for p in everyone if p not in invited]
    return render(request, "partners/people.html", {"council": council, "members": members, "invited": invited})


def invite(request: HttpRequest) -> HttpResponse:
    council = perms.get_administered_council(request.user)
    form = InviteForm(request.POST if request.method == "POST" else None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.person_invite(
                by=request.user,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.person.user.email}.")
            return redirect("partners:people")
    context = {"council": council, "form": form, "invitation_days": settings.INVITATION_DAYS}
    return render(request, "partners/invite.html", context)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = perms.get_colleague_for_admin(request.user, pk)
    form = RoleForm(request.POST if request.method == "POST" else None, initial={"role": person.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_change_role(person=person, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} is now {person.get_role_display().lower()}.")
            return redirect("partners:person", person.pk)
    invitation = person.invitations.filter(accepted_at=None).first()
    return render(
        request,
        "partners/person.html",
        {
            "person": person,
            "form": form,
            "invitation": invitation,
            "is_you": person.user_id == request.user.pk,
            "has_accepted": person.user.has_usable_password(),
        },
    )


@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = perms.get_colleague_for_admin(request.user, pk)
    active = request.POST.get("active") == "yes"
    try:
        services.person_set_active(person=person, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = "can sign in again" if active else "can no longer sign in"
        messages.success(request, f"{person.display_name} {done}.")
    return redirect("partners:person", person.pk)


@require_POST
def invitation_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = perms.get_invitation_for_admin(request.user, pk)
    try:
        services.invitation_send_again(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new invitation was sent to {invitation.person.user.email}.")
    return redirect("partners:people")


@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = perms.get_invitation_for_admin(request.user, pk)
    try:
        services.invitation_cancel(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation to {invitation.person.user.email} was cancelled.")
    return redirect("partners:people")


@login_not_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password from an invitation's link; a used, cancelled, replaced or expired link says so."""
    invitation, latest = Invitation.from_token(token)
    if invitation is None:
        return render(request, "partners/invitation_unusable.html", {"state": "unknown"}, status=404)
    state = invitation.status if latest else "replaced"
    context = {"invitation": invitation, "state": state, "invitation_days": settings.INVITATION_DAYS}
    if state != Invitation.Status.PENDING:
        return render(request, "partners/invitation_unusable.html", context)
    if request.user.is_authenticated:
        return render(request, "partners/invitation_signed_in.html", context)
    user = invitation.person.user
    form = SetPasswordForm(
        user, request.POST if request.method == "POST" else None, submit_text="Save password and sign in"
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
        except ValidationError:
            return render(request, "partners/invitation_unusable.html", {**context, "state": "accepted"})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your password is saved and you are signed in.")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "partners/accept_invitation.html", {**context, "form": form})


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/account.html", {"person": perms.person_of(request.user)})


def councils(request: HttpRequest) -> HttpResponse:
    perms.require_site_administrator(request.user)
    upper_tier = Organisation.objects.filter(kind__in=sorted(Organisation.UPPER_TIER)).annotate(
        administrators=Count(
            "people", distinct=True, filter=Q(people__role=Person.Role.ADMINISTRATOR, people__user__is_active=True)
        ),
        invited=Count(
            "people__invitations",
            distinct=True,
            filter=Q(people__invitations__accepted_at=None, people__invitations__cancelled_at=None),
        ),
    )
    return render(request, "partners/councils.html", {"councils": upper_tier})


def council_create(request: HttpRequest) -> HttpResponse:
    perms.require_site_administrator(request.user)
    form = CouncilForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.council_create(
                name=data["name"],
                kind=data["kind"],
                admin_name=data["admin_name"],
                admin_email=data["admin_email"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{invitation.person.organisation.name} is set up. Its administrator's invitation "
                f"was sent to {invitation.person.user.email}.",
            )
            return redirect("partners:councils")
    return render(
        request,
        "partners/site_form.html",
        {"form": form, "title": "Create a council", "invitation_days": settings.INVITATION_DAYS},
    )


def reviewer_invite(request: HttpRequest) -> HttpResponse:
    perms.require_site_administrator(request.user)
    form = ReviewerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.reviewer_invite(
                by=request.user,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.person.user.email}.")
            return redirect("partners:councils")
    context = {"form": form, "title": "Invite a government reviewer", "invitation_days": settings.INVITATION_DAYS}
    return render(request, "partners/site_form.html", context)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's page, which also lifts a lock on the account after too many wrong passwords:
    someone who has just proved they own the address may try the new password at once."""

    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        return response
