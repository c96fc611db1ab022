from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("working-groups/", views.working_group_list, name="working_groups"),
    path("working-groups/<int:pk>/", views.working_group_detail, name="working_group"),
]
