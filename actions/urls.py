from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("strategic-issues/", views.issue_list, name="issue_list"),
    path("strategic-issues/new/", views.issue_edit, name="issue_create"),
    path("strategic-issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("strategic-issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("action-plans/", views.plan_list, name="plan_list"),
    path("action-plans/new/", views.plan_edit, name="plan_create"),
    path("action-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("action-plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("action-plans/<int:pk>/progress/", views.plan_progress, name="plan_progress"),
    path("action-plans/<int:pk>/evidence/", views.plan_evidence_upload, name="plan_evidence"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/submit/", views.evidence_submit, name="evidence_submit"),
    path("evidence/<int:pk>/verify/", views.evidence_verify, name="evidence_verify"),
    path("what-if/", views.what_if, name="what_if"),
    path("what-if/save/", views.what_if_save, name="what_if_save"),
]
