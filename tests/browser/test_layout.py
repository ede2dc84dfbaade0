"""Long text and small screens: nothing widens the page; printing leaves the story alone."""

import pytest

from articles.models import Section
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_WORD = "Ukraine" * 72  # 504 letters, no space to break at.
# Headlines hold 300 characters, names 200: the longest unbroken word that fits.
HEADLINE_WORD = LONG_WORD[:300]
NAME_WORD = LONG_WORD[:200]


@pytest.fixture
def long_words():
    europe = Section.objects.create(name="Europe", slug="europe", in_navigation=True)
    for n in range(12):
        Section.objects.create(name=f"Section {n}", slug=f"section-{n}", in_navigation=True)
    tag = factories.tag(name=NAME_WORD, slug="long")
    return factories.article(
        headline=HEADLINE_WORD,
        standfirst=f"Standfirst {LONG_WORD}",
        body=f"<p>Body {LONG_WORD}</p>",
        section=europe,
        tags=[tag],
        lead_image=factories.image(caption=f"Caption {LONG_WORD}"),
        authors=[factories.author(name=NAME_WORD)],
    )


@pytest.mark.parametrize("where", ["home", "section", "article"])
def test_long_unbroken_words_do_not_widen_the_page_on_a_phone(
    browser, live_server, long_words, where
):
    path = {"home": "/", "section": "/europe/", "article": long_words.get_absolute_url()}[where]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + path)

        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_section_navigation_scrolls_sideways_on_a_phone_without_script(
    browser, live_server, long_words
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        nav = page.locator(".site-nav__list")

        assert nav.evaluate("list => list.scrollWidth > list.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        nav.get_by_role("link", name="Section 11").click()
        page.wait_for_url("**/section-11/")
    finally:
        context.close()


def test_printed_article_leaves_out_navigation_and_footer(browser, live_server, long_words):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live_server.url + long_words.get_absolute_url())
        page.emulate_media(media="print")

        assert not page.locator(".site-nav").is_visible()
        assert not page.locator(".breadcrumbs").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert page.locator(".story__headline").is_visible()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
            "rgb(255, 255, 255)"
        )
    finally:
        context.close()
