"""On a phone the unit page starts with what its head needs (issue 16, item 1): the
unit's figures, then their own action plans and evidence, then the charts."""

from tests.actions.conftest import make_plan
from tests.conftest import PASSWORD
from tests.scores.entry.support import save_score


def test_on_a_phone_the_head_sees_figures_then_plans_then_charts(
    watched_page, live_server, log_in, official_units, indicators, kepala_bpkad, screenshot
):
    for year, value in ((2022, "66"), (2023, "71")):
        save_score(official_units["bpkad"], indicators["mcp"], year, value, None)
    make_plan(official_units, indicators, title="Tertibkan aset BMD")
    watched_page.set_viewport_size({"width": 390, "height": 844})
    log_in(watched_page, "kepala-bpkad", PASSWORD)
    watched_page.goto(f"{live_server.url}/unit/bpkad/")
    tops = watched_page.evaluate(
        """() => ['.summary-panel', '.head-work', '.charts-panel'].map(
             (selector) => document.querySelector(selector).getBoundingClientRect().top)"""
    )
    screenshot("unit-page-head-phone")
    figures, work, chart = tops
    assert figures < work < chart
    width = watched_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
