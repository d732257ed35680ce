"""axe-core (WCAG 2.1 A and AA) finds no serious or critical violation on the main pages
(issue 16, item 5). axe is vendored for the tests only: tests/e2e/vendor/axe-*.min.js
(axe-core from npm, MPL-2.0, licence beside it); the page's CSP does not apply to
Playwright's evaluate, so it is injected without loosening the policy."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from actions.models import ActionPlan
from skpd.models import Unit

PASSWORD = "demo-mcp-2024"  # seed_demo's users; its inspektorat is staff
AXE = next((Path(__file__).parent / "vendor").glob("axe-*.min.js"))
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "/",
    "/unit/kalsel/",
    "/unit/bpkad/",
    "/unit/nasional/",
    "/entry/",
    "/import/",
    "/action-plans/",
    "/action-plans/{plan}/",
    "/what-if/",
    "/admin/",
    "/admin/auth/user/add/",
    "/admin/skpd/unit/{unit}/change/",
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
    call_command("seed_demo_actions", stdout=io.StringIO())
    return {
        "plan": ActionPlan.objects.order_by("pk").first().pk,
        "unit": Unit.objects.get(code="bpkad").pk,
    }


def serious_violations(page) -> list[str]:
    page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" "))
              .slice(0, 3).join(", ")}`);
        }""",
        WCAG_21_AA,
    )


def test_axe_finds_no_serious_violation_on_the_main_pages(watched_page, live_server, demo):
    page = watched_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("inspektorat")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    found = {}
    for path in PAGES:
        url = path.format(**demo)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        if violations := serious_violations(page):
            found[url] = violations
    assert found == {}


def test_axe_itself_reports_a_violation_on_a_broken_page(watched_page, live_server):
    # The check can fail: a button without a name is a critical violation.
    watched_page.goto(f"{live_server.url}/accounts/login/")
    watched_page.evaluate(
        "document.querySelector('main').append(document.createElement('button'))"
    )
    assert any(v.startswith("button-name") for v in serious_violations(watched_page))
