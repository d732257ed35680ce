"""Pimpinan export anything; SKPD heads export their own units (skpd.access scopes it)."""

from django.db import migrations

EXPORTERS = ["Pimpinan", "Kepala SKPD"]


def grant_export(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="scores", codename="export_scores"
    )
    for group in Group.objects.filter(name__in=EXPORTERS):
        group.permissions.add(permission)


def revoke_export(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="scores", codename="export_scores"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=EXPORTERS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("scores", "0004_import_event")]
    operations = [migrations.RunPython(grant_export, revoke_export)]
