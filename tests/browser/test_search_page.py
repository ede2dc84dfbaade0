"""A reader searches in a real Chromium: the form, the marked results, no WCAG AA violations."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def seeded(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())


def test_reader_searches_rutte_and_opens_the_result(live_server, page, seeded):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/search/")

    page.get_by_label("Search for").fill("Rutte")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url("**/search/?q=Rutte*")
    assert page.get_by_role("heading", level=2).inner_text().lower() == "1 result for “rutte”"
    assert "Rutte" in page.locator(".search-result__snippet mark").all_inner_texts()
    page.get_by_role("link", name=HEADLINE).click()
    page.wait_for_url("**/2026/02/03/**")
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("viewport", "query"),
    [
        ({"width": 390, "height": 844}, "q=Rutte"),
        ({"width": 1280, "height": 900}, "q=Rutte&section=nowhere&from=2026-02-30"),
    ],
    ids=["phone-results", "desktop-errors"],
)
def test_search_page_has_no_wcag_aa_violations(
    browser, live_server, seeded, scheme, viewport, query
):
    # axe is injected as a script, which the site's own CSP rightly forbids.
    context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/search/?{query}")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})

        assert [item["id"] for item in results.response["violations"]] == []
    finally:
        context.close()
