"""The three roles as groups with model permissions. Superusers need no group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Inspektorat": [
        "skpd.view_all_units", "skpd.view_unit",
        "scores.view_indicator", "scores.view_frameworkarea",
        "scores.view_score", "scores.add_score", "scores.change_score", "scores.delete_score",
        "scores.view_target", "scores.add_target", "scores.change_target", "scores.delete_target",
        "scores.import_scores", "scores.export_scores",
        "scores.view_yearlock", "scores.add_yearlock", "scores.delete_yearlock",
    ],
    "Pimpinan": [
        "skpd.view_all_units", "skpd.view_unit",
        "scores.view_indicator", "scores.view_frameworkarea",
        "scores.view_score", "scores.view_target", "scores.view_yearlock",
    ],
    # Scoped to the units they head by skpd.access, not by these model permissions.
    "Kepala SKPD": ["scores.view_indicator", "scores.view_score", "scores.view_target"],
}


def ensure_permissions(apps):
    # Permissions are normally created after migrate; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
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


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("skpd", "0001_initial"),
        ("scores", "0002_reference_data"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
