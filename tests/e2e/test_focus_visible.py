"""Focus is visible everywhere (issue 16, item 5): every element Tab reaches on the
main pages shows an outline of at least 2 px."""

import pytest

from tests.conftest import PASSWORD

TAB_STOPS = 25

FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0;
  const shadow = style.boxShadow !== 'none';
  return [el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className, ring, shadow];
}"""


@pytest.mark.parametrize("path", ["/", "/unit/kalsel/", "/entry/?year=2023", "/action-plans/"])
def test_every_tab_stop_shows_a_focus_ring_of_at_least_2px(
    watched_page, live_server, log_in, official_data, inspektorat_user, path
):
    log_in(watched_page, "inspektorat", PASSWORD)
    watched_page.goto(f"{live_server.url}{path}")
    faint = []
    for _ in range(TAB_STOPS):
        watched_page.keyboard.press("Tab")
        name, ring, shadow = watched_page.evaluate(FOCUS_RING)
        if name.startswith("BODY"):
            break
        if ring < 2 and not shadow:
            faint.append((name, ring))
    assert faint == []
