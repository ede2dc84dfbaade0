"""Search as a reader uses it, on whichever database DATABASE_URL selects.

Index writes wait for the transaction's commit, as in production; tests make
their articles inside ``committed()`` so those writes happen before searching.
"""

import datetime
import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains

from articles.models import Article, Byline, Image, SearchDocument
from articles.search.query import MAX_QUERY_LENGTH, parse
from articles.views.search import CountedUpTo
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "&&&",
    "Rutte\x00",
    "\x00",
    '"',
    "NEAR(",
    "*",
]
SEED_URL = (
    "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
)
# sections; on PostgreSQL the planner's estimate of how many match (which decides
# how to read the candidates), then the newest matches, ranked and counted; on
# SQLite the count, then the page's ids in rank order; those articles with their
# snippets, each with its byline's copy.
SEARCH_PAGE_QUERIES = 4


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block schedules for commit (the index writes) when it ends."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def found(query: str, **filters) -> list[str]:
    return [a.headline for a in Article.objects.published().search(query, **filters)]


def page(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


# What is found ------------------------------------------------------------------


def test_a_word_finds_its_other_forms(committed):
    with committed():
        factories.article(headline="Russia launches its largest strike this year")

    assert found("strikes") == ["Russia launches its largest strike this year"]


def test_accents_are_ignored_in_the_query(committed):
    with committed():
        factories.article(headline="Emile Verhaeren remembered")

    assert found("Émile") == ["Emile Verhaeren remembered"]


def test_accents_are_ignored_in_the_text(committed):
    with committed():
        factories.article(headline="Émile Verhaeren remembered")

    assert found("emile") == ["Émile Verhaeren remembered"]


@pytest.mark.parametrize("field", ["headline", "standfirst", "body", "caption", "author", "tag"])
def test_each_searchable_field_finds_its_article(committed, field):
    word = "Zanzibarian"
    with committed():
        factories.article(headline="Unrelated story")
        if field == "caption":
            fields = {"lead_image": factories.image(caption=f"A {word} harbour at dawn.")}
        elif field == "author":
            fields = {"authors": [factories.author(name=f"Ada {word}")]}
        elif field == "tag":
            fields = {"tags": [factories.tag(name=word)]}
        elif field == "body":
            fields = {"body": f"<p>Ships leave the {word} coast.</p>"}
        else:
            fields = {field: f"The {word} question"}
        fields.setdefault("headline", "The story that names it")
        factories.article(**fields)

    assert found(word) == [fields["headline"]]


def test_every_word_of_the_query_must_appear(committed):
    with committed():
        factories.article(headline="Tram line approved")
        factories.article(headline="Tram depot closes")

    assert found("tram approved") == ["Tram line approved"]


def test_a_quoted_phrase_needs_its_words_together(committed):
    with committed():
        factories.article(headline="Peace talks resume in Abu Dhabi")
        factories.article(headline="Talks on peace and trade")

    assert found('"peace talks"') == ["Peace talks resume in Abu Dhabi"]


def test_a_word_after_a_minus_excludes_articles_with_it(committed):
    with committed():
        factories.article(headline="Kyiv welcomes Rutte")
        factories.article(headline="Kyiv rebuilds its power grid")

    assert found("Kyiv -Rutte") == ["Kyiv rebuilds its power grid"]


def test_markup_of_the_body_is_not_searchable(committed):
    with committed():
        factories.article(
            body='<p><strong>Loud</strong> <a href="https://example.org/">news</a></p>'
        )

    assert found("strong") == []
    assert found("example") == []
    assert found("loud news") == [Article.objects.get().headline]


# Who sees what -------------------------------------------------------------------


def test_a_draft_that_matches_is_never_found(client, committed):
    with committed():
        factories.article(headline="Budget leak draft", status=Article.Status.DRAFT)
        factories.article(headline="Budget vote published")

    html = page(client, q="budget")

    assert "Budget vote published" in html
    assert "Budget leak draft" not in html
    assert "1 result for" in html


def test_a_scheduled_article_is_not_found_before_its_time(committed):
    with committed():
        factories.article(
            headline="Embargoed budget", published_at=timezone.now() + datetime.timedelta(hours=2)
        )

    assert found("budget") == []


# Order ---------------------------------------------------------------------------


def test_a_headline_match_ranks_above_a_body_match(committed):
    with committed():
        factories.article(
            headline="Council news",
            body="<p>The ferry timetable changes.</p>",
            published_at=days_ago(1),
        )
        factories.article(headline="Ferry timetable changes", published_at=days_ago(5))

    assert found("ferry") == ["Ferry timetable changes", "Council news"]


def test_equally_relevant_articles_come_newest_first(committed):
    with committed():
        for days, name in ((3, "older"), (1, "newest"), (2, "middle")):
            factories.article(
                headline="Harbour reopens",
                slug=f"harbour-{name}",
                standfirst=name,
                body="<p>Boats are back.</p>",
                published_at=days_ago(days),
            )

    results = Article.objects.published().search("harbour")
    assert [a.slug for a in results] == ["harbour-newest", "harbour-middle", "harbour-older"]


# The page ------------------------------------------------------------------------


def test_results_show_the_snippet_with_matched_words_marked(client, committed):
    with committed():
        factories.article(
            headline="Parliament sits",
            standfirst="Members debated the energy strikes late into the night.",
        )

    html = page(client, q="strike")

    assert "Members debated the energy <mark>strikes</mark> late into the night." in html


def test_markup_in_an_article_is_shown_escaped_in_the_snippet(client, committed):
    with committed():
        factories.article(
            headline="Injection attempt",
            standfirst="A <script>alert(1)</script> appeared in the pasted tram report.",
            body="<p>The tram &lt;b&gt;report&lt;/b&gt; continues.</p>",
        )

    html = page(client, q="tram report")

    assert "<script>" not in html
    assert (
        "alert(1)&lt;/script&gt; appeared in the pasted <mark>tram</mark> <mark>report</mark>"
        in html
    )


def test_the_page_names_the_query_and_is_kept_out_of_search_engines(client, committed):
    with committed():
        factories.article(headline="Tram line approved")

    html = page(client, q="tram")

    assert "<title>Search: “tram” – Newsportal</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/search/?q=tram">' in html
    assert '<input type="search" name="q" value="tram"' in html
    assert "1 result for “tram”" in html


def test_the_count_says_about_how_many_match(client, committed):
    with committed():
        for n in range(3):
            factories.article(headline=f"Tram news {n}")

    assert "About 3 results for “tram”" in page(client, q="tram")


def test_the_count_stops_at_its_limit(client, committed, monkeypatch):
    monkeypatch.setattr("articles.views.search.MAX_COUNTED", 3)
    with committed():
        for n in range(5):
            factories.article(headline=f"Tram news {n}")

    assert "More than 3 results for “tram”" in page(client, q="tram")


def test_no_match_says_so(client, committed):
    with committed():
        factories.article(headline="Tram line approved")

    html = page(client, q="submarine")

    assert "No results for “submarine”" in html
    assert "No published article matches all of those words" in html


def test_the_page_without_a_query_shows_the_form_only(client):
    html = page(client)

    assert '<form class="search-form" action="/search/" method="get" role="search">' in html
    assert "Type one or more words to search every article" in html
    assert "<title>Search – Newsportal</title>" in html


def test_a_query_of_punctuation_only_says_it_has_no_words(client):
    html = page(client, q="&&&")

    assert "“&amp;&amp;&amp;” has no words to search for: type letters or numbers." in html


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_normal_page(client, committed, query):
    with committed():
        factories.article(headline="Rutte arrives in Kyiv")

    html = page(client, q=query)

    assert '<h1 class="section-heading">Search</h1>' in html
    assert "<script>alert" not in html


def test_a_nul_character_is_removed_from_the_query(client, committed):
    with committed():
        factories.article(headline="Rutte arrives in Kyiv")

    html = page(client, q="Rutte\x00")

    assert "1 result for “Rutte”" in html


def test_a_query_over_the_limit_is_cut_and_says_so(client, committed):
    with committed():
        factories.article(headline="Rutte arrives in Kyiv")

    html = page(client, q="Rutte " + "x" * 300)

    assert f"only the first {MAX_QUERY_LENGTH} of yours were searched for" in html
    assert parse("Rutte " + "x" * 300).text == "Rutte " + "x" * (MAX_QUERY_LENGTH - 6)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=250))
