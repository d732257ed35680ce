import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_epoch() -> int:
    """A random 62-bit number: each database (and each restore) starts its own epoch, so
    a version number it reaches again is never taken for one cached before."""
    return secrets.randbits(62)


class AggregateVersion(models.Model):
    """One row whose numbers every write raises (pagecache.versioned): cached values are
    keyed by them, so a write in one gunicorn worker invalidates the caches of all.

    `number` counts every write of the data, `scoped_number` those of them that named
    the scopes they change (their pages are keyed by those scopes' rows, ScopeVersion):
    the difference counts the writes that may have changed anything. `epoch` is new in
    every database and after every restore."""

    number = models.PositiveBigIntegerField(_("number"), default=0)
    setup_number = models.PositiveBigIntegerField(_("setup number"), default=0)
    # Database defaults too: a row inserted by code that predates these columns (an old
    # migration's RunPython) still gets them; migration 0002 gives it a random epoch.
    scoped_number = models.PositiveBigIntegerField(_("scoped number"), default=0, db_default=0)
    epoch = models.PositiveBigIntegerField(_("epoch"), default=new_epoch, db_default=0)

    class Meta:
        verbose_name = _("aggregate version")
        verbose_name_plural = _("aggregate versions")
        # Created by scores (migration 0008) before the page cache became its own app.
        db_table = "scores_aggregateversion"

    def __str__(self) -> str:
        return str(self.number)


class ScopeVersion(models.Model):
    """The version of one scope of the data (a pemda's own values, the aggregates below
    a unit, …; the apps above name them): a write raises the scopes it can change, and
    a page is keyed by the scopes it reads, so typing in one pemda leaves the pages of
    the others cached."""

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("scope version")
        verbose_name_plural = _("scope versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"
