"""The pages that gather stories: front page, sections, tags, people, publishers, navigation."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import pagination
from articles.models import Article, Section
from tests import factories
from tests.caches import clear_all
from tests.test_views import GIF

pytestmark = pytest.mark.django_db

# Every list page with every cache empty (tests/caches.py): what the list is about
# (section, tag, author or publisher); the paginator's bounded count; the page of
# articles, each with its byline's copy; the header's sections.
LIST_PAGE_QUERIES = 4


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def text_of(response) -> str:
    return response.content.decode()


def headlines(response) -> list[str]:
    return re.findall(r'class="card__headline"><a href="[^"]*">([^<]*)</a>', text_of(response))


# Header navigation ------------------------------------------------------------------


def test_header_lists_the_chosen_sections_in_the_editors_order(client):
    factories.section(name="Sport", slug="sport", in_navigation=True, position=2)
    factories.section(name="Europe", slug="europe", in_navigation=True, position=1)
    factories.section(name="Weather", slug="weather", in_navigation=False, position=0)

    response = client.get("/")

    nav = re.search(
        r'<nav class="site-nav" aria-label="Sections">(.*?)</nav>', text_of(response), re.S
    )
    assert nav is not None
    assert re.findall(r'<a href="([^"]*)"', nav.group(1)) == ["/europe/", "/sport/"]


def test_header_marks_the_section_being_shown(client):
    factories.section(name="Europe", slug="europe", in_navigation=True)
    factories.section(name="Sport", slug="sport", in_navigation=True)

    response = client.get("/europe/")

    assertContains(response, '<a href="/europe/" aria-current="page">Europe</a>', html=True)
    assertContains(response, '<a href="/sport/">Sport</a>', html=True)


def test_header_sections_are_read_from_the_cache_after_the_first_page(
    client, django_assert_num_queries
):
    factories.section(name="Europe", slug="europe", in_navigation=True)
    factories.article()
    client.get("/robots.txt")
    first_page = client.get("/2099/01/01/missing/")  # A 404 page still shows the header.

    with django_assert_num_queries(1):  # The article lookup only.
        again = client.get("/2099/01/01/missing/")

    assertContains(first_page, '<a href="/europe/">Europe</a>', html=True, status_code=404)
    assertContains(again, '<a href="/europe/">Europe</a>', html=True, status_code=404)


def test_renaming_a_section_shows_in_the_header_at_once(client):
    section = factories.section(name="Europe", slug="europe", in_navigation=True)
    client.get("/")

    section.name = "The Continent"
    section.save()

    assertContains(client.get("/"), '<a href="/europe/">The Continent</a>', html=True)


def test_header_has_a_labelled_search_form(client):
    response = client.get("/")

    assertContains(response, '<form class="site-search" role="search" action="/search/"')
    assertContains(response, '<label class="site-search__label" for="site-search-q">Search</label>')
    assertContains(response, 'id="site-search-q" type="search" name="q"')


# Sections ---------------------------------------------------------------------------


def test_section_page_lists_its_published_articles_newest_first(client):
    europe = factories.section(name="Europe", slug="europe")
    factories.article(headline="Older in Europe", section=europe, published_at=days_ago(2))
    factories.article(headline="Newer in Europe", section=europe, published_at=days_ago(1))
    factories.article(headline="Draft in Europe", section=europe, status=Article.Status.DRAFT)
    factories.article(headline="Elsewhere", section=factories.section())

    response = client.get("/europe/")

    assert headlines(response) == ["Newer in Europe", "Older in Europe"]
    assertContains(response, "<title>Europe – Newsportal</title>")
    assertContains(response, '<h1 class="list-header__title">Europe</h1>', html=True)


def test_section_page_describes_itself_for_search_engines(client, settings):
    settings.SITE_URL = "https://news.example"
    factories.section(name="Europe", slug="europe", description="News from the continent.")

    response = client.get("/europe/")

    assertContains(response, '<meta name="description" content="News from the continent.">')
    assertContains(response, '<link rel="canonical" href="https://news.example/europe/">')


def test_section_pages_link_their_neighbours(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    europe = factories.section(slug="europe")
    for days in (1, 2, 3):
        factories.article(section=europe, published_at=days_ago(days))

    first, second, third = (client.get("/europe/", {"page": n}) for n in (1, 2, 3))

    assertContains(first, '<link rel="next" href="/europe/?page=2">')
    assertNotContains(first, 'rel="prev"')
    assertContains(second, '<link rel="prev" href="/europe/">')
    assertContains(second, '<link rel="next" href="/europe/?page=3">')
    assertContains(second, '<a href="/europe/?page=3" rel="next">')
    assertContains(second, "<title>Section")
    assertContains(second, ", page 2 – Newsportal</title>")
    assertContains(second, ' Page 2.">')
    assertContains(third, '<link rel="prev" href="/europe/?page=2">')
    assertNotContains(third, 'rel="next"')


def test_empty_section_page_says_so(client):
    factories.section(name="Europe", slug="europe")

    response = client.get("/europe/")

    assertContains(response, "There are no articles in Europe yet.")


def test_unknown_section_is_not_found(client):
    response = client.get("/no-such-section/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "slug", ["admin", "search", "authors", "Tags", "feeds", "feed", "RSS", "api"]
)
def test_section_slug_may_not_be_a_reserved_word(slug):
    section = Section(name="Odd", slug=slug)

    with pytest.raises(ValidationError) as caught:
        section.full_clean()

    assert caught.value.message_dict["slug"] == [
        f"“{slug}” cannot be a section's slug: /{slug}/ is another part of the site. "
        "Choose another slug."
    ]


def test_admin_refuses_a_reserved_section_slug_by_name(admin_client):
    response = admin_client.post(
        reverse("admin:articles_section_add"),
        {"name": "Search", "slug": "search", "description": "", "position": "0"},
    )

    assertContains(response, "“search” cannot be a section&#x27;s slug")
    assert not Section.objects.exists()


def test_fixed_addresses_win_over_sections(client):
    person = factories.author(slug="jane")
    factories.article(authors=[person])

    assert client.get(reverse("admin:index")).status_code == 302  # To the login page.
    assert client.get("/authors/jane/").status_code == 200
    assert client.get("/robots.txt").status_code == 200


# Tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        ("topic", "topics"),
        ("person", "people"),
        ("place", "places"),
        ("organisation", "organisations"),
    ],
)
def test_every_kind_of_tag_has_a_page(client, kind, word):
    tag = factories.tag(name="Washington", slug="washington", kind=kind)
    factories.article(headline="Tagged story", tags=[tag])

    response = client.get(f"/tags/{word}/washington/")

    assert tag.get_absolute_url() == f"/tags/{word}/washington/"
    assert headlines(response) == ["Tagged story"]
    assertContains(response, "<title>Washington – Newsportal</title>")


def test_tag_page_lists_only_published_articles_with_the_tag(client):
    kyiv = factories.tag(name="Kyiv", slug="kyiv", kind="place")
    factories.article(headline="About Kyiv", tags=[kyiv, factories.tag()])
    factories.article(headline="Draft about Kyiv", tags=[kyiv], status=Article.Status.DRAFT)
    factories.article(headline="About something else", tags=[factories.tag()])

    response = client.get("/tags/places/kyiv/")

    assert headlines(response) == ["About Kyiv"]
    assertContains(response, '<meta name="description" content="News about Kyiv from Newsportal.">')


def test_unknown_kind_of_tag_is_not_found_and_says_which_exist(client):
    response = client.get("/tags/animals/cats/")

    assertContains(
        response,
        "“animals” is not a kind of tag: tags are topics, people, places or organisations",
        status_code=404,
    )


def test_tag_only_drafts_carry_has_no_page(client):
    secret = factories.tag(name="Secret merger", slug="secret-merger")
    factories.article(tags=[secret], status=Article.Status.DRAFT)

    response = client.get("/tags/topics/secret-merger/")

    assertContains(response, "No published article is tagged “Secret merger” yet.", status_code=404)


# Authors ----------------------------------------------------------------------------


def test_photographer_page_lists_the_stories_their_pictures_illustrate(client):
    person = factories.author(name="Ana Lens", slug="ana-lens", role="photographer")
    factories.article(headline="Illustrated", lead_image=factories.image(photographer=person))
    factories.article(
        headline="Illustrated draft",
        lead_image=factories.image(photographer=person),
        status=Article.Status.DRAFT,
    )
    factories.article(headline="Someone else's picture", lead_image=factories.image())

    response = client.get("/authors/ana-lens/photographs/")

    assert headlines(response) == ["Illustrated"]
    assertContains(response, "<title>Photographs by Ana Lens – Newsportal</title>")
    assertContains(response, '<h2 class="section-heading">Photographs</h2>', html=True)


def test_author_with_articles_and_photographs_links_both_lists(client):
    person = factories.author(name="Ana Lens", slug="ana-lens")
    factories.article(authors=[person])
    factories.article(lead_image=factories.image(photographer=person))

    response = client.get("/authors/ana-lens/")

    assertContains(
        response, '<a href="/authors/ana-lens/" aria-current="page">Articles</a>', html=True
    )
    assertContains(response, '<a href="/authors/ana-lens/photographs/">Photographs</a>', html=True)


def test_person_credited_only_on_drafts_has_no_page(client):
    person = factories.author(name="Hidden Photographer", slug="hidden")
    factories.article(lead_image=factories.image(photographer=person), status=Article.Status.DRAFT)
    factories.article(authors=[person], published_at=timezone.now() + datetime.timedelta(days=1))

    for path in ("/authors/hidden/", "/authors/hidden/photographs/"):
        response = client.get(path)

        assertContains(
            response, "Hidden Photographer has no published work on this site yet.", status_code=404
        )


def test_photographer_without_articles_is_sent_to_their_photographs(client):
    person = factories.author(slug="ana-lens")
    factories.article(lead_image=factories.image(photographer=person))

    response = client.get("/authors/ana-lens/", {"page": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/authors/ana-lens/photographs/?page=1"


def test_writer_without_photographs_has_no_photographs_page(client):
    person = factories.author(name="Ada Writer", slug="ada")
    factories.article(authors=[person])

    response = client.get("/authors/ada/photographs/")

    assertContains(
        response, "No published story carries a photograph by Ada Writer.", status_code=404
    )


def test_author_page_shows_their_photo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = factories.author(
        slug="ada", photo=SimpleUploadedFile("ada.gif", GIF, content_type="image/gif")
    )
    factories.article(authors=[person])

    response = client.get("/authors/ada/")

    assertContains(response, f'<img class="profile__photo" src="{person.photo.url}" alt=""')


# Publishers -------------------------------------------------------------------------


def test_publisher_page_shows_who_they_are_and_their_articles(client):
    times = factories.publisher(
        name="The Brussels Times",
        slug="brussels-times",
        description="Belgium's English-language news.",
        website="https://www.brusselstimes.com/",
    )
    factories.article(headline="Their story", publisher=times)
    factories.article(headline="Their draft", publisher=times, status=Article.Status.DRAFT)
    factories.article(headline="Another publisher's story")

    response = client.get("/publishers/brussels-times/")

    assert headlines(response) == ["Their story"]
    assertContains(response, "<title>The Brussels Times – Newsportal</title>")
    assertContains(
        response, '<meta name="description" content="Belgium&#x27;s English-language news.">'
    )
    assertContains(response, 'href="https://www.brusselstimes.com/"')


# The front page ---------------------------------------------------------------------


def test_featured_story_leads_the_front_page_over_newer_ones(client):
    factories.article(headline="Chosen lead", featured=True, published_at=days_ago(3))
    factories.article(headline="Newest story", published_at=days_ago(1))

    response = client.get("/")

    lead = re.search(r'<section class="front-lead"(.*?)</section>', text_of(response), re.S)
    assert lead is not None
    assert "Chosen lead" in lead.group(1)
    assert headlines(response) == ["Chosen lead", "Newest story"]


def test_newest_story_leads_when_none_is_featured(client):
    factories.article(headline="Older story", published_at=days_ago(2))
    factories.article(headline="Newest story", published_at=days_ago(1))
    factories.article(headline="Featured draft", featured=True, status=Article.Status.DRAFT)

    response = client.get("/")

    assert headlines(response) == ["Newest story", "Older story"]
    assertContains(response, '<article class="card card--featured">')
    assertNotContains(response, "Featured draft")


def test_front_page_shows_each_navigation_sections_latest_not_already_shown(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    sport = factories.section(name="Sport", slug="sport", in_navigation=True, position=2)
    europe = factories.section(name="Europe", slug="europe", in_navigation=True, position=1)
    hidden = factories.section(name="Weather", slug="weather", in_navigation=False)
    factories.article(headline="Lead", published_at=days_ago(0.1), section=europe)
    for n in range(6):
        factories.article(headline=f"Europe {n}", published_at=days_ago(1 + n), section=europe)
    factories.article(headline="Sport 0", published_at=days_ago(10), section=sport)
    factories.article(headline="Weather 0", published_at=days_ago(20), section=hidden)

    html = text_of(client.get("/"))
    latest = html.split('class="front-latest"', 1)[1].split("</section>", 1)[0]

    blocks = re.findall(
        r'<section class="front-section".*?<a href="([^"]*)">[^<]*</a></h2>(.*?)</section>',
        html,
        re.S,
    )
    assert [
        (url, re.findall(r'card__headline"><a href="[^"]*">([^<]*)<', body)) for url, body in blocks
    ] == [
        ("/europe/", ["Europe 2", "Europe 3", "Europe 4", "Europe 5"]),
        ("/sport/", ["Sport 0"]),
    ]
    # The lead and the latest news above them are not repeated.
    assert re.findall(r'card__headline"><a href="[^"]*">([^<]*)<', latest) == [
        "Europe 0",
        "Europe 1",
    ]


def test_front_page_later_pages_continue_the_latest_news_alone(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    europe = factories.section(in_navigation=True)
    for n in range(3):
        factories.article(headline=f"Story {n}", published_at=days_ago(1 + n), section=europe)

    response = client.get("/", {"page": "2"})

    assert headlines(response) == ["Story 2"]
    assertContains(response, "<title>Latest news, page 2 – Newsportal</title>")
    assertNotContains(response, "front-section")


# Cards ------------------------------------------------------------------------------


def test_card_shows_the_standfirst_cut_at_a_word(client):
    factories.article(standfirst="word " * 100)

    response = client.get("/")

    standfirst = re.search(r'<p class="card__standfirst">([^<]*)</p>', text_of(response))
    assert standfirst is not None
    assert len(standfirst.group(1)) <= 300
    assert standfirst.group(1).endswith("word…")


def test_megabyte_standfirst_and_body_leave_the_front_page_small(client):
    huge = "A" * 1_000_000
    for _ in range(3):
        factories.article(standfirst=huge, body=f"<p>{huge}</p>")

    response = client.get("/")

    assert response.status_code == 200
    assert len(response.content) < 30_000


# Pagination deep in the archive ----------------------------------------------------


def test_list_counts_a_few_pages_ahead_of_the_one_shown(client, settings, monkeypatch):
    monkeypatch.setattr(pagination, "LOOKAHEAD_PAGES", 2)
    settings.ARTICLES_PER_PAGE = 1
    europe = factories.section(slug="europe")
    for days in range(1, 6):
        factories.article(section=europe, published_at=days_ago(days))

    first = client.get("/europe/")
    third = client.get("/europe/", {"page": "3"})

    assertContains(first, "Page 1 of 3+")
    assertContains(first, '<link rel="next" href="/europe/?page=2">')
    assertContains(third, "Page 3 of 5")


def test_list_counts_no_further_than_its_deepest_page(client, settings, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 2)
    settings.ARTICLES_PER_PAGE = 1
    europe = factories.section(slug="europe")
    for days in range(1, 6):
        factories.article(section=europe, published_at=days_ago(days))

    second = client.get("/europe/", {"page": "2"})
    third = client.get("/europe/", {"page": "3"})

    assertContains(second, "Page 2 of 2+")
    assertNotContains(second, 'rel="next"')
    assertContains(
        third,
        "There is no page 3 of this list. Lists go back 2 pages; "
        "older articles are found by searching or by date.",
        status_code=404,
    )


# Query counts -----------------------------------------------------------------------


def _many_articles(count: int, **fields) -> None:
    for _ in range(count):
        factories.article(
            authors=[factories.author(), factories.author()],
            lead_image=factories.image(photographer=factories.author()),
            tags=[factories.tag(), factories.tag()],
            **fields,
        )


@pytest.mark.parametrize("count", [2, 30])
def test_section_page_runs_the_same_queries_however_many_articles(
    client, django_assert_num_queries, count
):
    section = factories.section(slug="europe", in_navigation=True)
    _many_articles(count, section=section)
    clear_all()

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get("/europe/")

    assert len(headlines(response)) == min(count, 20)


@pytest.mark.parametrize("count", [2, 30])
def test_tag_page_runs_the_same_queries_however_many_articles(
    client, django_assert_num_queries, count
):
    kyiv = factories.tag(slug="kyiv", kind="place")
    for _ in range(count):
        factories.article(
            authors=[factories.author()], tags=[kyiv, factories.tag()], section=factories.section()
        )
    clear_all()

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get("/tags/places/kyiv/")

    assert len(headlines(response)) == min(count, 20)


@pytest.mark.parametrize("path", ["/authors/ana/", "/authors/ana/photographs/"])
@pytest.mark.parametrize("count", [2, 30])
def test_author_pages_run_the_same_queries_however_many_articles(
    client, django_assert_num_queries, count, path
):
    person = factories.author(slug="ana")
    for _ in range(count):
        factories.article(
            authors=[person, factories.author()],
            lead_image=factories.image(photographer=person),
            section=factories.section(),
        )
    clear_all()

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get(path)

    assert len(headlines(response)) == min(count, 20)


@pytest.mark.parametrize("count", [2, 30])
def test_publisher_page_runs_the_same_queries_however_many_articles(
    client, django_assert_num_queries, count
):
    times = factories.publisher(slug="times")
    _many_articles(count, publisher=times, section=factories.section())
    clear_all()

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get("/publishers/times/")

    assert len(headlines(response)) == min(count, 20)


def test_list_pages_stay_within_six_queries_before_the_header_is_cached(
    client, django_assert_max_num_queries
):
    europe = factories.section(slug="europe", in_navigation=True)
    person = factories.author(slug="ana")
    kyiv = factories.tag(slug="kyiv", kind="place")
    factories.article(
        section=europe,
        authors=[person],
        tags=[kyiv],
        publisher=factories.publisher(slug="times"),
        lead_image=factories.image(photographer=person),
    )

    for path in ("/", "/europe/", "/tags/places/kyiv/", "/authors/ana/", "/publishers/times/"):
        cache.clear()
        with django_assert_max_num_queries(6):
            assert client.get(path).status_code == 200
