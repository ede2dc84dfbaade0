"""What a reader gets from the public pages: home, article, author, errors."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.models import Article, RelatedLink
from tests import factories
from tests.caches import clear_all

pytestmark = pytest.mark.django_db

# 3 February 2026, 11:00 in Brussels.
FEB_3 = datetime.datetime(2026, 2, 3, 10, 0, tzinfo=datetime.UTC)
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# A 1×1 transparent GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

# Queries the pages run with every cache empty (tests/caches.py), whatever the number
# of articles, authors, tags and links; bylines and tags are read with each article
# (its copies): article: the article with publisher, section and picture; related
# links; similar stories filling Related News; Most read; the header's sections (the
# last three cached afterwards, see test_related.py and test_popularity.py).
ARTICLE_PAGE_QUERIES = 5
# home: the lead story; count for the paginator; the page of articles; the newest
# of each navigation section; Most read; the header's sections.
HOME_PAGE_QUERIES = 6


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def text_of(response) -> str:
    return response.content.decode()


def positions(html: str, *needles: str) -> list[int]:
    found = [html.find(needle) for needle in needles]
    assert -1 not in found, dict(zip(needles, found, strict=True))
    return found


def rich_article(count: int) -> Article:
    """A published article with `count` authors, tags and related published articles."""
    return factories.article(
        lead_image=factories.image(photographer=factories.author(), agency="AFP"),
        section=factories.section(),
        authors=[factories.author() for _ in range(count)],
        tags=[factories.tag() for _ in range(count)],
        related=[factories.article() for _ in range(count)],
    )


# Home -----------------------------------------------------------------------


def test_home_lists_published_articles_newest_first(client):
    factories.article(headline="Oldest story", published_at=days_ago(3))
    factories.article(headline="Newest story", published_at=days_ago(1))
    factories.article(headline="Middle story", published_at=days_ago(2))

    html = text_of(client.get("/"))

    newest, middle, oldest = positions(html, "Newest story", "Middle story", "Oldest story")
    assert newest < middle < oldest


def test_home_card_shows_headline_link_standfirst_date_and_byline(client):
    article = factories.article(
        headline="Council approves budget",
        standfirst="The vote was close.",
        published_at=FEB_3,
        authors=[factories.author(name="Ada Reporter")],
    )

    response = client.get("/")

    assertContains(
        response, f'<a href="{article.get_absolute_url()}">Council approves budget</a>', html=True
    )
    assertContains(response, "The vote was close.")
    assertContains(
        response,
        '<time datetime="2026-02-03T11:00:00+01:00">3 February 2026, 11:00</time>',
        html=True,
    )
    assertContains(response, "Ada Reporter")


def test_home_card_shows_the_picture_caption_and_credit(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photographer = factories.author(name="Photographer Name")
    picture = factories.image(
        file=SimpleUploadedFile("dot.gif", GIF, content_type="image/gif"),
        alt_text="A dot",
        caption="Crowds at the station.",
        photographer=photographer,
        agency="AGENCY",
    )
    factories.article(lead_image=picture)

    response = client.get("/")

    assertContains(response, '<img src="' + picture.file.url)
    assertContains(response, "Crowds at the station.")
    assertContains(response, "Photographer Name / AGENCY")


def test_home_card_without_a_picture_file_shows_no_caption_block(client):
    picture = factories.image(caption="Crowds at the station.", agency="AGENCY")
    article = factories.article(lead_image=picture)

    home = client.get("/")
    page = client.get(article.get_absolute_url())

    assertNotContains(home, "Crowds at the station.")
    assertNotContains(home, "<figure")
    assertContains(page, "Crowds at the station.")


def test_empty_home_says_there_are_no_articles_yet(client):
    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, "There are no articles yet.")


def test_drafts_and_future_articles_are_not_on_home(client):
    factories.article(headline="Published story")
    factories.article(headline="Draft story", status=Article.Status.DRAFT)
    factories.article(headline="Scheduled story", published_at=timezone.now() + _one_day())

    response = client.get("/")

    assertContains(response, "Published story")
    assertNotContains(response, "Draft story")
    assertNotContains(response, "Scheduled story")


def _one_day() -> datetime.timedelta:
    return datetime.timedelta(days=1)


def test_home_has_a_second_page_when_there_are_more_articles_than_fit(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    factories.article(headline="Oldest story", published_at=days_ago(3))
    factories.article(headline="Middle story", published_at=days_ago(2))
    factories.article(headline="Newest story", published_at=days_ago(1))

    first = client.get("/")
    second = client.get("/?page=2")

    # The newest leads; the latest news below it pages through the others.
    assertContains(first, '<a href="/?page=2" rel="next">')
    assertContains(first, "Middle story")
    assertNotContains(first, "Oldest story")
    assert second.status_code == 200
    assertContains(second, "Oldest story")
    assertNotContains(second, "Newest story")
    assertContains(second, '<a href="/" rel="prev">')
    assertContains(second, "Page 2 of 2")


def test_page_that_is_not_a_number_is_not_found_and_says_why(client):
    factories.article()

    response = client.get("/?page=abc")

    assertContains(response, "“abc” is not a page number", status_code=404)


def test_page_past_the_end_is_not_found_and_says_which_pages_exist(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    factories.article()
    factories.article()
    factories.article()  # The lead, shown above the list.

    response = client.get("/?page=999")

    assertContains(
        response, "There is no page 999 of this list. Pages run from 1 to 2.", status_code=404
    )


@pytest.mark.parametrize("page", ["0", "-1", "1.5", "٣", "9" * 5000])
def test_odd_page_numbers_are_not_found_with_a_reason(client, page):
    factories.article()

    response = client.get("/", {"page": page})

    assert response.status_code == 404
    assertContains(response, "page", status_code=404)
    assertNotContains(response, "There is no page at this address", status_code=404)


def test_page_number_in_the_message_is_escaped(client):
    factories.article()

    response = client.get("/", {"page": SCRIPT})

    assertContains(response, ESCAPED_SCRIPT[:20], status_code=404)
    assertNotContains(response, "<script>", status_code=404)


def test_author_page_past_the_end_names_the_problem(client):
    person = factories.author()
    factories.article(authors=[person])

    response = client.get(person.get_absolute_url(), {"page": "2"})

    assertContains(
        response, "There is no page 2 of this list. There is only page 1.", status_code=404
    )


def test_list_pages_name_their_canonical_address(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    settings.SITE_URL = "https://news.example"
    person = factories.author(slug="jane-doe")
    factories.article(authors=[person])
    factories.article(authors=[person])
    factories.article(authors=[person])

    assertContains(client.get("/"), '<link rel="canonical" href="https://news.example/">')
    assertContains(
        client.get("/", {"page": "2"}), '<link rel="canonical" href="https://news.example/?page=2">'
    )
    assertContains(
        client.get("/authors/jane-doe/"),
        '<link rel="canonical" href="https://news.example/authors/jane-doe/">',
    )


# Finding an article ---------------------------------------------------------------


def test_draft_page_is_not_found_for_readers(client):
    draft = factories.article(status=Article.Status.DRAFT, published_at=None)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_future_article_page_is_not_found_for_readers(client):
    scheduled = factories.article(published_at=timezone.now() + _one_day())

    response = client.get(scheduled.get_absolute_url())

    assert response.status_code == 404


def test_staff_can_preview_a_draft(admin_client):
    draft = factories.article(
        headline="Unfinished story", status=Article.Status.DRAFT, published_at=None
    )

    response = admin_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "<h1", count=1)
    assertContains(response, "Unfinished story")
    assertContains(response, "Preview: this article is a draft")
    assertContains(response, '<meta name="robots" content="noindex">')


def test_staff_preview_of_a_scheduled_article_says_when_readers_will_see_it(admin_client):
    scheduled = factories.article(
        status=Article.Status.PUBLISHED,
        published_at=datetime.datetime(2099, 3, 1, 7, 30, tzinfo=datetime.UTC),
    )

    response = admin_client.get(scheduled.get_absolute_url())

    assertContains(
        response, "Preview: this article is scheduled; readers can see it from 1 March 2099, 08:30."
    )
    assertContains(response, '<meta name="robots" content="noindex">')


def test_staff_see_a_published_article_as_readers_do(admin_client):
    article = factories.article()

    response = admin_client.get(article.get_absolute_url())

    assertNotContains(response, "Preview:")
    assertNotContains(response, "noindex")


def test_unknown_slug_shows_our_not_found_page(client):
    response = client.get("/2026/02/03/no-such-article/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'href="/"', status_code=404)


def test_wrong_date_in_the_address_redirects_permanently_to_the_article(client):
    article = factories.article(slug="budget-approved", published_at=FEB_3)

    response = client.get("/2025/12/31/budget-approved/")

    assert article.get_absolute_url() == "/2026/02/03/budget-approved/"
    assertRedirects(response, "/2026/02/03/budget-approved/", status_code=301)


# The article page -------------------------------------------------------------------


def test_article_page_shows_headline_standfirst_then_body_paragraphs_in_order(client):
    article = factories.article(
        headline="NATO chief arrives in Kyiv",
        standfirst="The opening paragraph.",
        body="<p>The second paragraph.</p><p>The third paragraph.</p>",
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, "<h1", count=1)
    assertContains(response, '<h1 class="story__headline">NATO chief arrives in Kyiv</h1>')
    html = text_of(response)
    standfirst, second, third = positions(
        html,
        '<p class="standfirst">The opening paragraph.</p>',
        "<p>The second paragraph.</p>",
        "<p>The third paragraph.</p>",
    )
    assert positions(html, "<article")[0] < standfirst < second < third
    assert third < positions(html, "</article>")[0]


def test_picture_without_a_file_shows_caption_and_credit_and_no_img(client):
    picture = factories.image(
        caption="Mark Rutte addresses parliament in Kyiv.",
        photographer=factories.author(name="Photographer Name"),
        agency="AGENCY",
    )
    article = factories.article(lead_image=picture)

    response = client.get(article.get_absolute_url())

    figcaption = re.search(r"<figcaption>(.*?)</figcaption>", text_of(response), re.S)
    assert figcaption is not None
    assert "Mark Rutte addresses parliament in Kyiv." in figcaption.group(1)
    assert "Photographer Name</a> / AGENCY" in figcaption.group(1)
    assertNotContains(response, "<img")


def test_picture_credit_links_the_photographer_to_their_page(client):
    photographer = factories.author(name="Photographer Name", slug="photographer-name")
    article = factories.article(lead_image=factories.image(photographer=photographer, agency="AFP"))

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<span class="figure__credit"><a href="/authors/photographer-name/photographs/">'
        "Photographer Name</a>"
        " / AFP</span>",
        html=True,
    )


def test_draft_preview_does_not_link_the_photographer(admin_client):
    photographer = factories.author(name="Photographer Name")
    draft = factories.article(
        status=Article.Status.DRAFT, lead_image=factories.image(photographer=photographer)
    )

    response = admin_client.get(draft.get_absolute_url())

    assertContains(response, '<span class="figure__credit">Photographer Name</span>', html=True)
    assertNotContains(response, photographer.get_absolute_url())


def test_picture_with_a_file_is_an_img_with_alt_text_and_size(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    picture = factories.image(
        file=SimpleUploadedFile("dot.gif", GIF, content_type="image/gif"),
        alt_text="A red dot on white",
        agency="AGENCY",
    )
    article = factories.article(lead_image=picture)

    response = client.get(article.get_absolute_url())

    img = re.search(r"<img [^>]*>", text_of(response))
    assert img is not None
    assert 'alt="A red dot on white"' in img.group(0)
    assert 'width="1" height="1"' in img.group(0)
    assert 'fetchpriority="high"' in img.group(0)
    assert 'loading="lazy"' not in img.group(0)


def test_byline_names_the_authors_in_order_with_links_to_their_pages(client):
    first = factories.author(name="Zoë First", slug="zoe-first")
    second = factories.author(name="Adam Second", slug="adam-second")
    third = factories.author(name="Mia Third", slug="mia-third")
    article = factories.article(authors=[first, second, third])

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<p class="byline">By <a class="byline__author" href="/authors/zoe-first/">Zoë First</a>, '
        '<a class="byline__author" href="/authors/adam-second/">Adam Second</a> and '
        '<a class="byline__author" href="/authors/mia-third/">Mia Third</a></p>',
        html=True,
    )


def test_article_without_authors_is_credited_to_its_publisher(client):
    article = factories.article(publisher=factories.publisher(name="The Brussels Times"))

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        f'By <a class="byline__publisher" href="{article.publisher.get_absolute_url()}">'
        "The Brussels Times</a>",
    )


def test_article_page_shows_the_date_readably_with_a_machine_readable_time(client):
    article = factories.article(published_at=FEB_3)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<time datetime="2026-02-03T11:00:00+01:00">3 February 2026, 11:00</time>',
        html=True,
    )


def test_article_page_groups_its_tags_by_kind(client):
    article = factories.article(
        tags=[
            factories.tag(name="Kyiv", slug="kyiv", kind="place"),
            factories.tag(name="Mark Rutte", slug="mark-rutte", kind="person"),
            factories.tag(name="Brussels", slug="brussels", kind="place"),
        ]
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, "<dt>People</dt>", html=True)
    assertContains(response, "<dt>Places</dt>", html=True)
    assertContains(
        response,
        '<li><a href="/tags/places/brussels/">Brussels</a></li>'
        '<li><a href="/tags/places/kyiv/">Kyiv</a></li>',
        html=True,
    )


def test_article_footer_carries_the_copyright_line(client):
    article = factories.article(
        publisher=factories.publisher(name="The Brussels Times"), copyright_year=2026
    )

    response = client.get(article.get_absolute_url())

    footer = re.search(r'<footer class="story__footer">(.*?)</footer>', text_of(response), re.S)
    assert footer is not None
    assert "Copyright © 2026 The Brussels Times. All Rights Reserved." in footer.group(1)


def test_related_news_links_to_published_articles(client):
    other = factories.article(headline="Earlier strike on Kyiv")
    article = factories.article(related=[other])

    response = client.get(article.get_absolute_url())

    assertContains(response, "Related News")
    assertContains(
        response,
        f'<li><a href="{other.get_absolute_url()}">Earlier strike on Kyiv</a></li>',
        html=True,
    )


def test_related_draft_does_not_appear_at_all(client):
    published = factories.article(headline="Published neighbour")
    draft = factories.article(headline="Draft neighbour", status=Article.Status.DRAFT)
    article = factories.article(related=[draft, published])

    response = client.get(article.get_absolute_url())

    assertContains(response, "Published neighbour")
    assertNotContains(response, "Draft neighbour")
    assertNotContains(response, draft.get_absolute_url())


def test_related_news_is_hidden_when_no_link_reaches_an_article(client):
    draft = factories.article(status=Article.Status.DRAFT)
    article = factories.article(related=[draft])
    RelatedLink.objects.create(source=article, headline="A story not yet imported", position=5)

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "Related News")
    assertNotContains(response, "A story not yet imported")


def test_article_page_has_title_description_and_canonical_address(client, settings):
    settings.SITE_URL = "https://news.example"
    article = factories.article(
        headline="NATO chief arrives in Kyiv", standfirst="A" * 200 + " end of standfirst."
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, "<title>NATO chief arrives in Kyiv – Newsportal</title>")
    description = re.search(r'<meta name="description" content="([^"]*)">', text_of(response))
    assert description is not None
    assert description.group(1) == "A" * 159 + "…"
    assertContains(
        response, f'<link rel="canonical" href="https://news.example{article.get_absolute_url()}">'
    )
    assertContains(response, '<meta property="og:type" content="article">')


def test_shared_picture_is_given_by_its_full_address(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    picture = factories.image(
        file=SimpleUploadedFile("rutte.gif", GIF, content_type="image/gif"), alt_text="Rutte"
    )
    article = factories.article(lead_image=picture)

    response = client.get(article.get_absolute_url())

    assertContains(
        response, f'<meta property="og:image" content="http://testserver{picture.file.url}">'
    )


def test_script_in_headline_is_shown_as_text(client):
    article = factories.article(headline=f"Breaking {SCRIPT}")

    for response in (client.get(article.get_absolute_url()), client.get("/")):
        assertContains(response, f"Breaking {ESCAPED_SCRIPT}")
        assertNotContains(response, SCRIPT)


def test_script_in_standfirst_is_shown_as_text(client):
    article = factories.article(standfirst=f"Opening {SCRIPT}")

    for response in (client.get(article.get_absolute_url()), client.get("/")):
        assertContains(response, f"Opening {ESCAPED_SCRIPT}")
        assertNotContains(response, SCRIPT)


def test_script_in_body_is_removed_when_saved(client):
    article = factories.article(body=f"<p>Safe paragraph.</p>{SCRIPT}")

    response = client.get(article.get_absolute_url())

    article.refresh_from_db()
    assert article.body == "<p>Safe paragraph.</p>"
    assertContains(response, "<p>Safe paragraph.</p>")
    assertNotContains(response, "alert(1)")


# Author page -------------------------------------------------------------------


def test_author_page_shows_who_they_are(client):
    person = factories.author(
        name="Andrii Nesterenko",
        slug="andrii-nesterenko",
        role="photographer",
        organisation="AFP",
        bio="Photographs Ukraine for AFP.",
    )
    factories.article(lead_image=factories.image(photographer=person))

    response = client.get(person.get_photographs_url())

    assertContains(response, "<h1", count=1)
    assertContains(response, "Andrii Nesterenko</h1>")
    assertContains(response, "Photographer")
    assertContains(response, "AFP")
    assertContains(response, "Photographs Ukraine for AFP.")


def test_author_page_lists_only_their_published_articles(client):
    person = factories.author()
    factories.article(headline="Their story", authors=[person])
    factories.article(headline="Their draft", authors=[person], status=Article.Status.DRAFT)
    factories.article(headline="Someone else's story", authors=[factories.author()])

    response = client.get(person.get_absolute_url())

    assertContains(response, "Their story")
    assertNotContains(response, "Their draft")
    assertNotContains(response, "Someone else")


def test_unknown_author_is_not_found(client):
    response = client.get("/authors/nobody/")

    assert response.status_code == 404


# Error pages ------------------------------------------------------------------------


def test_server_error_page_renders_without_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "<h1>Something went wrong</h1>" in html
    assert '<a href="/">' in html


# Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_article_page_runs_the_same_queries_however_many_authors_tags_and_links(
    client, django_assert_num_queries, count
):
    article = rich_article(count)

    clear_all()
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert text_of(response).count('class="byline__author"') == count


@pytest.mark.parametrize("count", [2, 30])
def test_home_runs_the_same_queries_however_many_articles(client, django_assert_num_queries, count):
    for _ in range(count):
        factories.article(
            authors=[factories.author(), factories.author()],
            lead_image=factories.image(photographer=factories.author()),
            section=factories.section(in_navigation=True),
        )

    clear_all()
    with django_assert_num_queries(HOME_PAGE_QUERIES):
        response = client.get("/")

    assert response.status_code == 200
    # The lead, a page of the latest news, then under their sections the stories
    # the page has not shown yet (each its own section here): every story once.
    assert text_of(response).count('<article class="card') == count


def test_article_published_without_a_time_is_published_now(client):
    article = factories.article(published_at=None)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.published_at <= timezone.now()


# Files browsers and crawlers ask for ------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode().splitlines()


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")


def test_a_spoofed_host_never_reaches_the_canonical_address(client, settings):
    settings.SITE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["news.example", "news.example:6666"]
    article = factories.article()

    response = client.get(article.get_absolute_url(), headers={"host": "news.example:6666"})

    assertContains(
        response, f'<link rel="canonical" href="https://news.example{article.get_absolute_url()}">'
    )
    assert ":6666" not in text_of(response)
