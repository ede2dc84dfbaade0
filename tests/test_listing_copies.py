"""The copies lists are read by follow what they copy, whichever way it changes.

Bylines and taggings carry their article's status and time; an article carries
its lead picture's photographer. A person's, a tag's and a photographer's list
filter and order on those copies (their indexes hold them), so a copy out of
step would list a draft, hide a story or credit the wrong photographer.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Author, Byline, Image, Tagging
from articles.querysets import published_filter
from tests import factories
from tests.test_admin import change_url, errors_of, form_data, run_action
from tests.test_list_pages import headlines

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "seed.json"


def copies(article: Article) -> set[tuple[str, str, datetime.datetime | None]]:
    """Each link of the article with its copy: ("byline" or "tagging", status, time)."""
    bylines = Byline.objects.filter(article=article).values_list("status", "published_at")
    taggings = Tagging.objects.filter(article=article).values_list("status", "published_at")
    return {("byline", *row) for row in bylines} | {("tagging", *row) for row in taggings}


def stored(
    article: Article, kinds: tuple[str, ...] = ("byline", "tagging")
) -> set[tuple[str, str, datetime.datetime | None]]:
    """What ``copies()`` must be: the article's own status and time on every kind of link."""
    article.refresh_from_db()
    return {(kind, article.status, article.published_at) for kind in kinds}


def linked_article(**fields) -> Article:
    return factories.article(authors=[factories.author()], tags=[factories.tag()], **fields)


def test_published_on_links_means_what_published_means_for_articles():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    for headline, status, when in (
        ("Draft", Article.Status.DRAFT, now - hour),
        ("Scheduled", Article.Status.PUBLISHED, now + hour),
        ("Published", Article.Status.PUBLISHED, now - hour),
    ):
        linked_article(headline=headline, status=status, published_at=when)

    articles = set(Article.objects.published().values_list("headline", flat=True))
    bylines = Byline.objects.filter(published_filter())
    taggings = Tagging.objects.filter(published_filter())
    through_bylines = Article.objects.filter(published_filter("bylines__"))

    assert articles == {"Published"}
    assert set(bylines.values_list("article__headline", flat=True)) == articles
    assert set(taggings.values_list("article__headline", flat=True)) == articles
    assert set(through_bylines.values_list("headline", flat=True)) == articles


def test_links_made_in_code_copy_their_article():
    article = linked_article(published_at=timezone.now() - datetime.timedelta(days=3))

    assert copies(article) == stored(article)


def test_a_tag_adding_an_article_copies_that_article():
    article = factories.article(published_at=timezone.now() - datetime.timedelta(days=2))
    tag = factories.tag()

    tag.articles.add(article)

    assert copies(article) == {("tagging", "published", article.published_at)}


def test_saving_an_article_with_a_new_status_and_time_updates_its_links():
    article = linked_article()
    article.status = Article.Status.DRAFT
    article.published_at = timezone.now() + datetime.timedelta(days=1)

    article.save()

    assert copies(article) == stored(article)
    assert ("tagging", "draft", article.published_at) in copies(article)


def test_admin_publish_action_updates_the_links(admin_client):
    article = linked_article(status=Article.Status.DRAFT, published_at=None)

    run_action(admin_client, "publish", [article])

    assert copies(article) == stored(article)
    assert {status for _, status, _ in copies(article)} == {"published"}


def test_admin_unpublish_action_takes_the_story_off_its_tag_and_author_pages(admin_client):
    person = factories.author(slug="ana")
    tag = factories.tag(slug="kyiv", kind="place")
    article = factories.article(headline="Withdrawn", authors=[person], tags=[tag])
    factories.article(headline="Kept", authors=[person], tags=[tag])

    run_action(admin_client, "unpublish", [article])

    assert copies(article) == stored(article)
    assert "Withdrawn" not in admin_client.get("/tags/places/kyiv/").content.decode()
    assert "Withdrawn" not in admin_client.get("/authors/ana/").content.decode()


def test_an_imported_article_and_a_reimport_with_a_new_date_keep_the_taggings_in_step(
    tmp_path, seed_text, seed_path
):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    article = Article.objects.get()
    assert copies(article) == {("tagging", "published", article.published_at)}

    changed = tmp_path / "seed.txt"
    changed.write_text(seed_text.replace("February 3, 2026", "February 4, 2026"))
    call_command("import_articles", str(changed), stdout=io.StringIO())

    assert copies(article) == stored(article, ("tagging",))
    assert timezone.localdate(article.published_at) == datetime.date(2026, 2, 4)


def test_loading_the_fixture_fills_the_taggings_copies():
    call_command("loaddata", str(FIXTURE), verbosity=0)

    article = Article.objects.get()
    assert Tagging.objects.filter(article=article).count() == 13
    assert copies(article) == stored(article, ("tagging",))


def photographer_copy(article: Article) -> Author | None:
    """The article's stored copy of its lead picture's photographer."""
    return Article.objects.get(pk=article.pk).lead_photographer


def lead_photographer(article: Article) -> Author | None:
    """What ``photographer_copy()`` must be: the stored lead picture's photographer."""
    lead = Article.objects.select_related("lead_image__photographer").get(pk=article.pk)
    return lead.lead_image.photographer if lead.lead_image else None


