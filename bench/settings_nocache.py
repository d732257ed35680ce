"""`make bench-national` without any cache (DJANGO_SETTINGS_MODULE=bench.settings_nocache):
the "before" figures of the caching the pages do."""

from mcp_dashboard.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
