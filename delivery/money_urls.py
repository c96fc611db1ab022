"""Delivery pages (see delivery/urls.py): money in delivery."""

from django.urls import path

from delivery import money_views

urlpatterns = [
    path("<slug:slug>/money/", money_views.money_page, name="money"),
    path("money/spend/<int:pk>/", money_views.spend_edit, name="spend_edit"),
    path("money/freedom/<int:pk>/", money_views.freedom_progress, name="freedom_progress"),
    path("<slug:slug>/money/shares/add/", money_views.share_create, name="share_create"),
    path("money/shares/<int:pk>/", money_views.share_edit, name="share_edit"),
    path("money/shares/<int:pk>/delete/", money_views.share_delete, name="share_delete"),
]
