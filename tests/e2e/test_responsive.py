"""Every role's pages fit the screen: on a phone (390 × 844, touch, mobile user agent)
and on an office laptop (1366 × 768), no page is wider than the viewport (issue 16).
A table or heatmap may scroll inside its own card; the page itself never does."""

import io

import pytest
from django.core.management import call_command

from actions.models import ActionPlan

PASSWORD = "demo-mcp-2024"  # seed_demo's demo users
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PAGES = {
    "inspektorat": [
        "/",
        "/unit/kalsel/",
        "/unit/bpkad/",
        "/unit/nasional/",
        "/entry/",
        "/entry/2024/unit/bpkad/",
        "/import/",
        "/export/",
        "/action-plans/",
        "/action-plans/{plan}/",
        "/action-plans/new/",
        "/strategic-issues/",
        "/what-if/",
        "/accounts/password/",
    ],
    "pimpinan": ["/", "/unit/kalsel/", "/action-plans/", "/what-if/"],
    "kepala-bpkad": ["/", "/unit/bpkad/", "/action-plans/", "/action-plans/{plan}/"],
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
    call_command("seed_demo_actions", stdout=io.StringIO())
    return ActionPlan.objects.filter(owner_unit__code="bpkad").order_by("pk").first()


def too_wide(page) -> list[str]:
    """The page's width beyond the viewport, with the elements that stick out."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return [];
          const edge = root.clientWidth + 1;
          const out = [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > edge)
            .filter((e) => !e.parentElement.closest(".table-scroll, .chart-scroll"))
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`);
          return [`scrollWidth ${root.scrollWidth} > ${root.clientWidth}`, ...out];
        }"""
    )


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_no_page_of_any_role_is_wider_than_the_screen(browser, live_server, demo, device):
    wide, errors = {}, []
    for username, paths in PAGES.items():
        context = browser.new_context(
            **(PHONE if device == "phone" else LAPTOP),
            locale="id-ID",
            timezone_id="Asia/Makassar",
        )
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        for path in paths:
            url = path.format(plan=demo.pk)
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, f"{username} {url}: {response.status}"
            page.wait_for_load_state("networkidle")
            if problems := too_wide(page):
                wide[f"{username} {url}"] = problems
        context.close()
    assert errors == []
    assert wide == {}