def test_an_article_saved_with_a_lead_picture_copies_its_photographer():
    person = factories.author()

    article = factories.article(lead_image=factories.image(photographer=person))

    assert photographer_copy(article) == person


def test_an_article_given_another_picture_copies_that_pictures_photographer():
    article = factories.article(lead_image=factories.image(photographer=factories.author()))
    other = factories.author()

    article.lead_image = factories.image(photographer=other)
    article.save()

    assert photographer_copy(article) == other


def test_an_article_whose_picture_is_removed_keeps_no_photographer():
    article = factories.article(lead_image=factories.image(photographer=factories.author()))

    article.lead_image = None
    article.save()

    assert photographer_copy(article) is None


def test_an_article_saved_with_only_its_lead_image_named_copies_the_new_photographer():
    article = factories.article(lead_image=factories.image(photographer=factories.author()))
    other = factories.author()
    article = Article.objects.get(pk=article.pk)  # The picture is not held: it is looked up.
    article.lead_image_id = factories.image(photographer=other).pk

    article.save(update_fields=["lead_image"])

    assert photographer_copy(article) == other


def test_a_pictures_new_photographer_is_copied_to_every_article_it_leads():
    picture = factories.image(photographer=factories.author())
    articles = [factories.article(lead_image=picture) for _ in range(2)]
    other = factories.author()

    picture.photographer = other
    picture.save()

    assert [photographer_copy(article) for article in articles] == [other, other]


def test_a_deleted_picture_takes_its_photographer_off_the_articles_it_led(client):
    person = factories.author(slug="ana-lens")
    picture = factories.image(photographer=person)
    factories.article(headline="Kept", lead_image=factories.image(photographer=person))
    article = factories.article(headline="Picture deleted", lead_image=picture)

    picture.delete()

    assert photographer_copy(article) is None
    assert headlines(client.get("/authors/ana-lens/photographs/")) == ["Kept"]


def test_a_deleted_photographer_leaves_the_article_with_no_copy():
    person = factories.author()
    article = factories.article(lead_image=factories.image(photographer=person))

    person.delete()

    assert photographer_copy(article) is None
    assert lead_photographer(article) is None


def test_choosing_another_picture_in_the_admin_copies_its_photographer(admin_client):
    article = factories.article(lead_image=factories.image(photographer=factories.author()))
    other = factories.author()
    picture = factories.image(photographer=other)
    response = admin_client.get(change_url(article))

    response = admin_client.post(change_url(article), form_data(response, lead_image=picture.pk))

    assert response.status_code == 302, errors_of(response)
    assert photographer_copy(article) == other


def test_a_photographer_set_in_the_admins_article_form_is_copied(admin_client):
    article = factories.article(lead_image=factories.image(photographer=factories.author()))
    other = factories.author()
    response = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article), form_data(response, lead_image_photographer=other.pk)
    )

    assert response.status_code == 302, errors_of(response)
    assert photographer_copy(article) == other


def test_an_imported_article_copies_its_pictures_photographer(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    article = Article.objects.get()
    assert photographer_copy(article).name == "Andrii Nesterenko"
    assert photographer_copy(article) == lead_photographer(article)


def test_rechecking_credits_moves_the_copy_to_the_person_the_file_names(seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    article = Article.objects.get()
    wrong = factories.author(name="Someone Else")
    Image.objects.update(photographer=wrong)  # As an older importer merged it, unseen.
    Article.objects.update(lead_photographer=wrong)

    call_command("import_articles", str(seed_path), "--recheck-credits", stdout=io.StringIO())

    assert photographer_copy(article).name == "Andrii Nesterenko"


def test_loading_the_fixture_fills_the_photographers_copy():
    call_command("loaddata", str(FIXTURE), verbosity=0)

    article = Article.objects.get()
    assert photographer_copy(article).name == "Andrii Nesterenko"


def test_a_fixture_listing_the_article_before_its_picture_fills_the_copy(tmp_path):
    person = factories.author()
    picture = factories.image(photographer=person)
    article = factories.article(lead_image=picture)
    fixture = tmp_path / "reversed.json"
    fixture.write_text(serializers.serialize("json", [article, picture]))
    Article.objects.filter(pk=article.pk).update(lead_photographer=None)
    Image.objects.filter(pk=picture.pk).update(photographer=None)  # Loading writes it back.

    call_command("loaddata", str(fixture), verbosity=0)

    assert photographer_copy(article) == person


def test_a_photographers_page_lists_exactly_their_published_photographs(client):
    person = factories.author(name="Ana Lens", slug="ana-lens")
    for headline, fields in (
        ("Newer", {"published_at": timezone.now() - datetime.timedelta(hours=1)}),
        ("Older", {}),
        ("Draft", {"status": Article.Status.DRAFT}),
        ("Scheduled", {"published_at": timezone.now() + datetime.timedelta(hours=1)}),
    ):
        factories.article(
            headline=headline, lead_image=factories.image(photographer=person), **fields
        )
    factories.article(headline="Written by her", authors=[person])
    factories.article(headline="Someone else's", lead_image=factories.image())
    moved = factories.article(
        headline="Picture replaced", lead_image=factories.image(photographer=person)
    )
    moved.lead_image = factories.image()
    moved.save()

    response = client.get("/authors/ana-lens/photographs/")

    assert headlines(response) == ["Newer", "Older"]
