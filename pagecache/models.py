from django.db import models
from django.utils.translation import gettext_lazy as _


class AggregateVersion(models.Model):
    """One row whose numbers every write raises (pagecache.versioned): cached values are
    keyed by them, so a write in one gunicorn worker invalidates the caches of all."""

    number = models.PositiveBigIntegerField(_("number"), default=0)
    setup_number = models.PositiveBigIntegerField(_("setup number"), default=0)

    class Meta:
        verbose_name = _("aggregate version")
        verbose_name_plural = _("aggregate versions")
        # Created by scores (migration 0008) before the page cache became its own app.
        db_table = "scores_aggregateversion"

    def __str__(self) -> str:
        return str(self.number)
