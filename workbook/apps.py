from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "workbook"
    verbose_name = _("MCP workbook")

    def ready(self) -> None:
        from pagecache.signals import raise_data_version_on_write

        # The admin edits the catalogue and assignments outside the services, and the
        # overview and OPD pages are cached on the data version.
        raise_data_version_on_write(
            "workbook.CatalogueEntry",
            "workbook.DocumentRecord",
            "workbook.DocumentFile",
            "workbook.SubIndicatorValue",
        )
