from django.urls import path

from actions.views import evidence, issues, plans, what_if

app_name = "actions"

urlpatterns = [
    path("strategic-issues/", issues.issue_list, name="issue_list"),
    path("strategic-issues/new/", issues.issue_create, name="issue_create"),
    path("strategic-issues/<int:pk>/", issues.issue_detail, name="issue_detail"),
    path("strategic-issues/<int:pk>/edit/", issues.issue_edit, name="issue_edit"),
    path("action-plans/", plans.plan_list, name="plan_list"),
    path("action-plans/new/", plans.plan_edit, name="plan_create"),
    path("action-plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("action-plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("action-plans/<int:pk>/progress/", plans.plan_progress, name="plan_progress"),
    path("action-plans/<int:pk>/evidence/", evidence.plan_evidence_upload, name="plan_evidence"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/submit/", evidence.evidence_submit, name="evidence_submit"),
    path("evidence/<int:pk>/verify/", evidence.evidence_verify, name="evidence_verify"),
    path("what-if/", what_if.what_if, name="what_if"),
    path("what-if/save/", what_if.what_if_save, name="what_if_save"),
]
