from django.urls import path, register_converter

from scores.entry import views


class CellKeyConverter:
    """s-<unit id>-<indicator id> for a score, t-… for a target."""

    regex = r"[st]-[0-9]{1,9}-[0-9]{1,9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CellKeyConverter, "cellkey")

urlpatterns = [
    path("", views.entry_grid, name="entry_grid"),
    path("save/", views.entry_save, name="entry_save"),
    path("paste/", views.entry_paste, name="entry_paste"),
    path("<int:year>/cell/<cellkey:key>/", views.entry_cell, name="entry_cell"),
    path("<int:year>/history/<cellkey:key>/", views.entry_history, name="entry_history"),
    path("<int:year>/unit/<slug:code>/", views.entry_unit, name="entry_unit"),
    path("<int:year>/lock/", views.entry_lock, name="entry_lock"),
    path("<int:year>/unlock/", views.entry_unlock, name="entry_unlock"),
]
