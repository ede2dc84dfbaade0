"""Related News on the article page: editors' links first, then the most similar stories."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, RelatedLink
from articles.related import headline_words, word_overlap
from tests import factories
from tests.caches import clear_all

pytestmark = pytest.mark.django_db

# The article page with every cache empty: the article (its byline and tags copied on
# it); editors' links; similar stories; Most read; the header's sections. The next
# request reads Related News, Most read and the sections from the cache, and asks
# once when the next scheduled article is due.
COLD_QUERIES = 5
WARM_QUERIES = 2


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def related_headlines(client, article: Article) -> list[str]:
    """The headlines listed under Related News on the article's page, in order."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    block = re.search(r'<aside class="related".*?</aside>', response.content.decode(), re.S)
    if block is None:
        return []
    return [html.unescape(h) for h in re.findall(r"<a [^>]*>([^<]*)</a>", block.group(0))]


# Editors' links ------------------------------------------------------------------


def test_editors_links_come_first_in_their_order(client):
    topic = factories.tag()
    first = factories.article(headline="First chosen", published_at=days_ago(5))
    second = factories.article(headline="Second chosen", published_at=days_ago(9))
    factories.article(headline="Similar story", tags=[topic], published_at=days_ago(0.5))
    article = factories.article(tags=[topic])
    RelatedLink.objects.create(source=article, target=second, position=2)
    RelatedLink.objects.create(source=article, target=first, position=1)

    assert related_headlines(client, article) == ["First chosen", "Second chosen", "Similar story"]


def test_four_editors_links_leave_no_room_for_similar_stories(client):
    topic = factories.tag()
    chosen = [factories.article(headline=f"Chosen {n}") for n in range(5)]
    factories.article(headline="Similar story", tags=[topic])
    article = factories.article(tags=[topic], related=chosen)

    assert related_headlines(client, article) == [f"Chosen {n}" for n in range(5)]


def test_similar_stories_fill_the_list_up_to_four(client):
    topic = factories.tag()
    for n in range(6):
        factories.article(headline=f"Similar {n}", tags=[topic], published_at=days_ago(n + 1))
    chosen = factories.article(headline="Chosen")
    article = factories.article(tags=[topic], related=[chosen])

    assert related_headlines(client, article) == ["Chosen", "Similar 0", "Similar 1", "Similar 2"]


def test_a_link_to_the_same_story_twice_shows_it_once(client):
    topic = factories.tag()
    chosen = factories.article(headline="Chosen", tags=[topic])
    article = factories.article(tags=[topic], related=[chosen, chosen])

    assert related_headlines(client, article) == ["Chosen"]


def test_a_chosen_story_that_is_also_similar_is_listed_once(client):
    topic = factories.tag()
    chosen = factories.article(headline="Chosen and similar", tags=[topic])
    factories.article(headline="Only similar", tags=[topic], published_at=days_ago(3))
    article = factories.article(tags=[topic], related=[chosen])

    assert related_headlines(client, article) == ["Chosen and similar", "Only similar"]


def test_a_story_linked_after_its_similar_list_was_cached_is_listed_once(client):
    topic = factories.tag()
    neighbour = factories.article(headline="Neighbour", tags=[topic])
    article = factories.article(tags=[topic])
    RelatedLink.objects.create(source=article, headline="Neighbour", position=0)
    assert related_headlines(client, article) == ["Neighbour"]  # As a similar story.

    # As Article.save() resolves waiting links: an update(), which sends no signal.
    RelatedLink.objects.filter(source=article).update(target=neighbour)

    assert related_headlines(client, article) == ["Neighbour"]


def test_a_link_to_the_article_itself_is_left_out(client):
    article = factories.article(headline="The story itself")
    RelatedLink.objects.create(source=article, target=article, position=0)

    assert related_headlines(client, article) == []


# Similar stories -----------------------------------------------------------------


