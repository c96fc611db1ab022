from django.urls import path

from priorities import views

app_name = "priorities"


def item_paths(prefix: str, kind: str) -> list:
    """Edit, delete and move for one kind of item, all through the generic views."""
    return [
        path(f"{prefix}/<int:pk>/edit/", views.item_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(f"{prefix}/<int:pk>/delete/", views.item_delete, {"kind": kind}, name=f"{kind}_delete"),
        path(f"{prefix}/<int:pk>/move/", views.item_move, {"kind": kind}, name=f"{kind}_move"),
    ]


urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:slug>/edit/", views.framework_edit, name="framework_edit"),
    path("frameworks/<slug:slug>/partners/", views.framework_partners, name="framework_partners"),
    path(
        "frameworks/<slug:slug>/partners/add/",
        views.item_create,
        {"kind": "involvement"},
        name="involvement_create",
    ),
    path("frameworks/<slug:slug>/priorities/new/", views.item_create, {"kind": "priority"}, name="priority_create"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority"),
    path("priorities/<int:pk>/areas/new/", views.item_create, {"kind": "area"}, name="area_create"),
    path("priorities/<int:pk>/activities/new/", views.item_create, {"kind": "activity"}, name="activity_create"),
    path("areas/<int:pk>/indicators/new/", views.item_create, {"kind": "indicator"}, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/targets/new/", views.item_create, {"kind": "target"}, name="target_create"),
    path("targets/<int:pk>/subtargets/new/", views.item_create, {"kind": "subtarget"}, name="subtarget_create"),
    *item_paths("priorities", "priority"),
    *item_paths("areas", "area"),
    *item_paths("activities", "activity"),
    *item_paths("indicators", "indicator"),
    *item_paths("targets", "target"),
    path("involvements/<int:pk>/edit/", views.item_edit, {"kind": "involvement"}, name="involvement_edit"),
    path("involvements/<int:pk>/delete/", views.item_delete, {"kind": "involvement"}, name="involvement_delete"),
]
