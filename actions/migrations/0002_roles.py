"""The roles' permissions on action plans and evidence. Kepala SKPD is further scoped
to the units they head by skpd.access, not by these model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["strategicissue", "actionplan", "progressnote", "evidence"]
ALL = [f"actions.{verb}_{model}" for model in MODELS for verb in ("view", "add", "change", "delete")]

ROLES = {
    "Inspektorat": [*ALL, "actions.verify_evidence"],
    "Pimpinan": [f"actions.view_{model}" for model in MODELS],
    "Kepala SKPD": [
        "actions.view_actionplan",
        "actions.change_actionplan",
        "actions.view_progressnote",
        "actions.add_progressnote",
        "actions.view_evidence",
        "actions.add_evidence",
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
    Permission.objects.filter(content_type__app_label="actions").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("scores", "0003_roles"),
    ]
    operations = [migrations.RunPython(add_permissions, remove_permissions)]