def test_more_shared_tags_rank_first_even_when_older(client):
    war, kyiv, nato = factories.tag(), factories.tag(), factories.tag()
    factories.article(headline="One tag, newest", tags=[war], published_at=days_ago(1))
    factories.article(
        headline="Three tags, oldest", tags=[war, kyiv, nato], published_at=days_ago(30)
    )
    factories.article(headline="Two tags", tags=[war, kyiv], published_at=days_ago(20))
    article = factories.article(tags=[war, kyiv, nato], published_at=days_ago(0.1))

    assert related_headlines(client, article) == [
        "Three tags, oldest",
        "Two tags",
        "One tag, newest",
    ]


def test_the_same_section_ranks_first_among_equal_tags(client):
    topic, desk, other_desk = factories.tag(), factories.section(), factories.section()
    factories.article(
        headline="Other section", tags=[topic], section=other_desk, published_at=days_ago(1)
    )
    factories.article(headline="Same section", tags=[topic], section=desk, published_at=days_ago(9))
    article = factories.article(tags=[topic], section=desk, published_at=days_ago(0.1))

    assert related_headlines(client, article) == ["Same section", "Other section"]


def test_a_shared_tag_ranks_before_only_the_same_section(client):
    topic, desk = factories.tag(), factories.section()
    factories.article(headline="Section only", section=desk, published_at=days_ago(1))
    factories.article(headline="Tag only", tags=[topic], published_at=days_ago(9))
    article = factories.article(tags=[topic], section=desk, published_at=days_ago(0.1))

    assert related_headlines(client, article) == ["Tag only", "Section only"]


def test_headline_words_break_a_tie_of_tags_and_section(client):
    topic = factories.tag()
    factories.article(headline="Markets close higher", tags=[topic], published_at=days_ago(1))
    factories.article(
        headline="NATO chief meets Zelensky in Kyiv", tags=[topic], published_at=days_ago(9)
    )
    article = factories.article(
        headline="NATO chief arrives in Kyiv", tags=[topic], published_at=days_ago(0.1)
    )

    assert related_headlines(client, article) == [
        "NATO chief meets Zelensky in Kyiv",
        "Markets close higher",
    ]


def test_the_newest_comes_first_among_equals(client):
    topic = factories.tag()
    factories.article(headline="Older", tags=[topic], published_at=days_ago(5))
    factories.article(headline="Newer", tags=[topic], published_at=days_ago(2))
    article = factories.article(tags=[topic], published_at=days_ago(0.1))

    assert related_headlines(client, article) == ["Newer", "Older"]


def test_drafts_and_scheduled_stories_are_never_similar(client):
    topic = factories.tag()
    factories.article(headline="Draft", tags=[topic], status=Article.Status.DRAFT)
    factories.article(
        headline="Scheduled",
        tags=[topic],
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    factories.article(headline="Published", tags=[topic])
    article = factories.article(tags=[topic])

    assert related_headlines(client, article) == ["Published"]


def test_a_story_with_nothing_in_common_is_not_related(client):
    factories.article(headline="Unrelated", tags=[factories.tag()], section=factories.section())
    article = factories.article(tags=[factories.tag()], section=factories.section())

    assert related_headlines(client, article) == []


def test_without_any_related_story_there_is_no_section(client):
    article = factories.article()

    response = client.get(article.get_absolute_url())

    assert "Related News" not in response.content.decode()


def test_headline_words_ignore_case_punctuation_and_small_words():
    assert headline_words("NATO chief arrives in Kyiv, hours after the strike") == {
        "nato",
        "chief",
        "arrives",
        "kyiv",
        "hours",
        "strike",
    }


def test_word_overlap_is_shared_words_over_all_words():
    assert word_overlap(frozenset({"nato", "kyiv"}), frozenset({"kyiv", "strike", "drone"})) == 0.25
    assert word_overlap(frozenset(), frozenset({"kyiv"})) == 0.0


# Kept current ------------------------------------------------------------------


def test_a_newly_published_similar_story_appears_on_the_next_view(client):
    topic = factories.tag()
    factories.article(headline="Earlier story", tags=[topic], published_at=days_ago(3))
    article = factories.article(tags=[topic])
    assert related_headlines(client, article) == ["Earlier story"]

    factories.article(headline="Just published", tags=[topic], published_at=days_ago(0.01))

    assert related_headlines(client, article) == ["Just published", "Earlier story"]


def test_a_similar_story_put_back_to_draft_disappears(client):
    topic = factories.tag()
    neighbour = factories.article(headline="Withdrawn story", tags=[topic])
    article = factories.article(tags=[topic])
    assert related_headlines(client, article) == ["Withdrawn story"]

    neighbour.status = Article.Status.DRAFT
    neighbour.save()

    assert related_headlines(client, article) == []


def test_a_story_unpublished_from_the_admin_list_disappears(client, admin_client):
    topic = factories.tag()
    neighbour = factories.article(headline="Withdrawn story", tags=[topic])
    article = factories.article(tags=[topic])
    assert related_headlines(client, article) == ["Withdrawn story"]

    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [neighbour.pk]},
    )

    assert Article.objects.get(pk=neighbour.pk).status == Article.Status.UNPUBLISHED
    assert related_headlines(client, article) == []