def test_any_text_searches_without_error(query):
    # Every string, operators, quotes and control characters included, is a valid query.
    list(Article.objects.published().search(query))


# Filters -------------------------------------------------------------------------


def test_the_section_filter_keeps_that_sections_articles(client, committed):
    europe, sport = (
        factories.section(name="Europe", slug="europe"),
        factories.section(name="Sport", slug="sport"),
    )
    with committed():
        factories.article(headline="Tram strike in Brussels", section=europe)
        factories.article(headline="Tram team wins the cup", section=sport)

    html = page(client, q="tram", section="europe")

    assert "Tram strike in Brussels" in html
    assert "Tram team wins the cup" not in html
    assert '<option value="europe" selected>Europe</option>' in html


def test_the_date_filter_keeps_days_between_from_and_to_included(committed):
    with committed():
        for day in (1, 2, 3, 4):
            factories.article(
                headline=f"Tram news of {day} March",
                published_at=datetime.datetime(2026, 3, day, 9, tzinfo=datetime.UTC),
            )

    assert found("tram", start=datetime.date(2026, 3, 2), end=datetime.date(2026, 3, 3)) == [
        "Tram news of 3 March",
        "Tram news of 2 March",
    ]


def test_an_unknown_section_is_named_on_the_normal_page(client):
    html = page(client, q="tram", section="atlantis")

    assert "There is no section “atlantis”: choose one from the list." in html


