"""The reader's pages pass axe-core's WCAG 2.2 A and AA rules, light and dark, phone and desktop."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from articles import previews
from articles.models import Article, ArticleReadCount, Author, Byline, Correction, Section, Tag
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def seeded(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    # The export names no section: file the article under one in the header.
    europe = Section.objects.create(name="Europe", slug="europe", in_navigation=True)
    Section.objects.create(name="Sport", slug="sport", in_navigation=True, position=1)
    Article.objects.update(section=europe)
    seed = Article.objects.get()
    # A reporter's byline, a second story that shares the seed's tags (Related News)
    # and reads of both (Most read), so every block of the pages is checked.
    reporter = factories.author(name="Ada Reporter", slug="ada-reporter", bio="Covers NATO.")
    Byline.objects.create(article=seed, author=reporter)
    other = factories.article(
        headline="NATO ministers meet in Brussels", section=europe, tags=list(seed.tags.all())
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for story, reads in ((seed, 40), (other, 12)):
        ArticleReadCount.objects.create(article=story, hour=now, reads=reads)


def list_paths() -> dict[str, str]:
    """The seed's list pages: its section, a tag, its photographer, its publisher."""
    article = Article.objects.select_related("lead_image__photographer", "publisher").get(
        lead_image__isnull=False
    )
    photographer = article.lead_image.photographer
    return {
        "section": "/europe/",
        "tag": Tag.objects.get(kind="place", name="Kyiv").get_absolute_url(),
        "author": "/authors/ada-reporter/",
        "photographs": photographer.get_photographs_url(),
        "publisher": article.publisher.get_absolute_url(),
    }


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", ["section", "tag", "author", "photographs", "publisher"])
def test_list_page_has_no_wcag_aa_violations(browser, live_server, seeded, kind, scheme, viewport):
    path = list_paths()[kind]
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    try:
        response = page.goto(live_server.url + path)

        assert response.status == 200
        assert violations(page) == []
    finally:
        context.close()


def correction_paths(site: str) -> dict[str, str]:
    """/corrections/, the seed with a correction at its foot, and a draft's preview link."""
    seed = Article.objects.get(headline__startswith="Russian strikes")
    Correction.objects.create(article=seed, text="An earlier version misnamed the minister.")
    preview = factories.article(headline="A draft for the desk", status=Article.Status.DRAFT)
    return {
        "corrections": "/corrections/",
        "corrected-article": seed.get_absolute_url(),
        "preview-link": previews.preview_url(preview).removeprefix(site),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", ["corrections", "corrected-article", "preview-link"])
def test_correction_and_preview_pages_have_no_wcag_aa_violations(
    browser, live_server, seeded, kind, scheme, viewport
):
    path = correction_paths(live_server.url)[kind]
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    try:
        response = page.goto(live_server.url + path)

        assert response.status == 200
        assert violations(page) == []
    finally:
        context.close()


def test_author_page_without_articles_has_no_wcag_aa_violations(browser, live_server, seeded):
    photographer = Author.objects.get(photographs__isnull=False)
    context = browser.new_context(viewport=VIEWPORTS["phone"], bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + photographer.get_absolute_url())

        assert violations(page) == []
    finally:
        context.close()
