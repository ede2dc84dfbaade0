"""A reader finds their way: search, the story, its tag, its photographer, its section, page 2."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Section
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
PER_PAGE = 5


@pytest.fixture
def newsroom(settings, seed_path) -> Article:
    """The seed in the Europe section, with enough other Europe stories for two pages."""
    settings.ARTICLES_PER_PAGE = PER_PAGE
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    europe = Section.objects.create(name="Europe", slug="europe", in_navigation=True)
    seed = Article.objects.get()
    seed.section = europe
    seed.save()
    for n in range(PER_PAGE + 2):
        factories.article(
            headline=f"Europe story {n}",
            section=europe,
            published_at=timezone.now() - datetime.timedelta(hours=n + 1),
        )
    return seed


def test_a_reader_searches_then_follows_a_tag_an_author_and_a_section_and_pages_through_it(
    live_server, page, newsroom, console_errors
):
    page.goto(live_server.url + "/")
    header = page.get_by_role("banner")
    header.get_by_role("searchbox", name="Search").fill("Rutte")
    header.get_by_role("button", name="Search").click()

    page.wait_for_url("**/search/?q=Rutte*")
    page.get_by_role("link", name=HEADLINE).click()
    page.wait_for_url(f"**{newsroom.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE

    # A tag: the people the article names link to their page.
    page.locator(".tags").get_by_role("link", name="Mark Rutte").click()
    page.wait_for_url("**/tags/people/mark-rutte/")
    assert "Mark Rutte" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name=HEADLINE).click()

    # An author: the picture's credit leads to the photographer's pictures.
    page.wait_for_url(f"**{newsroom.get_absolute_url()}")
    page.locator(".figure__credit").get_by_role("link", name="Andrii Nesterenko").click()
    page.wait_for_url("**/authors/andrii-nesterenko/photographs/")
    assert "Andrii Nesterenko" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name=HEADLINE).count() == 1
    page.go_back()

    # A section: the breadcrumb leads to it, and its pages go back in time.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Europe").click()
    page.wait_for_url("**/europe/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Europe")
    assert page.locator("article.card").count() == PER_PAGE
    page.locator(".pagination").get_by_role("link", name="Older articles").click()

    page.wait_for_url("**/europe/?page=2")
    older = page.locator("article.card h2, article.card h3").all_inner_texts()
    assert HEADLINE in older
    assert len(older) == 3  # Eight Europe stories, five a page.
    assert page.locator("link[rel=prev]").get_attribute("href").endswith("/europe/")
    assert console_errors == []