def test_a_date_that_is_not_one_is_named_on_the_normal_page(client):
    html = page(client, q="tram", **{"from": "2026-02-30"})

    assert "“2026-02-30” is not a date: give one as YYYY-MM-DD, for example 2026-02-03." in html


def test_to_before_from_is_named_on_the_normal_page(client):
    html = page(client, q="tram", **{"from": "2026-03-04", "to": "2026-03-01"})

    assert "“To” (1 March 2026) is before “From” (4 March 2026)" in html


# Pages ---------------------------------------------------------------------------


def test_page_links_keep_the_query_and_filters(client, committed):
    europe = factories.section(name="Europe", slug="europe")
    with committed():
        for n in range(25):
            factories.article(
                headline=f"Tram news {n}", section=europe, published_at=days_ago(n + 1)
            )

    first = page(client, q="tram", section="europe")
    second = page(client, q="tram", section="europe", page="2")

    assert 'href="?q=tram&amp;section=europe&amp;page=2" rel="next"' in first
    assert 'href="?q=tram&amp;section=europe" rel="prev"' in second
    assert "Tram news 24" in second and "Tram news 0" not in second
    assert (
        '<link rel="canonical" href="http://testserver/search/?q=tram&amp;section=europe&amp;page=2">'
        in second
    )


def test_a_bad_page_number_is_named(client, committed):
    with committed():
        factories.article(headline="Tram news")

    response = client.get("/search/", {"q": "tram", "page": "abc"})

    assertContains(response, "“abc” is not a page number", status_code=404)


@pytest.mark.parametrize("count", [2, 30])
def test_the_search_page_runs_the_same_queries_however_many_results(
    client, committed, django_assert_num_queries, count
):
    with committed():
        for n in range(count):
            factories.article(
                headline=f"Tram news {n}",
                authors=[factories.author(), factories.author()],
                section=factories.section(),
                lead_image=factories.image(),
            )

    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = client.get("/search/", {"q": "tram"})

    assertContains(response, '<article class="card search-result">', count=min(count, 20))


