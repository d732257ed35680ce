"""Serve plotly.js from the installed plotly package, so no copy is ever committed and
nothing loads from a CDN: collectstatic picks it up (hashed and compressed by
whitenoise when DEBUG is off) and runserver/whitenoise serve it while developing."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
PLOTLY_FILE = "plotly.min.js"
STATIC_PREFIX = "vendor"
STATIC_PATH = f"{STATIC_PREFIX}/{PLOTLY_FILE}"


class PlotlyFinder(BaseFinder):
    """Exposes plotly's package_data/plotly.min.js as static/vendor/plotly.min.js."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(PLOTLY_DIR))
        self.storage.prefix = STATIC_PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path != STATIC_PATH:
            return [] if find_all else None
        match = str(PLOTLY_DIR / PLOTLY_FILE)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        yield PLOTLY_FILE, self.storage
