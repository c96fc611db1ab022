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
    path("help/", views.help_page, name="help"),
    path("help/glossary/", views.glossary, name="glossary"),
    # Before the framework's own URL, whose slug "new" is reserved (priorities.services).
    path("frameworks/new/", views.framework_create, name="framework_create"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:slug>/edit/", views.framework_edit, name="framework_edit"),
    path("frameworks/<slug:slug>/close/", views.framework_close, name="framework_close"),
    path("frameworks/<slug:slug>/reopen/", views.framework_reopen, name="framework_reopen"),
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
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/pump-priming/new/", views.item_create, {"kind": "pumppriming"}, name="pumppriming_create"),
    path("targets/<int:pk>/freedoms/new/", views.item_create, {"kind": "freedom"}, name="freedom_create"),
    path("pump-priming/<int:pk>/edit/", views.item_edit, {"kind": "pumppriming"}, name="pumppriming_edit"),
    path("pump-priming/<int:pk>/delete/", views.item_delete, {"kind": "pumppriming"}, name="pumppriming_delete"),
    path("freedoms/<int:pk>/edit/", views.item_edit, {"kind": "freedom"}, name="freedom_edit"),
    path("freedoms/<int:pk>/delete/", views.item_delete, {"kind": "freedom"}, name="freedom_delete"),
    path("frameworks/<slug:slug>/targets/", views.agreement_targets, name="agreement_targets"),
    path(
        "frameworks/<slug:slug>/targets/new/",
        views.item_create,
        {"kind": "agreementtarget"},
        name="agreementtarget_create",
    ),
    path("frameworks/<slug:slug>/money/", views.money, name="money"),
    path(
        "frameworks/<slug:slug>/pump-priming/new/",
        views.item_create,
        {"kind": "untiedpumppriming"},
        name="untiedpumppriming_create",
    ),
    path("frameworks/<slug:slug>/reward-calculator/", views.calculator, name="calculator"),
    path("frameworks/<slug:slug>/freedoms/", views.freedoms, name="freedoms"),
    path("frameworks/<slug:slug>/export.xlsx", views.export_spreadsheet, {"fmt": "xlsx"}, name="export_xlsx"),
    path("frameworks/<slug:slug>/export.csv", views.export_spreadsheet, {"fmt": "csv"}, name="export_csv"),
    path("frameworks/<slug:slug>/import/", views.import_spreadsheet, name="import"),
    *item_paths("priorities", "priority"),
    *item_paths("areas", "area"),
    *item_paths("activities", "activity"),
    *item_paths("indicators", "indicator"),
    *item_paths("targets", "target"),
    *item_paths("numbered-targets", "agreementtarget"),
    path("involvements/<int:pk>/edit/", views.item_edit, {"kind": "involvement"}, name="involvement_edit"),
    path("involvements/<int:pk>/delete/", views.item_delete, {"kind": "involvement"}, name="involvement_delete"),
]
