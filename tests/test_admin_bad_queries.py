"""Bad query strings in the admin: a 400 that says why, or an empty list, never a 500.

PostgreSQL refuses a NUL in text, so a NUL in any filter, search or autocomplete
value used to reach the database and fail there. And a search of hundreds of
words used to become hundreds of LIKE clauses per field.
"""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.admin.query_strings import MAX_SEARCH_WORDS
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODELS = [model for model, _ in REGISTERED]


def changelist(model: type) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def label(model: type) -> str:
    return model._meta.label


@pytest.fixture
def some_rows():
    factories.article(headline="Straße closed", section=factories.section())
    factories.image(caption="Mark Rutte")


def test_every_registered_admin_is_probed():
    """A new ModelAdmin is probed too: this list is read from the site."""
    assert {"articles.Article", "articles.Image", "auth.User", "auth.Group"} <= {
        label(model) for model in MODELS
    }


@pytest.mark.parametrize("model", MODELS, ids=label)
@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"q": "Stra\x00ße"},
        {"o": "\x00"},
        {"p": "\x00"},
        {"e": "\x00"},
        {"_facets": "\x00"},
        {"\x00": "x"},
        {"status__exact": "\x00"},
        {"name__exact": "\x00"},
        {"id__exact": "\x00"},
        {"published_at__gte": "\x00"},
    ],
    ids=lambda query: next(iter(query)).replace("\x00", "NUL"),
)
def test_a_nul_in_the_query_string_is_a_400_that_says_so(admin_client, some_rows, model, query):
    response = admin_client.get(changelist(model), query)

    assert response.status_code == 400
    assert b"NUL" in response.content


def test_status_filter_with_a_nul_is_a_400(admin_client, some_rows):
    response = admin_client.get(changelist(Article) + "?status__exact=%00")

    assert response.status_code == 400
    assert b"status__exact" in response.content


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "no-such-status"},
        {"status__exact": "x" * 500},
        {"section__id__exact": "99999999999999999999999"},
        {"section__id__exact": "-1"},
        {"section__id__exact": "one"},
        {"published_at__gte": "2026-13-40"},
        {"published_at__year": "99999999999"},
        {"p": "99999999999999999999"},
        {"o": "99.x"},
        {"featured__exact": "maybe"},
    ],
    ids=lambda query: f"{next(iter(query))}={next(iter(query.values()))[:12]}",
)
def test_a_bad_filter_value_is_an_empty_list_or_a_message_never_a_500(
    admin_client, some_rows, query
):
    response = admin_client.get(changelist(Article), query)

    assert response.status_code in {200, 302, 400}


@pytest.mark.parametrize("model", MODELS, ids=label)
@pytest.mark.parametrize(
    "query",
    [
        {"id__gte": "999999999999999999999999999"},
        {"id__in": "1,x"},
        {"created_at__year": "99999999999"},
        {"created_at__gte": "99999999999-01-01"},
        {"name__regex": "("},
        {"o": "-1.999999999999999999"},
        {"p": "-1"},
        {"all": ""},
    ],
    ids=lambda query: next(iter(query)),
)
def test_a_bad_value_on_any_list_is_never_a_500(admin_client, some_rows, model, query):
    response = admin_client.get(changelist(model), query)

    assert response.status_code in {200, 302, 400}


def autocomplete(admin_client, term: str, field: str = "lead_image"):
    return admin_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": field},
    )


@pytest.mark.parametrize("field", ["lead_image", "section", "publisher", "tags"])
def test_autocomplete_with_a_nul_is_a_400(admin_client, some_rows, field):
    response = autocomplete(admin_client, "Rut\x00te", field)

    assert response.status_code == 400


@pytest.mark.parametrize("name", ["app_label", "model_name", "field_name"])
def test_autocomplete_with_a_nul_in_any_parameter_is_a_400(admin_client, name):
    query = {"term": "x", "app_label": "articles", "model_name": "article"}
    query["field_name"] = "section"
    query[name] += "\x00"

    response = admin_client.get(reverse("admin:autocomplete"), query)

    assert response.status_code == 400


def test_a_nul_outside_the_admin_is_left_to_the_page(client):
    """Public search drops control characters itself (articles.search.form)."""
    response = client.get(reverse("articles:search"), {"q": "kyiv\x00"})

    assert response.status_code == 200


# Searches of many words -------------------------------------------------------

MANY_WORDS = " ".join(f"word{n}" for n in range(500))


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_a_500_word_search_answers_in_a_bounded_number_of_queries(
    admin_client, some_rows, django_assert_max_num_queries, model
):
    with django_assert_max_num_queries(12):
        response = admin_client.get(changelist(model), {"q": MANY_WORDS})

    assert response.status_code == 200


def test_a_long_search_uses_the_first_words_and_says_so(admin_client):
    wanted = factories.article(headline="Straße closed in Berlin")
    factories.article(headline="Another story")
    words = "straße " + " ".join(["closed"] * (MAX_SEARCH_WORDS + 10))

    response = admin_client.get(changelist(Article), {"q": words})

    assert list(response.context["cl"].result_list) == [wanted]
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(f"first {MAX_SEARCH_WORDS} words" in message for message in shown), shown


def test_a_short_search_has_no_message(admin_client):
    factories.article(headline="Straße closed")

    response = admin_client.get(changelist(Article), {"q": "straße closed"})

    assert list(get_messages(response.wsgi_request)) == []


def test_a_500_word_autocomplete_answers_in_a_bounded_number_of_queries(
    admin_client, some_rows, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = autocomplete(admin_client, MANY_WORDS)

    assert response.status_code == 200
