"""Connecting a model's writes to the cache's versions: each app calls these from its
AppConfig.ready for the models it owns."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache import versioned


def raise_data_version_on_write(*labels: str) -> None:
    """Saving or deleting one of these models changes what cached pages show."""
    connect_writes(labels, versioned.invalidate)


def raise_setup_version_on_write(*labels: str) -> None:
    """Saving or deleting one of these models changes the setup: units, reference data,
    groups and permissions (each user's permissions and visible units are cached)."""
    connect_writes(labels, versioned.invalidate_setup)


def raise_setup_version_on_membership(*through_models) -> None:
    """Adding or removing rows of these many-to-many tables changes the setup."""
    for through in through_models:
        m2m_changed.connect(
            versioned.invalidate_setup,
            sender=through,
            dispatch_uid=f"mcp-{through._meta.label}",
        )


def connect_writes(labels, receiver) -> None:
    for label in labels:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=label, dispatch_uid=f"mcp-{label}")
