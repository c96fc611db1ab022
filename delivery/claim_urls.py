"""Delivery pages (see delivery/urls.py): the reward claims."""

from django.urls import path

from delivery import claim_views as views

urlpatterns = [
    path("<slug:slug>/claims/", views.claims, name="claims"),
    path("<slug:slug>/claims/<str:kind>/", views.claim, name="claim"),
    path("<slug:slug>/claims/<str:kind>/submit/", views.claim_submit, name="claim_submit"),
    path("<slug:slug>/claims/<str:kind>/pdf/", views.claim_pdf, name="claim_pdf"),
    path("<slug:slug>/claims/<str:kind>/decide/", views.claim_decide, name="claim_decide"),
    path("<slug:slug>/claims/<str:kind>/payments/new/", views.payment_create, name="payment_create"),
    path("<slug:slug>/claims/<str:kind>/verify/", views.verify_claim, name="verify_claim"),
    path("returns/<int:pk>/verify/", views.verify_figure, name="verify_figure"),
]