def test_tagging_another_story_makes_it_similar(client):
    topic = factories.tag()
    other = factories.article(headline="Tagged later")
    article = factories.article(tags=[topic])
    assert related_headlines(client, article) == []

    other.tags.add(topic)

    assert related_headlines(client, article) == ["Tagged later"]


# Query counts ------------------------------------------------------------------


def article_with_links(links: int) -> Article:
    topic = factories.tag()
    desk = factories.section()
    for n in range(6):
        factories.article(headline=f"Similar {n}", tags=[topic], section=desk)
    chosen = [factories.article(headline=f"Chosen {n}") for n in range(links)]
    return factories.article(
        tags=[topic, factories.tag()],
        section=desk,
        authors=[factories.author(), factories.author()],
        related=chosen,
    )


@pytest.mark.parametrize("links", [0, 1, 3])
def test_the_page_runs_the_same_queries_with_any_number_of_links_cold_and_warm(
    client, django_assert_num_queries, links
):
    article = article_with_links(links)
    clear_all()

    with django_assert_num_queries(COLD_QUERIES):
        cold = related_headlines(client, article)
    with django_assert_num_queries(WARM_QUERIES):
        warm = related_headlines(client, article)

    assert len(cold) == 4
    assert warm == cold


def test_four_links_need_no_query_for_similar_stories(client, django_assert_num_queries):
    article = article_with_links(4)
    clear_all()

    with django_assert_num_queries(COLD_QUERIES - 1):
        cold = related_headlines(client, article)
    with django_assert_num_queries(WARM_QUERIES):
        warm = related_headlines(client, article)

    assert cold == warm == [f"Chosen {n}" for n in range(4)]


def test_deleting_a_related_article_leaves_its_link_waiting_for_the_headline():
    target = factories.article(headline="Tram line opens")
    source = factories.article(related=[target])

    target.delete()

    link = source.related_links.get()
    assert (link.target, link.headline) == (None, "Tram line opens")
    again = factories.article(headline="Tram line opens")
    link.refresh_from_db()
    assert link.target == again


def test_similar_stories_are_looked_for_among_the_newest_of_each_tag():
    topic = factories.tag()
    factories.article(headline="Older", tags=[topic], published_at=days_ago(3))
    factories.article(headline="Newer", tags=[topic], published_at=days_ago(2))
    article = factories.article(tags=[topic], published_at=days_ago(1))

    weighed = Article.objects.published().similar_to(article, [topic.pk], newest_each=1)

    assert [other.headline for other in weighed] == ["Newer"]
