"""The names of the colour bands behind a trend chart must not print over each other:
IIN's Waspada band (73–78) is narrow, so its label and Rentan's sat 5 points apart on
a 0–100 axis, one line of 10 px text on top of the other."""

import pytest

from dashboard.charts.base import BAND_LABEL_MIN_GAP, band_shapes
from scores.models import Indicator


def label_side(label: dict) -> str:
    return label["xanchor"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["mcp", "ipak", "iin"])
def test_band_labels_on_one_side_are_apart(code):
    indicator = Indicator.objects.get(code=code)
    span = float(indicator.scale_max - indicator.scale_min)
    _shapes, labels = band_shapes(indicator)
    assert len(labels) == indicator.bands.count()
    for side in ("left", "right"):
        heights = sorted(label["y"] for label in labels if label_side(label) == side)
        gaps = [(upper - lower) / span for lower, upper in zip(heights, heights[1:], strict=False)]
        assert all(gap >= BAND_LABEL_MIN_GAP for gap in gaps), (code, side, heights)


@pytest.mark.django_db
def test_band_labels_stay_left_when_there_is_room():
    mcp = Indicator.objects.get(code="mcp")
    _shapes, labels = band_shapes(mcp)
    assert {label["xanchor"] for label in labels} == {"left"}
