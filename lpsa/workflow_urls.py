from django.urls import path

from lpsa import inbox_views, milestone_views, views

app_name = "lpsa"

urlpatterns = [
    path("frameworks/<slug:slug>/workflow/", views.workflow, name="workflow"),
    path("frameworks/<slug:slug>/workflow/<str:name>/", views.move, name="move"),
    path("frameworks/<slug:slug>/approval/", views.approval_check, name="approval_check"),
    path("submissions/<int:pk>/submitted/", views.submitted, name="submitted"),
    path("frameworks/<slug:slug>/comments/", views.framework_comments, name="comments"),
    path("frameworks/<slug:slug>/search/", views.search, name="search"),
    path("frameworks/<slug:slug>/submission/", views.submission_preview, name="preview"),
    path("frameworks/<slug:slug>/submission/drafts/", views.draft_pdf, name="draft_pdf"),
    path("frameworks/<slug:slug>/submission/drafts/<int:pk>/", views.draft_progress, name="draft_progress"),
    path("frameworks/<slug:slug>/submission/drafts/<int:pk>/pdf/", views.draft_file, name="draft_file"),
    path("frameworks/<slug:slug>/submission/docx/", views.draft_docx, name="draft_docx"),
    path("submissions/<int:pk>/pdf/", views.submission_pdf, name="submission_pdf"),
    path("submissions/<int:pk>/docx/", views.submission_docx, name="submission_docx"),
    path("submissions/<int:pk>/compare/", views.submission_compare, name="compare"),
    path("comments/on/<str:kind>/<int:pk>/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("history/<str:kind>/<int:pk>/", views.item_history, name="history"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_submission, name="review"),
    path("review/<int:pk>/comments/<str:kind>/<int:item>/", views.review_comment, name="review_comment"),
    path("review/<int:pk>/targets/<int:target>/sign-off/", views.department_sign_off, name="department_sign_off"),
    path("targets/<int:pk>/negotiation/", views.negotiate, name="negotiate"),
    path("negotiation/<int:pk>/accept/", views.negotiation_accept, name="negotiation_accept"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbox_views.inbox_item, name="inbox_item"),
    path("frameworks/<slug:slug>/milestones/", milestone_views.milestones, name="milestones"),
    path("frameworks/<slug:slug>/milestones/new/", milestone_views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", milestone_views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", milestone_views.milestone_delete, name="milestone_delete"),
]
