"""Public corrections: at the foot of the article, on /corrections/, and in every modified time."""

import datetime
import io
import json

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from lxml import html as lxml_html

from articles.formats import ninjs
from articles.models import Article, Correction, Section
from articles.templatetags.html_dates import datetime_attr
from tests import factories
from tests.schema_vocabulary import problems

pytestmark = pytest.mark.django_db

FEB_3 = datetime.datetime(2026, 2, 3, 10, 0, 5, tzinfo=datetime.UTC)
# 4 February 2026, 14:30 in Brussels.
FEB_4 = datetime.datetime(2026, 2, 4, 13, 30, tzinfo=datetime.UTC)
SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# /corrections/ once the header's sections are cached: the bounded count, the page.
CORRECTIONS_PAGE_QUERIES = 2


def published(**fields) -> Article:
    """A story published on 3 February, created and last saved then too."""
    article = factories.article(published_at=FEB_3, **fields)
    Article.objects.filter(pk=article.pk).update(created_at=FEB_3, updated_at=FEB_3)
    article.refresh_from_db()
    return article


def correct(article: Article, text: str = "The summit is on 12 February, not 11.", **fields):
    return Correction.objects.create(
        article=article, text=text, **{"published_at": FEB_4, **fields}
    )


def page(client, article: Article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def news_article(doc) -> dict:
    data = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    return next(item for item in data["@graph"] if item["@type"] == "NewsArticle")


# The article page ----------------------------------------------------------------


def test_a_correction_is_shown_at_the_foot_of_its_article_with_its_time(client):
    article = published()
    correct(article)

    doc = page(client, article)

    notes = doc.xpath("//section[@class='corrections']//li")
    assert [" ".join(note.text_content().split()) for note in notes] == [
        "Correction, 4 February 2026: The summit is on 12 February, not 11."
    ]
    assert notes[0].xpath(".//time/@datetime") == ["2026-02-04T14:30:00+01:00"]
    # At the foot: after the body and the tags, before the copyright line.
    story = doc.xpath("//article[@class='story']")[0]
    parts = [child.get("class") for child in story]
    assert parts.index("corrections") == parts.index("story__footer") - 1


def test_corrections_are_shown_oldest_first_and_their_text_is_escaped(client):
    article = published()
    correct(article, "Second <b>fix</b>.", published_at=FEB_4 + datetime.timedelta(days=1))
    correct(article, "First fix.")

    response = client.get(article.get_absolute_url())
    doc = lxml_html.fromstring(response.content)

    notes = [n.text_content() for n in doc.xpath("//section[@class='corrections']//li")]
    assert ["First fix." in notes[0], "Second <b>fix</b>." in notes[1]] == [True, True]
    assert b"Second &lt;b&gt;fix&lt;/b&gt;." in response.content


def test_an_article_without_corrections_has_no_corrections_block(client):
    doc = page(client, published())

    assert doc.xpath("//section[@class='corrections']") == []
    assert "correction" not in news_article(doc)


def test_a_correction_updates_the_page_dateline_json_ld_and_open_graph(client):
    article = published()
    correct(article, "A name was misspelt.")

    doc = page(client, article)

    iso = "2026-02-04T14:30:00+01:00"
    assert doc.xpath("//p[@class='meta__date']//span[@class='meta__updated']//time/@datetime") == [
        iso
    ]
    assert doc.xpath("//meta[@property='article:modified_time']/@content") == [iso]
    data = news_article(doc)
    assert data["dateModified"] == iso
    assert data["datePublished"] == datetime_attr(FEB_3)
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": "A name was misspelt.", "datePublished": iso}
    ]
    graph = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
    assert problems(graph) == []


def test_a_correction_made_minutes_after_publication_still_counts_as_a_change(client):
    article = published()
    correct(article, published_at=FEB_3 + datetime.timedelta(minutes=2))

    data = news_article(page(client, article))

    assert data["dateModified"] == datetime_attr(FEB_3 + datetime.timedelta(minutes=2))


def test_deleting_a_correction_takes_it_off_the_article_and_its_modified_time(client):
    article = published()
    first = correct(article, "First.")
    second = correct(article, "Second.", published_at=FEB_4 + datetime.timedelta(days=1))

    second.delete()
    article.refresh_from_db()
    assert [c.text for c in article.shown_corrections] == ["First."]
    assert article.corrected_at == FEB_4

    first.delete()
    article.refresh_from_db()
    assert (article.correction_notes, article.corrected_at) == ([], None)
    assert news_article(page(client, article))["dateModified"] == datetime_attr(FEB_3)


