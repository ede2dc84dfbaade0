"""The ninjs content API: published articles only, valid ninjs, paged, filtered, cacheable."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Tag
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/ninjs/articles/"


def detail(article: Article) -> str:
    return f"/api/ninjs/articles/{article.uuid}"


def ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def items(client, query: str = "") -> list[str]:
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 200, response.content
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


def assert_valid(validator, document: dict) -> None:
    assert [e.message for e in validator.iter_errors(document)] == []


# What it serves -------------------------------------------------------------------


def test_every_document_for_the_seed_is_valid_ninjs(client, ninjs_validator, seed_path):
    call_command("import_articles", str(seed_path), stdout=StringIO())
    article = Article.objects.get()

    listed = client.get(LIST).json()["items"]
    single = client.get(detail(article)).json()

    assert len(listed) == 1
    assert listed[0] == single
    assert_valid(ninjs_validator, single)
    assert single["headlines"][0]["value"].startswith("Russian strikes do not demonstrate")


def test_a_full_article_is_served_as_valid_ninjs(client, ninjs_validator, full_article):
    response = client.get(detail(full_article))

    document = response.json()
    assert_valid(ninjs_validator, document)
    assert document["by"] == "Jane Doe and Jean Dupont"
    assert document["associations"][0]["by"] == "Andrii Nesterenko / AFP"
    for item in client.get(LIST).json()["items"]:
        assert_valid(ninjs_validator, item)


def test_answers_are_utf8_json(client):
    article = factories.article(headline="Zelensky’s visit")

    for url in (LIST, detail(article)):
        response = client.get(url)
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert "Zelensky’s visit".encode() in response.content


def test_the_list_is_newest_first_and_published_only(client):
    factories.article(headline="Old", published_at=ago(3))
    factories.article(headline="New", published_at=ago(1))
    factories.article(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    factories.article(
        headline="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1)
    )

    assert items(client) == ["New", "Old"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_a_draft_or_scheduled_article_is_not_found(client, fields):
    article = factories.article(**fields)

    response = client.get(detail(article))

    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"No published article has the id {article.uuid}."


def test_an_id_that_is_not_a_uuid_is_a_json_404(client):
    response = client.get("/api/ninjs/articles/42")

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "ids are UUIDs" in response.json()["error"]["message"]


def test_related_news_to_a_draft_are_left_out(client, full_article):
    related = [a["name"] for a in client.get(detail(full_article)).json()["associations"][1:]]

    assert "Draft story" not in related


# Pages ----------------------------------------------------------------------------


def test_pages_follow_next_links_to_the_end(client):
    for day in range(5):
        factories.article(headline=f"Day {day}", published_at=ago(day + 1))

    seen, url = [], f"{LIST}?limit=2"
    while url:
        page = client.get(url.removeprefix("http://testserver")).json()
        assert len(page["items"]) <= 2
        seen += [item["headlines"][0]["value"] for item in page["items"]]
        url = page["next"]

    assert seen == [f"Day {day}" for day in range(5)]


def test_a_page_links_its_next_page_in_the_body_and_the_link_header(client):
    factories.article(published_at=ago(1))
    factories.article(published_at=ago(2))

    response = client.get(f"{LIST}?limit=1")

    next_url = response.json()["next"]
    assert next_url.startswith("http://testserver/api/ninjs/articles/?limit=1&cursor=")
    assert response.headers["Link"] == f'<{next_url}>; rel="next"'


def test_the_last_page_has_no_next(client):
    factories.article()

    response = client.get(f"{LIST}?limit=1")

    assert response.json()["next"] is None
    assert "Link" not in response.headers


def test_the_default_page_holds_twenty(client):
    for day in range(21):
        factories.article(published_at=ago(day + 1))

    assert len(items(client)) == 20
    assert len(items(client, "?limit=100")) == 21


def test_articles_published_at_the_same_moment_are_each_listed_once(client):
    moment = ago(1)
    for n in range(5):
        factories.article(headline=f"Same {n}", published_at=moment)

    first = client.get(f"{LIST}?limit=2").json()
    second = client.get(first["next"].removeprefix("http://testserver")).json()
    third = client.get(second["next"].removeprefix("http://testserver")).json()
    names = [i["headlines"][0]["value"] for page in (first, second, third) for i in page["items"]]

    assert sorted(names) == [f"Same {n}" for n in range(5)]


# Filters --------------------------------------------------------------------------


def test_filter_by_section(client):
    europe = factories.section(slug="europe")
    factories.article(headline="In Europe", section=europe)
    factories.article(headline="Elsewhere")

    assert items(client, "?section=europe") == ["In Europe"]


def test_filter_by_tag_with_kind_or_slug_alone(client):
    as_place = factories.tag(name="Washington", slug="washington", kind=Tag.Kind.PLACE)
    as_person = factories.tag(name="Washington", slug="washington", kind=Tag.Kind.PERSON)
    factories.article(headline="The city", tags=[as_place], published_at=ago(1))
    factories.article(headline="The man", tags=[as_person], published_at=ago(2))
    factories.article(headline="Both", tags=[as_place, as_person], published_at=ago(3))
    factories.article(headline="Neither", published_at=ago(4))

    assert items(client, "?tag=place/washington") == ["The city", "Both"]
    assert items(client, "?tag=places/washington") == ["The city", "Both"]
    assert items(client, "?tag=person/washington") == ["The man", "Both"]
    assert items(client, "?tag=washington") == ["The city", "The man", "Both"]


def test_filter_by_author(client):
    jane = factories.author(slug="jane-doe")
    factories.article(headline="Hers", authors=[jane, factories.author()])
    factories.article(headline="Not hers", authors=[factories.author()])

    assert items(client, "?author=jane-doe") == ["Hers"]


def test_filter_since_takes_published_or_changed_articles(client):
    factories.article(headline="Published lately", published_at=ago(1))
    old = factories.article(headline="Changed lately", published_at=ago(30))
    untouched = factories.article(headline="Untouched", published_at=ago(40))
    long_ago = ago(20)
    Article.objects.filter(pk=untouched.pk).update(updated_at=long_ago, created_at=long_ago)
    Article.objects.filter(pk=old.pk).update(updated_at=ago(0.5), created_at=long_ago)

    since = ago(10).isoformat().replace("+", "%2B")

    assert items(client, f"?since={since}") == ["Published lately", "Changed lately"]


def test_filters_combine(client):
    europe = factories.section(slug="europe")
    jane = factories.author(slug="jane-doe")
    factories.article(headline="Match", section=europe, authors=[jane])
    factories.article(headline="Section only", section=europe)

    assert items(client, "?section=europe&author=jane-doe&limit=5") == ["Match"]


# Bad parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("limit=0", "limit", "not a number from 1 to 100"),
        ("limit=101", "limit", "not a number from 1 to 100"),
        ("limit=abc", "limit", "not a number from 1 to 100"),
        ("cursor=garbage", "cursor", "not a cursor this API gave"),
        ("cursor=", "cursor", "not a cursor this API gave"),
        ("since=yesterday", "since", "not an ISO 8601 timestamp"),
        ("since=2026-02-03T11:00:00+01:00", "since", "write it as %2B"),
        ("since=0001-01-01T00:00:00", "since", "out of range"),
        ("tag=colour/red", "tag", "not a kind of tag"),
        ("tag=a b", "tag", "not a slug"),
        ("section=../x", "section", "not a slug"),
        ("section=nowhere", "section", "no section has the slug “nowhere”"),
        ("tag=place/nowhere", "tag", "no place tag has the slug “nowhere”"),
        ("author=nobody", "author", "no author has the slug “nobody”"),
        ("page=2", "page", "not a parameter of this list"),
        ("limit=1&limit=2", "limit", "given more than once"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter, words):
    factories.article()

    response = client.get(f"{LIST}?{query}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert words in error["message"]


def test_a_known_slug_with_no_articles_is_an_empty_page(client):
    factories.section(slug="empty")

    response = client.get(f"{LIST}?section=empty")

    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None}


# Caching --------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["list", "detail"])
def test_etag_and_last_modified_answer_304(client, which):
    article = factories.article()
    url = LIST if which == "list" else detail(article)

    response = client.get(url)
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]

    assert etag.startswith('"')
    assert modified == http_date(max(article.updated_at, article.published_at).timestamp())
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_an_edit_changes_the_etag(client):
    article = factories.article()
    before = client.get(detail(article)).headers["ETag"]

    article.headline = "Corrected headline"
    article.save()

    response = client.get(detail(article), headers={"if-none-match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before


# CORS and methods -----------------------------------------------------------------


@pytest.mark.parametrize("which", ["list", "detail"])
def test_any_origin_may_read(client, which):
    article = factories.article()
    url = LIST if which == "list" else detail(article)

    response = client.get(url, headers={"origin": "https://elsewhere.example"})

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_a_preflight_is_answered(client):
    response = client.options(
        LIST,
        headers={
            "origin": "https://elsewhere.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_head_answers_like_get_without_a_body(client):
    factories.article()

    response = client.head(LIST)

    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["ETag"] == client.get(LIST).headers["ETag"]


def test_writing_is_refused():
    # As a real client sends it: no CSRF token, so the CSRF page must not answer instead.
    response = Client(enforce_csrf_checks=True).post(LIST, {})

    assert response.status_code == 405
    assert response.json()["error"]["message"] == "POST is not allowed: this API is read-only."


# Queries --------------------------------------------------------------------------


def rich_articles(count: int) -> None:
    section = factories.section(slug="europe")
    jane = factories.author(slug="jane-doe")
    tag = factories.tag(slug="kyiv", kind=Tag.Kind.PLACE)
    for n in range(count):
        factories.article(
            published_at=ago(n + 1),
            section=section,
            authors=[jane, factories.author()],
            tags=[tag, factories.tag()],
            lead_image=factories.image(photographer=factories.author()),
            related=[factories.article(published_at=ago(100))],
        )


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    "query", ["", "?limit=100", "?section=europe&tag=place/kyiv&author=jane-doe&since=2000-01-01"]
)
def test_a_page_takes_four_queries_whatever_its_size(
    client, django_assert_num_queries, count, query
):
    rich_articles(count)

    with django_assert_num_queries(4):
        response = client.get(f"{LIST}{query}")

    assert response.status_code == 200
    assert len(response.json()["items"]) >= min(count, 20)


@pytest.mark.parametrize("count", [1, 30])
def test_an_article_takes_four_queries(client, django_assert_num_queries, count):
    rich_articles(count)
    article = Article.objects.published().first()

    with django_assert_num_queries(4):
        assert client.get(detail(article)).status_code == 200


def test_an_empty_filtered_page_names_the_unknown_filter_in_few_queries(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(f"{LIST}?section=a&tag=b&author=c")

    assert response.json()["error"]["parameter"] == "section"
