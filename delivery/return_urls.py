"""Delivery pages (see delivery/urls.py): the agreement in delivery and its performance returns."""

from django.urls import path

from delivery import return_views as views

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/sign/", views.sign, name="sign"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/send-returns/", views.send_returns, name="send_returns"),
    path("lines/<int:pk>/", views.line, name="line"),
    path("lines/<int:pk>/trajectory/", views.trajectory_edit, name="trajectory_edit"),
    path("lines/<int:pk>/returns/new/", views.return_create, name="return_create"),
    path("returns/<int:pk>/", views.return_edit, name="return_edit"),
    path("returns/<int:pk>/history/", views.return_history, name="return_history"),
    path("returns/<int:pk>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
