"""What every figure shares: colours, the plotly template, number separators, the
figure frame and the colour bands behind a value."""

import html
import textwrap
from decimal import Decimal
from functools import lru_cache

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from scores.models import Indicator

UNIT_COLOUR = "#0b4f6c"


SECOND_COLOUR = "#7b1fa2"


BENCHMARK_COLOUR = "#5b6875"


PREVIOUS_COLOUR = "#9fb7c9"


TARGET_COLOUR = "#1d2733"


BAND_OPACITY = 0.09


FONT = 'system-ui, "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif'


TEMPLATE = "simple_white"


@lru_cache(maxsize=1)
def simple_white() -> dict:
    import plotly.io

    return plotly.io.templates["simple_white"].to_plotly_json()


def separators() -> str:
    """Plotly's decimal mark then thousands separator, as the active language writes them."""
    return ".," if (get_language() or "id").startswith("en") else ",."


def plotly_locale() -> str:
    """The plotly.js locale registered in the vendored bundle for the active language."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def short_label(text: str, width: int = 16) -> str:
    """The text wrapped at `width` characters with plotly's line break, each line
    escaped: the one label built with markup, so marked safe for `figure`."""
    lines = [html.escape(line, quote=False) for line in textwrap.wrap(text, width)]
    return SafeString("<br>".join(lines) or html.escape(text, quote=False))


# Keys whose strings are plotly's own formats, written by the chart code: they hold
# markup on purpose (<br>, <extra>) and %{…} placeholders; the values they take in are
# escaped where they live (x, y, text, customdata, name).
FORMAT_KEYS = frozenset({"hovertemplate", "texttemplate", "template", "family", "separators"})


def escaped(value, key: str = ""):
    """`value` with every string plotly would render as its pseudo-HTML (<a href>, <b>,
    <br>) escaped, so a unit's name or a note is shown as text, never as a link. Strings
    under FORMAT_KEYS and SafeStrings (short_label) are the code's own and kept."""
    if isinstance(value, dict):
        return {k: escaped(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escaped(item, key) for item in value]
    if isinstance(value, SafeString) or key in FORMAT_KEYS or not isinstance(value, str):
        return value
    return html.escape(value, quote=False)


def figure(data: list[dict], layout: dict, filename: str) -> dict:
    """A plotly figure dict; every text in data and layout is escaped (`escaped`)."""
    data, layout = escaped(data), escaped(layout)
    return {
        "data": data,
        "layout": {
            # Named, not inlined: the page carries the template once (chart_templates tag).
            "template": TEMPLATE,
            "separators": separators(),
            "font": {"family": FONT, "size": 12},
            "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
            "legend": {"orientation": "h", "y": -0.18},
            "hoverlabel": {"font": {"family": FONT}},
            **layout,
        },
        "config": {
            "responsive": True,
            # No toolbar: inside a labelled chart it is a nested interactive control with
            # some 50 tab stops; _chart.html offers one "Download PNG" button instead.
            "displayModeBar": False,
            "displaylogo": False,
            "locale": plotly_locale(),
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        },
    }


def chart_filename(chart: str, unit_code: str, year: int | None) -> str:
    return f"{chart}-{unit_code}-{year}" if year else f"{chart}-{unit_code}"


# The least distance, as a share of the axis, between two band names on one side of a
# chart: a 10 px line of text on a plot some 250 px tall needs about 6 %.
BAND_LABEL_MIN_GAP = 0.06


def band_shapes(indicator: Indicator) -> tuple[list[dict], list[dict]]:
    """Each colour band as a light horizontal strip with its name at the top of the strip,
    at the left edge; a name that would sit closer than BAND_LABEL_MIN_GAP of the axis to
    the one below it goes to the right edge instead (IIN's Waspada band is 5 points of 100).
    Returns (plotly shapes, plotly annotations), one of each per band, lowest band first."""
    bands = sorted(indicator.bands.all(), key=lambda band: band.lower)
    span = float(indicator.scale_max - indicator.scale_min) or 1.0
    shapes, labels = [], []
    last_on_side = {"left": None, "right": None}
    for position, band in enumerate(bands):
        upper = bands[position + 1].lower if position + 1 < len(bands) else indicator.scale_max
        shapes.append(band_strip(band, upper))
        side = label_side(float(upper), last_on_side, span)
        last_on_side[side] = float(upper)
        labels.append(band_label(band, float(upper), side))
    return shapes, labels


def label_side(height: float, last_on_side: dict[str, float | None], span: float) -> str:
    """ "left" unless the last name on the left is too close below `height`, then "right"."""
    last_left = last_on_side["left"]
    if last_left is None or (height - last_left) / span >= BAND_LABEL_MIN_GAP:
        return "left"
    return "right"


def band_strip(band, upper) -> dict:
    return {
        "type": "rect",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": float(band.lower),
        "y1": float(upper),
        "fillcolor": band.colour,
        "opacity": BAND_OPACITY,
        "line": {"width": 0},
        "layer": "below",
    }


def band_label(band, height: float, side: str) -> dict:
    return {
        "xref": "paper",
        "yref": "y",
        "x": 0.005 if side == "left" else 0.995,
        "y": height,
        "yanchor": "top",
        "xanchor": side,
        "text": band.label,
        "showarrow": False,
        "font": {"size": 10, "color": band.colour},
    }


def band_colour(indicator: Indicator, value: Decimal) -> str:
    band = indicator.band_for(value)
    return band.colour if band else UNIT_COLOUR