def test_the_results_page_sends_no_article_text_or_pictures_to_python(client, committed):
    # The snippet is cut from the standfirst and body in the database; a result shows no
    # picture. Only what a result prints is read (for_results()).
    with committed():
        factories.article(
            headline="Tram news",
            standfirst="The tram line opens.",
            authors=[factories.author(name="Ada Reporter")],
            section=factories.section(name="Transport"),
            lead_image=factories.image(caption="A tram"),
        )

    with CaptureQueriesContext(connection) as captured:
        html = page(client, q="tram")

    sql = " ".join(query["sql"] for query in captured)
    assert '"articles_article"."body"' not in sql
    assert '"articles_article"."standfirst"' not in sql
    assert "articles_image" not in sql
    assert '"articles_author"."bio"' not in sql
    assert "<mark>tram</mark> line opens." in html
    assert "Ada Reporter" in html
    assert "Transport" in html


# Keeping the index current -------------------------------------------------------


def test_an_edited_headline_is_found_by_its_new_words(committed):
    with committed():
        article = factories.article(headline="Tram line approved")
    with committed():
        article.headline = "Metro line approved"
        article.save()

    assert found("metro") == ["Metro line approved"]
    assert found("tram") == []


def test_renaming_an_author_reindexes_their_articles(committed):
    with committed():
        person = factories.author(name="Ada Lovelace")
        factories.article(headline="Engines", authors=[person])
    with committed():
        person.name = "Ada Byron"
        person.save()

    assert found("byron") == ["Engines"]
    assert found("lovelace") == []


def test_renaming_a_tag_reindexes_its_articles(committed):
    with committed():
        topic = factories.tag(name="Tramways")
        factories.article(headline="Depot news", tags=[topic])
    with committed():
        topic.name = "Railways"
        topic.save()

    assert found("railways") == ["Depot news"]
    assert found("tramways") == []


def test_changing_a_caption_reindexes_its_article(committed):
    with committed():
        picture = factories.image(caption="The old harbour")
        factories.article(headline="Photo story", lead_image=picture)
    with committed():
        picture.caption = "The new lighthouse"
        picture.save()

    assert found("lighthouse") == ["Photo story"]
    assert found("harbour") == []


def test_adding_a_byline_and_a_tag_reindexes_the_article(committed):
    with committed():
        article = factories.article(headline="Depot news")
        person, topic = factories.author(name="Grace Hopper"), factories.tag(name="Compilers")
    with committed():
        Byline.objects.create(article=article, author=person)
        article.tags.add(topic)

    assert found("hopper compilers") == ["Depot news"]


def test_removing_a_tag_from_its_side_reindexes_its_articles(committed):
    with committed():
        topic = factories.tag(name="Compilers")
        factories.article(headline="Depot news", tags=[topic])
    with committed():
        topic.articles.clear()

    assert found("compilers") == []


def test_deleting_a_picture_takes_its_caption_out_of_the_index(committed):
    with committed():
        picture = factories.image(caption="The old harbour")
        factories.article(headline="Photo story", lead_image=picture)
    with committed():
        picture.delete()

    assert found("harbour") == []


def test_a_deleted_article_is_no_longer_found(committed):
    with committed():
        article = factories.article(headline="Tram line approved")
        factories.article(headline="Tram depot closes")
    with committed():
        article.delete()

    assert found("tram") == ["Tram depot closes"]


def test_a_rolled_back_change_leaves_the_index_as_it_was(committed):
    from django.db import transaction

    with committed():
        article = factories.article(headline="Tram line approved")
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(headline="Metro line approved")
        Article.objects.get(pk=article.pk).save()
        raise RuntimeError("the editor's save failed")

    assert found("tram") == ["Tram line approved"]


def test_an_imported_article_is_found(client, committed, seed_path):
    with committed():
        call_command("import_articles", str(seed_path), stdout=io.StringIO())

    html = page(client, q="Rutte")

    assert "1 result for “Rutte”" in html
    assert f'<a href="{SEED_URL}">' in html
    assert "Mark <mark>Rutte</mark>" in html