def test_a_later_edit_of_the_article_keeps_its_corrections():
    article = published()
    correct(article, "Kept.")
    article = Article.objects.get(pk=article.pk)

    article.headline = "A new headline"
    article.save()

    assert [c.text for c in Article.objects.get(pk=article.pk).shown_corrections] == ["Kept."]


# Feeds, sitemaps, ninjs, the export ----------------------------------------------


def test_a_correction_updates_the_feed_entry_and_is_told_in_its_summary(client):
    article = published()
    correct(article, "The vote was 12 to 9.")

    for address in ("/feeds/rss/", "/feeds/atom/"):
        feed = feedparser.parse(client.get(address).content)
        (entry,) = feed.entries
        assert "Correction, 4 February 2026: The vote was 12 to 9." in entry.summary
        assert article.standfirst in entry.summary
    atom = feedparser.parse(client.get("/feeds/atom/").content)
    assert datetime.datetime.fromisoformat(atom.entries[0].updated) == FEB_4


def test_a_correction_is_the_sitemap_entry_s_lastmod(client):
    article = published()
    correct(article)

    document = etree.fromstring(client.get("/sitemap-articles.xml").content)

    location = f"http://testserver{article.get_absolute_url()}"
    (lastmod,) = document.xpath(
        "sm:url[sm:loc = $loc]/sm:lastmod/text()", loc=location, namespaces=SM
    )
    assert datetime.datetime.fromisoformat(lastmod) == FEB_4


def test_a_correction_is_a_ninjs_description_and_its_version_time(ninjs_validator):
    article = published()
    correct(article, "The summit is on 12 February.")
    loaded = Article.objects.for_ninjs().get(pk=article.pk)

    document = ninjs.render(loaded)

    ninjs_validator.validate(document)
    assert document["versionCreated"] == "2026-02-04T14:30:00+01:00"
    assert document["descriptions"] == [
        {"role": "lead", "contentType": "text/plain", "value": article.standfirst},
        {
            "role": "correction",
            "contentType": "text/plain",
            "value": "Correction, 4 February 2026: The summit is on 12 February.",
        },
    ]
    # Read back, the correction is not taken for the standfirst.
    assert ninjs.parse(ninjs.dumps(document)).standfirst == article.standfirst


def test_the_api_tells_a_sync_client_of_a_correction(client):
    article = published()
    correct(article)

    response = client.get("/api/ninjs/articles/?since=2026-02-04")

    assert [item["uri"] for item in response.json()["items"]] == [ninjs.article_uri(article)]
    assert response.json()["items"][0]["versionCreated"] == "2026-02-04T14:30:00+01:00"


def test_the_ninjs_export_carries_the_correction(tmp_path):
    article = published()
    correct(article, "Exported too.")

    call_command("export_articles", str(tmp_path), "--format", "ninjs", stdout=io.StringIO())

    document = json.loads((tmp_path / f"{article.uuid}.json").read_text(encoding="utf-8"))
    assert document["versionCreated"] == "2026-02-04T14:30:00+01:00"
    assert document["descriptions"][-1]["value"] == "Correction, 4 February 2026: Exported too."


# /corrections/ ------------------------------------------------------------------


def test_the_corrections_page_lists_every_correction_newest_first_with_its_article(client):
    older, newer = published(headline="Older story"), published(headline="Newer story")
    correct(older, "First of all.")
    correct(newer, "Then this.", published_at=FEB_4 + datetime.timedelta(hours=1))
    correct(older, "And last.", published_at=FEB_4 + datetime.timedelta(hours=2))

    response = client.get("/corrections/")

    doc = lxml_html.fromstring(response.content)
    items = doc.xpath("//ol[@class='correction-list']/li")
    shown = [
        (
            item.xpath(".//h2/a/text()")[0],
            item.xpath(".//h2/a/@href")[0],
            " ".join(item.xpath(".//p")[0].text_content().split()),
        )
        for item in items
    ]
    assert shown == [
        ("Older story", older.get_absolute_url(), "Correction, 4 February 2026: And last."),
        ("Newer story", newer.get_absolute_url(), "Correction, 4 February 2026: Then this."),
        ("Older story", older.get_absolute_url(), "Correction, 4 February 2026: First of all."),
    ]


