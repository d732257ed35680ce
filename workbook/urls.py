from django.urls import path

from workbook import views

app_name = "workbook"

urlpatterns = [
    path("mcp/", views.latest_year, name="latest"),
    path("mcp/<int:year>/", views.overview, name="overview"),
    path("mcp/<int:year>/unit/<slug:code>/", views.opd, name="opd"),
    path("mcp/<int:year>/unit/<slug:code>/value/", views.opd_value, name="opd_value"),
    path("mcp/<int:year>/review/", views.review, name="review"),
    path("mcp/<int:year>/verify/", views.verify_value, name="verify_value"),
    path("mcp/<int:year>/assign/", views.assign_area, name="assign_area"),
    path("mcp/<int:year>/catalogue/", views.catalogue_upload, name="catalogue_upload"),
    path("mcp/<int:year>/jaga/", views.jaga_upload, name="jaga_upload"),
    path("mcp/import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("mcp/import/<uuid:token>/apply/", views.import_apply, name="import_apply"),
    path("mcp/document/<int:pk>/upload/", views.document_upload, name="document_upload"),
    path("mcp/document/<int:pk>/assign/", views.document_assign, name="document_assign"),
    path("mcp/document/<int:pk>/step/", views.document_step, name="document_step"),
    path("mcp/file/<int:pk>/", views.file_download, name="file_download"),
]
