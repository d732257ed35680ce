"""The roles' permissions on the workbook. Kepala SKPD is further scoped to the units
they head by workbook.access, not by these model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["catalogueentry", "documentrecord", "documentfile", "subindicatorvalue"]
ALL = [f"workbook.{verb}_{model}" for model in MODELS for verb in ("view", "add", "change", "delete")]
CUSTOM = ["submit_document", "review_document", "import_catalogue"]

ROLES = {
    "Inspektorat": [*ALL, *(f"workbook.{code}" for code in CUSTOM)],
    "Pimpinan": [f"workbook.view_{model}" for model in MODELS],
    "Kepala SKPD": [
        *(f"workbook.view_{model}" for model in MODELS),
        "workbook.add_documentfile",
        "workbook.submit_document",
    ],
}


def ensure_permissions(apps):
    # Permissions are normally created after migrate; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def add_permissions(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="workbook").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workbook", "0001_initial"),
        ("actions", "0002_roles"),
    ]
    operations = [migrations.RunPython(add_permissions, remove_permissions)]