def test_the_corrections_page_has_its_own_title_description_and_canonical(client):
    doc = lxml_html.fromstring(client.get("/corrections/").content)

    assert doc.findtext(".//title") == "Corrections – Newsportal"
    assert doc.xpath("//meta[@name='description']/@content") == [
        "Every correction Newsportal has made to a published article, newest first."
    ]
    assert doc.xpath("//link[@rel='canonical']/@href") == ["http://testserver/corrections/"]
    assert doc.xpath("//p[@class='empty']/text()") == ["There are no corrections yet."]


def test_corrections_of_drafts_scheduled_and_unpublished_articles_stay_off_the_list(client):
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    correct(published(headline="Public story"), "Public.")
    correct(factories.article(headline="Draft story", status=Article.Status.DRAFT), "Draft.")
    correct(factories.article(headline="Scheduled story", published_at=future), "Scheduled.")

    content = client.get("/corrections/").content.decode()

    assert "Public story" in content
    assert "Draft" not in content
    assert "Scheduled" not in content


def test_the_corrections_page_is_paged_like_the_other_lists(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    article = published()
    for n in range(5):
        correct(article, f"Fix {n}.", published_at=FEB_4 + datetime.timedelta(minutes=n))

    page_2 = lxml_html.fromstring(client.get("/corrections/?page=2").content)

    notes = [p.text_content() for p in page_2.xpath("//p[@class='correction-list__note']")]
    assert [note.rsplit(": ", 1)[1] for note in notes] == ["Fix 2.", "Fix 1."]
    assert page_2.xpath("//link[@rel='canonical']/@href") == [
        "http://testserver/corrections/?page=2"
    ]
    assert page_2.xpath("//link[@rel='prev']/@href") == ["/corrections/"]
    assert page_2.xpath("//link[@rel='next']/@href") == ["/corrections/?page=3"]
    assert page_2.findtext(".//title") == "Corrections, page 2 – Newsportal"
    assert client.get("/corrections/?page=4").status_code == 404
    bad = client.get("/corrections/?page=abc")
    assert bad.status_code == 404
    assert "is not a page number" in bad.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_the_corrections_page_takes_the_same_queries_whatever_its_length(
    client, django_assert_num_queries, count
):
    for n in range(count):
        correct(published(section=factories.section()), f"Fix {n}.")
    client.get("/corrections/")  # The header's sections, cached from here on.

    with django_assert_num_queries(CORRECTIONS_PAGE_QUERIES):
        response = client.get("/corrections/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [0, 1, 5])
def test_corrections_cost_the_article_page_no_query(client, django_assert_num_queries, count):
    from tests.caches import clear_all
    from tests.test_views import ARTICLE_PAGE_QUERIES

    article = published(section=factories.section(), tags=[factories.tag()])
    for n in range(count):
        correct(article, f"Fix {n}.")
    clear_all()

    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('class="correction"') == count


def test_a_list_page_reads_no_correction_copies():
    published()
    with CaptureQueriesContext(connection) as captured:
        list(Article.objects.published().for_listing())

    assert "correction_notes" not in captured.captured_queries[0]["sql"]


# Where corrections live ---------------------------------------------------------


def test_corrections_is_a_reserved_section_slug():
    with pytest.raises(ValidationError, match="cannot be a section"):
        Section(name="Corrections", slug="corrections").full_clean()


def test_a_correction_reads_as_the_reader_sees_it():
    correction = correct(published(), "A date was wrong.")

    assert str(correction) == "Correction, 4 February 2026: A date was wrong."


# The admin ----------------------------------------------------------------------


def test_an_editor_adds_a_correction_on_the_article_s_admin_page(admin_client, client):
    from tests.test_admin import change_url, errors_of, form_data

    article = published()
    page_before = admin_client.get(change_url(article))
    data = form_data(
        page_before,
        **{"corrections-TOTAL_FORMS": "1", "corrections-0-text": "The mayor is Ms Dupont."},
    )

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, errors_of(response)
    (correction,) = article.corrections.all()
    assert correction.text == "The mayor is Ms Dupont."
    article.refresh_from_db()
    assert article.corrected_at == correction.published_at
    assert "The mayor is Ms Dupont." in client.get(article.get_absolute_url()).content.decode()
    # Shown again on the page, with its time, read-only.
    again = admin_client.get(change_url(article)).content.decode()
    assert "The mayor is Ms Dupont." in again
    assert 'name="corrections-0-published_at"' not in again
