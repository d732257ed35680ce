from django.urls import path

from scores.transfer import views

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template_xlsx, name="import_template_xlsx"),
    path(
        "import/template-rekap.xlsx",
        views.import_template_wide_xlsx,
        name="import_template_wide_xlsx",
    ),
    path("import/template.csv", views.import_template_csv, name="import_template_csv"),
    path("import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("import/<uuid:token>/apply/", views.import_apply, name="import_apply"),
    path("export/", views.export_page, name="export"),
    path("export/scores.csv", views.export_csv, name="export_csv"),
    path("export/scores.xlsx", views.export_xlsx, name="export_xlsx"),
]
