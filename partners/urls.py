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
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/active/", views.person_active, name="person_active"),
    path("invitations/<int:pk>/send-again/", views.invitation_send_again, name="invitation_send_again"),
    path("invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("councils/", views.councils, name="councils"),
    path("councils/new/", views.council_create, name="council_create"),
    path("reviewers/invite/", views.reviewer_invite, name="reviewer_invite"),
]
