"""The body keeps every word it is given, or says by name what it refused.

The cleaner (nh3) silently drops what it cannot keep: ``<?php … ?>``, CDATA
sections, declarations, a tag left open at the end. The form's audit must name
each of these; a lone ``<`` in text (``1 < 2``) is text, saved as such.
"""

import html
import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.fields import validate_rich_text
from articles.models import Article
from articles.richtext import disallowed_markup, sanitize
from tests import factories

BODY = Article._meta.get_field("body")


def refused(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        BODY.clean(text, None)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("<p>Hello</p><?php echo 'x'; ?>", "<?php"),
        ("<p>a</p><![CDATA[ hidden text ]]>", "CDATA"),
        ("<p>a</p><!-- a note for the desk -->", "comment"),
        ("<!DOCTYPE html><p>a</p>", "DOCTYPE"),
        ("<p>The end <em", "<em"),
        ("<p>The end</p><b", "<b"),
        ("<p>The end</p></em", "</em"),
        ("<p>The end</p><!x y>", "<!x y>"),
        ("<p>Then</p></3 words>", "</3 words>"),
        ("<p>Text</p></p class=x>", "class"),
        ("<p>x</p><script>alert(1)</script>", "<script>"),
    ],
)
def test_markup_the_body_cannot_keep_is_refused_by_name(text, named):
    assert named in refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "<p>1 < 2</p>",
        "<p>a < b and c > d</p>",
        "<p>2<3</p>",
        "<p>x <= y</p>",
        "<p>an arrow <- here</p>",
        "<p>less than at the end <</p>",
        "1 < 2",
        "<p>&lt;b&gt; is written so</p>",
    ],
)
def test_a_stray_less_than_is_text(text):
    BODY.clean(text, None)
    assert "&lt;" in sanitize(text)


def test_a_clean_body_passes():
    body = (
        '<p>First <em>para</em> &amp; <a href="https://example.com" rel="noopener noreferrer">'
        "link</a>.</p><h2>Sub</h2><ul><li>one</li></ul><blockquote><p>q</p></blockquote>"
    )
    assert disallowed_markup(body) == []
    assert disallowed_markup(sanitize(body)) == []
    # Line ends of every kind, as a textarea sends them, before closing tags.
    assert disallowed_markup("<p>a</p>\r\n<p>b</p>\r<h2>c</h2>\n<p>d</P >") == []


def test_a_link_rel_other_than_the_one_the_site_sets_is_named():
    assert "rel" in refused('<p><a href="https://example.com" rel="nofollow">x</a></p>')


@pytest.mark.django_db
def test_a_refused_body_leaves_the_article_unchanged(admin_client):
    from tests.test_admin import change_url, form_data

    article = factories.article(body="<p>Kept.</p>")
    page = admin_client.get(change_url(article))

    response = admin_client.post(
        change_url(article), form_data(page, body="<p>Kept.</p><?php echo 1; ?>")
    )

    assert response.status_code == 200
    assert "&lt;?php" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>Kept.</p>"


# Any text: saved with all its words, or refused with a message -----------------

WORD = re.compile(r"\w+")


def words(markup: str) -> Counter:
    """The words of markup as written (tag and attribute names too), case-folded."""
    return Counter(WORD.findall(html.unescape(markup).casefold()))


PIECES = st.sampled_from(
    [
        "a",
        "word",
        " ",
        "\n",
        "<",
        ">",
        "/",
        "!",
        "?",
        "-",
        "&",
        ";",
        "=",
        '"',
        "'",
        "1",
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "<b",
        "</",
        "<!--",
        "-->",
        "<?",
        "?>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lt;",
        '<a href="https://example.com/">',
        "</a>",
        "<script>",
        "<li>",
        "</li>",
        "<br>",
        "<h2>",
        "</h2>",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=30).map("".join),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("<>&/!?")
    ),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_any_body_keeps_all_its_words_or_names_what_it_refused(text):
    try:
        validate_rich_text(text)
    except ValidationError as refusal:
        message = " ".join(refusal.messages)
        assert "cannot be kept" in message
        assert refusal.params["problems"]
        return
    lost = words(text) - words(sanitize(text))
    assert not lost, f"{text!r} saved as {sanitize(text)!r}: lost {dict(lost)}"


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_any_body_the_model_accepts_is_stored_with_all_its_words(text):
    article = Article.objects.first() or factories.article()
    article.body = text
    try:
        article.full_clean()
    except ValidationError as refusal:
        assert "body" not in refusal.message_dict or refusal.message_dict["body"]
        if "body" in refusal.message_dict:
            return
    article.save()
    article.refresh_from_db()
    assert not words(text) - words(article.body)
