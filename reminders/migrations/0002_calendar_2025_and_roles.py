"""KPK's 2025 cut-off (30 November 2025, DOMAIN.md) with the pemda's usual deadline two
weeks before it, and the roles' permissions: the Inspektorat keeps the calendar and
reads the outbox; Pimpinan and Kepala SKPD may read the calendar."""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Inspektorat": [
        *(f"reminders.{verb}_{model}" for model in ("milestone", "internaldeadline")
          for verb in ("view", "add", "change", "delete")),
        "reminders.view_outboxmail",
    ],
    "Pimpinan": ["reminders.view_milestone", "reminders.view_internaldeadline"],
    "Kepala SKPD": ["reminders.view_milestone", "reminders.view_internaldeadline"],
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    Milestone = apps.get_model("reminders", "Milestone")
    InternalDeadline = apps.get_model("reminders", "InternalDeadline")
    cutoff, _ = Milestone.objects.get_or_create(
        year=2025, kind="batas-akhir", defaults={"date": datetime.date(2025, 11, 30)}
    )
    InternalDeadline.objects.get_or_create(
        milestone=cutoff,
        name="OPD menyampaikan dokumen ke Inspektorat",
        defaults={"days_before": 14, "documents_due": True},
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("workbook", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