def test_reindex_search_indexes_articles_saved_without_signals(committed):
    publisher = factories.publisher()
    Article.objects.bulk_create(
        Article(
            headline=f"Bulk tram story {n}",
            slug=f"bulk-{n}",
            publisher=publisher,
            status=Article.Status.PUBLISHED,
            published_at=days_ago(1),
            headline_key=f"bulk-{n}",
        )
        for n in range(3)
    )
    assert found("tram") == []
    out = io.StringIO()

    call_command("reindex_search", stdout=out)

    assert out.getvalue() == "indexed 3 articles\n"
    assert len(found("tram")) == 3


def test_the_index_sits_in_the_database_in_use():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_vector'"
            )
            assert "articles_searchdocument USING gin (vector)" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_search'")
            assert "USING fts5" in cursor.fetchone()[0]


def test_article_queries_read_no_search_vector(committed):
    with committed():
        factories.article(headline="Tram news")

    sql = str(Article.objects.all().query)

    assert "vector" not in sql
    assert found("tram") == ["Tram news"]


def test_vectors_are_kept_beside_the_articles_on_postgresql_only(committed):
    with committed():
        article = factories.article(headline="Tram news", published_at=days_ago(2))

    documents = list(SearchDocument.objects.values_list("article_id", "published_at"))

    if connection.vendor == "postgresql":
        assert documents == [(article.pk, article.published_at)]
    else:
        assert documents == []  # SQLite's index is its FTS5 table.


def test_deleting_an_article_deletes_its_search_document(committed):
    with committed():
        article = factories.article(headline="Tram news")
    with committed():
        article.delete()

    assert not SearchDocument.objects.exists()


def test_an_image_saved_alone_indexes_nothing(committed, django_assert_num_queries):
    with committed(), django_assert_num_queries(1):
        Image.objects.create(caption="Nobody uses this picture yet")


@pytest.mark.parametrize("vector_read", [0, 10**9], ids=["walking-newest-first", "index-then-sort"])
def test_both_ways_of_reading_candidates_find_the_same_results(committed, monkeypatch, vector_read):
    # PostgreSQL reads common words walking the newest articles, rare ones from the index.
    monkeypatch.setattr("articles.search.postgresql.VECTOR_READ", vector_read)
    with committed():
        for days in (3, 1, 2):
            factories.article(headline=f"Tram news {days}", published_at=days_ago(days))
        factories.article(headline="Tram draft", status=Article.Status.DRAFT)

    results = Article.objects.published().search("tram")
    paginator = CountedUpTo(results, 20)

    assert paginator.count == 3
    assert [a.headline for a in paginator.page(1)] == ["Tram news 1", "Tram news 2", "Tram news 3"]


def test_results_filtered_after_the_search_are_counted_and_paged_as_filtered(committed):
    europe = factories.section(name="Europe", slug="europe")
    with committed():
        factories.article(headline="Tram news in Europe", section=europe)
        factories.article(headline="Tram news elsewhere")

    results = Article.objects.published().search("tram").filter(section=europe)
    paginator = CountedUpTo(results, 20)

    assert paginator.count == 1
    assert [a.headline for a in paginator.page(1)] == ["Tram news in Europe"]


def test_a_date_that_is_no_day_is_named_but_not_put_back_in_the_date_input(client):
    response = client.get("/search/", {"q": "Rutte", "from": "2026-02-30"})

    assert response.status_code == 200
    assert "“2026-02-30” is not a date" in response.text
    assert 'value="2026-02-30"' not in response.text


def test_a_draft_published_by_the_admin_action_is_found_with_its_time(admin_client, committed):
    with committed():
        draft = factories.article(
            headline="Tram news", status=Article.Status.DRAFT, published_at=None
        )
    assert found("tram") == []

    with committed():
        admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
            follow=True,
        )

    draft.refresh_from_db()
    assert found("tram") == ["Tram news"]
    if connection.vendor == "postgresql":
        assert SearchDocument.objects.get().published_at == draft.published_at
