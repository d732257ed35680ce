import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from actions.models import ActionPlan, StrategicIssue


def test_seed_demo_actions_is_idempotent_and_marks_demo(official_data):
    call_command("seed_demo_actions", stdout=None)
    plans, issues = ActionPlan.objects.count(), StrategicIssue.objects.count()
    call_command("seed_demo_actions")
    assert (ActionPlan.objects.count(), StrategicIssue.objects.count()) == (plans, issues)
    assert plans >= 5 and issues >= 2
    assert not ActionPlan.objects.filter(is_demo=False).exists()
    assert ActionPlan.objects.overdue().exists()


def test_seed_demo_actions_needs_the_units(db):
    with pytest.raises(CommandError):
        call_command("seed_demo_actions")


def codes(group_name):
    group = Group.objects.get(name=group_name)
    return set(
        group.permissions.filter(content_type__app_label="actions").values_list(
            "codename", flat=True
        )
    )


def test_the_roles_get_their_permissions(db):
    assert "verify_evidence" in codes("Inspektorat") and len(codes("Inspektorat")) == 17
    assert codes("Pimpinan") == {
        "view_strategicissue",
        "view_actionplan",
        "view_progressnote",
        "view_evidence",
    }
    assert codes("Kepala SKPD") == {
        "view_actionplan",
        "change_actionplan",
        "view_progressnote",
        "add_progressnote",
        "view_evidence",
        "add_evidence",
    }
