"""Leaders print the dashboard and the unit page for meetings (issue 16, item 2): on A4
landscape every chart lies inside the page and no two boxes overlap."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_dashboard import expect_charts_drawn

PASSWORD = "demo-mcp-2024"
# A4 landscape less the 8 mm margins of dashboard.css's @page, in CSS pixels (96 per inch).
PRINTED_WIDTH = round((297 - 2 * 8) / 25.4 * 96)
BOXES = ".panel, .card, .chart-block, .dash-header, table"


@pytest.fixture
def demo_print_page(browser, live_server):
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="id-ID", timezone_id="Asia/Makassar"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("pimpinan")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/password/")  # a known URL to build others on
    yield page
    context.close()
    assert errors == []


def print_layout(page, path: str, charts: int, name: str) -> dict:
    """Load `path` as on screen, then lay it out as printed and save the PDF."""
    page.goto(page.url.split("/accounts/")[0].rstrip("/") + path)
    expect_charts_drawn(page, charts)
    # What a browser does when asked to print: beforeprint, then the print layout at
    # the paper's width (set first: plotly redraws its charts when the window resizes).
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": 700})
    page.wait_for_timeout(300)  # plotly's responsive resize is debounced
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    layout = measure(page)
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    return layout


def measure(page) -> dict:
    return page.evaluate(
        """(selector) => {
          const box = (e) => e.getBoundingClientRect();
          const charts = [...document.querySelectorAll(".chart svg.main-svg")].map((svg) => {
            const chart = svg.closest(".chart");
            return {name: chart.id, right: box(svg).right, boxRight: box(chart).right,
                    width: box(svg).width, scaled: svg.hasAttribute("viewBox")};
          });
          const blocks = [...document.querySelectorAll(selector)].filter(
            (e) => e.offsetParent !== null && box(e).height > 0);
          const overlaps = [];
          for (const a of blocks) for (const b of blocks) {
            if (a === b || a.contains(b) || b.contains(a)) continue;
            const p = box(a), q = box(b);
            const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
            const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (x > 1 && y > 1 && a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
              overlaps.push(`${a.className || a.tagName} × ${b.className || b.tagName}`);
          }
          const heatmap = document.getElementById("chart-heatmap");
          return {charts, overlaps, width: document.documentElement.clientWidth,
                  heatmapHeight: heatmap ? box(heatmap).height : null};
        }""",
        BOXES,
    )


def assert_fits_paper(layout: dict) -> None:
    assert layout["charts"], "charts were printed"
    for chart in layout["charts"]:
        assert chart["right"] <= layout["width"] + 0.5, chart
        assert chart["right"] <= chart["boxRight"] + 0.5, chart
        assert chart["width"] > 100, chart
        assert chart["scaled"], chart
    assert layout["overlaps"] == []


def test_the_printed_dashboard_fits_a4_landscape(demo_print_page):
    layout = print_layout(demo_print_page, "/", 7, "print-dashboard")
    assert_fits_paper(layout)


def test_the_printed_unit_page_keeps_every_chart_whole(demo_print_page):
    layout = print_layout(demo_print_page, "/unit/kalsel/", 4, "print-unit-kalsel")
    assert_fits_paper(layout)
    assert {chart["name"] for chart in layout["charts"]} >= {"chart-mcp-trend", "chart-ipak-trend"}


def test_the_printed_heatmap_fits_one_page_whole(demo_print_page):
    layout = print_layout(demo_print_page, "/", 7, "print-dashboard")
    height_mm = layout["heatmapHeight"] / 96 * 25.4
    assert 60 < height_mm <= 194  # the printable height of A4 landscape with 8 mm margins
