from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("working-groups/", views.working_group_list, name="working_groups"),
    path("working-groups/new/", views.working_group_create, name="working_group_create"),
    path("working-groups/<int:pk>/", views.working_group_detail, name="working_group"),
    path("working-groups/<int:pk>/edit/", views.working_group_edit, name="working_group_edit"),
    path("working-groups/<int:pk>/delete/", views.working_group_delete, name="working_group_delete"),
]
