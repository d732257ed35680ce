import plotly.offline
from django.contrib.staticfiles import finders

from dashboard.staticfiles import STATIC_PATH


def test_plotly_js_is_served_from_the_installed_package(client, db, settings):
    # As in development: whitenoise serves through the finders (tests run with DEBUG off).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get(f"/static/{STATIC_PATH}")
    assert response.status_code == 200
    served = b"".join(response.streaming_content).decode("utf-8")
    assert served == plotly.offline.get_plotlyjs()


def test_the_finder_lists_plotly_for_collectstatic():
    assert finders.find(STATIC_PATH).endswith("plotly/package_data/plotly.min.js")
    listed = [
        (storage.prefix, path)
        for finder in finders.get_finders()
        for path, storage in finder.list(None)
        if getattr(storage, "prefix", None) == "vendor"
    ]
    assert listed == [("vendor", "plotly.min.js")]
