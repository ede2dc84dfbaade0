"""The reader's pages pass axe-core's WCAG 2.2 A and AA rules, light and dark, phone and desktop."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def seeded(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())


def violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{item['id']}: {item['help']} at {[node['target'] for node in item['nodes']]}"
        for item in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/",
        "/no/such/page/",
    ],
    ids=["home", "article", "not-found"],
)
def test_page_has_no_wcag_aa_violations(browser, live_server, seeded, path, scheme, viewport):
    # axe is injected as a script, which the site's own CSP rightly forbids.
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + path)

        assert violations(page) == []
    finally:
        context.close()
