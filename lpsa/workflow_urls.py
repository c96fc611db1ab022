from django.urls import path

from lpsa import views

app_name = "lpsa"

urlpatterns = [
    path("frameworks/<slug:slug>/workflow/", views.workflow, name="workflow"),
    path("frameworks/<slug:slug>/workflow/<str:name>/", views.move, name="move"),
    path("frameworks/<slug:slug>/comments/", views.framework_comments, name="comments"),
    path("frameworks/<slug:slug>/search/", views.search, name="search"),
    path("frameworks/<slug:slug>/submission/", views.submission_preview, name="preview"),
    path("frameworks/<slug:slug>/submission/drafts/", views.draft_pdf, name="draft_pdf"),
    path("frameworks/<slug:slug>/submission/drafts/<int:pk>/", views.draft_progress, name="draft_progress"),
    path("frameworks/<slug:slug>/submission/drafts/<int:pk>/pdf/", views.draft_file, name="draft_file"),
    path("submissions/<int:pk>/pdf/", views.submission_pdf, name="submission_pdf"),
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
]
