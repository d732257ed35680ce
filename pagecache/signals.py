"""Connecting a model's writes to the cache's versions: each app calls these from its
AppConfig.ready for the models it owns."""

from collections.abc import Callable, Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache import versioned


def raise_data_version_on_write(
    *labels: str, scopes_of: Callable[[object], Iterable[str]] | None = None
) -> None:
    """Saving or deleting one of these models changes what cached pages show: the pages
    of the scopes `scopes_of(instance)` names (the app that owns the model knows them),
    or every page when it is None."""
    if scopes_of is None:
        connect_writes(labels, versioned.invalidate)
        return

    def raise_scopes_of(instance, **_signal_arguments) -> None:
        versioned.invalidate(scopes=scopes_of(instance))

    connect_writes(labels, raise_scopes_of)


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
            # Not weak: a receiver made for one app (scopes_of) has no other reference.
            signal.connect(receiver, sender=label, dispatch_uid=f"mcp-{label}", weak=False)
