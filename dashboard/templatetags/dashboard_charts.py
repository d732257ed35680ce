from functools import lru_cache

from django import template
from django.utils.html import json_script

from dashboard.charts import TEMPLATE, alt_table, simple_white

register = template.Library()


@register.inclusion_tag("dashboard/_chart.html")
def chart(charts: dict, name: str, label: str = "") -> dict:
    """A chart's drawing area, its figure as JSON for charts.js, and its data table."""
    figure = (charts or {}).get(name)
    if figure is None:
        return {"figure": None}
    title = figure["layout"].get("title", {}).get("text", "")
    return {
        "figure": figure,
        "name": name,
        "script_id": f"chart-data-{name}",
        "label": label or title,
        "table": alt_table(figure),
    }


@register.filter
def get_item(mapping: dict, key: str):
    return (mapping or {}).get(key)


@register.filter
def minus(value, other):
    """value − other, for changes computed in a template (None if either is missing)."""
    if value is None or other is None:
        return None
    return value - other


@register.simple_tag
@lru_cache(maxsize=1)
def chart_templates():
    """The plotly template the figures name, once per page, for charts.js (the same
    30 kB on every page: serialised once per process)."""
    return json_script(simple_white(), f"plotly-template-{TEMPLATE}")
