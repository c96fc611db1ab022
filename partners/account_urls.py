"""Everyone's own account: the invitation link, changing a password and resetting a forgotten one.

Included without a namespace, under Django's own names (``password_reset_confirm`` and the
rest), which its views expect.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from partners import views
from partners.forms import PasswordChangeForm, PasswordResetForm

urlpatterns = [
    path("account/", views.account, name="account"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm,
            template_name="registration/password_change_form.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "forgotten-password/",
        login_not_required(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                template_name="registration/password_reset_form.html",
                success_url=reverse_lazy("password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "forgotten-password/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
        ),
        name="password_reset_done",
    ),
    path(
        "forgotten-password/<uidb64>/<token>/",
        login_not_required(views.PasswordResetConfirm.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "forgotten-password/done/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html")
        ),
        name="password_reset_complete",
    ),
]
