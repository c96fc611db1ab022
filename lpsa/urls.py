from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from lpsa import health
from lpsa.forms import SignInForm

sign_in = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm)

handler500 = "lpsa.health.server_error"

urlpatterns = [
    path("health/", health.health, name="health"),
    path(
        "sign-in/",
        login_not_required(
            auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm)
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("partners.account_urls")),
    path("partners/", include("partners.urls")),
    path("", include("lpsa.workflow_urls")),
    path("delivery/", include("delivery.urls")),
    path("", include("priorities.urls")),
]
