"""Score entry: rendering the grid for the province and its 40 SKPD, and saving one cell."""

import re
from itertools import count
from urllib.parse import urlencode

from django.test import Client

from bench.harness import Report, measure
from scores.models import Indicator, Score
from skpd.models import Unit

YEAR = 2023
FORM_ENCODED = "application/x-www-form-urlencoded"


def run(report: Report) -> None:
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    grid_url = f"/entry/?unit=kalsel&year={YEAR}"
    report.add(
        "entry",
        "grid /entry/ (kalsel, 40 SKPD)",
        measure(lambda: client.get(grid_url)),
        floor_ms=150,
    )
    report.add(
        "entry",
        "grid with targets and IPAK",
        measure(lambda: client.get(f"{grid_url}&targets=1&ipak=1")),
    )
    report.add("entry", "one cell save (htmx)", measure(cell_saver(client)), floor_ms=30)


def cell_saver(client: Client):
    """Each call stores a different provisional value, so every request really writes."""
    unit = Unit.objects.filter(code__startswith="bench-skpd-").order_by("code").first()
    indicator = Indicator.objects.get(code="iin")
    Score.objects.filter(unit=unit, indicator=indicator, year=YEAR).update(status="progress")
    key = f"s-{unit.pk}-{indicator.pk}"
    url = f"/entry/{YEAR}/cell/{key}/"
    values = count()
    state = {"version": current_version(unit, indicator)}

    def save():
        value = f"{60 + next(values) % 30},{next(values) % 100:02d}"
        fields = {f"v-{key}": value, f"ver-{key}": state["version"], f"was-{key}": ""}
        fields |= {"new-status": "progress", "new-source": ""}  # asked once above the grid
        response = client.post(  # form-encoded, as htmx sends it
            url, urlencode(fields), content_type=FORM_ENCODED, HTTP_HX_REQUEST="true"
        )
        match = re.search(rf'name="ver-{key}" value="(\d+)"', response.content.decode())
        if "cell-error" in response.content.decode() or not match:
            raise RuntimeError(f"cell save refused: {response.content[:300]!r}")
        state["version"] = match.group(1)
        return response

    return save


def current_version(unit, indicator) -> str:
    score = Score.objects.filter(unit=unit, indicator=indicator, year=YEAR).first()
    return str(score.version if score else 0)
