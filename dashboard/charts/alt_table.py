"""The numbers behind a chart as a table, for screen readers and for anyone who
prefers one."""

import html
from dataclasses import dataclass
from decimal import Decimal

from scores.values import format_number


@dataclass(frozen=True)
class AltTable:
    """The numbers behind a chart, for screen readers and for anyone who prefers a table."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]


def plain(label) -> str:
    """A chart label as text: plotly's line breaks as spaces, its escapes undone (the
    template escapes again)."""
    return html.unescape(str(label).replace("<br>", " "))


def shown(value) -> str:
    return "–" if value is None else format_number(Decimal(str(value)), 2)


def alt_table(fig: dict) -> AltTable:
    """Read a figure back into a table: categories as rows, series as columns."""
    traces = [t for t in fig["data"] if t.get("hoverinfo") != "skip"]  # overlays, legend keys
    if traces and traces[0]["type"] == "waterfall":
        trace = traces[0]
        labels = trace["y"] if trace.get("orientation") == "h" else trace["x"]
        return AltTable(
            [""], [(plain(y), [t]) for y, t in zip(labels, trace["text"], strict=True)]
        )
    if traces and traces[0]["type"] == "heatmap":
        trace = traces[0]
        columns = [plain(x) for x in trace["x"]]
        return AltTable(
            columns, [(plain(y), row) for y, row in zip(trace["y"], trace["text"], strict=True)]
        )
    categories: list[str] = []
    cells: dict[tuple[str, int], str] = {}
    for position, trace in enumerate(traces):
        horizontal = trace.get("orientation") == "h"
        keys, values = (trace["y"], trace["x"]) if horizontal else (trace["x"], trace["y"])
        for key, value in zip(keys, values, strict=True):
            if plain(key) not in categories:
                categories.append(plain(key))
            cells[(plain(key), position)] = shown(value)
    if all(str(c).isdigit() for c in categories):
        categories.sort()
    columns = [plain(trace.get("name") or "") for trace in traces]
    rows = [(c, [cells.get((c, p), "–") for p in range(len(traces))]) for c in categories]
    return AltTable(columns, rows)
