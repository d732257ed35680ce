"""The entry grid keeps its column headers in view while its rows scroll (issue 16,
item 3), and its history panel is wide enough to read."""

import io

from django.core.management import call_command

PASSWORD = "demo-mcp-2024"  # seed_demo's users


def test_the_grid_headers_stay_in_view_while_the_rows_scroll(browser, live_server):
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("inspektorat")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/entry/")
    offset = page.evaluate(
        """() => {
          const scroller = document.querySelector(".entry-layout .table-scroll");
          const header = document.querySelector("table.entry thead th:nth-child(2)");
          scroller.scrollTop = 600;
          return [scroller.scrollTop, header.getBoundingClientRect().top
                  - scroller.getBoundingClientRect().top];
        }"""
    )
    context.close()
    scrolled, header_from_top = offset
    assert scrolled > 0, "the grid scrolls inside its box"
    assert abs(header_from_top) <= 2
