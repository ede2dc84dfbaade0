"""What a reader's phone downloads: a small article page and stylesheet, no blocking script.

Read from pages as the site renders them (the seed article, imported for real,
and a front page full of stories), compressed as a server compresses them.
The limits are the issue's: article HTML at most 30 KB gzipped, the stylesheet
at most 20 KB, and no JavaScript the browser must run before it can paint.
"""

import gzip
import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE_HTML_GZIP_LIMIT = 30 * 1024
CSS_GZIP_LIMIT = 20 * 1024
SEED_URL = (
    "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def blocking_scripts(html: str) -> list[str]:
    """``<script>`` elements the parser must fetch or run before it goes on.

    Data blocks (JSON-LD) are not run; ``defer``, ``async`` and modules wait.
    """
    found = []
    for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE):
        kind = re.search(r'\btype="([^"]*)"', tag)
        if kind and kind.group(1) not in {"", "text/javascript", "module"}:
            continue  # A data block, such as application/ld+json.
        if kind and kind.group(1) == "module":
            continue
        if re.search(r"\b(defer|async)\b", tag):
            continue
        found.append(tag)
    return found


@pytest.fixture
def seed_page(client, seed_path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return response.content


def test_the_article_page_is_at_most_30_kb_compressed(seed_page):
    assert gzipped(seed_page) <= ARTICLE_HTML_GZIP_LIMIT, f"{gzipped(seed_page)} bytes"


def test_a_long_article_with_every_block_stays_within_the_limit(client):
    paragraphs = "".join(
        f"<p>Paragraph {n} of the report, with its own facts and figures: {n * 17} "
        f"households, {n * 3} schools and {n + 11} clinics were visited.</p>"
        for n in range(120)
    )
    related = [factories.article(headline=f"Earlier story {n}") for n in range(4)]
    article = factories.article(
        body=paragraphs,
        authors=[factories.author(), factories.author(), factories.author()],
        tags=[factories.tag(kind=kind) for kind in ("topic", "person", "place", "organisation")],
        lead_image=factories.image(photographer=factories.author(), agency="AFP"),
        section=factories.section(in_navigation=True),
        related=related,
    )

    page = client.get(article.get_absolute_url()).content

    assert "Paragraph 119 of the report" in page.decode()
    assert gzipped(page) <= ARTICLE_HTML_GZIP_LIMIT, f"{gzipped(page)} bytes"


def test_the_stylesheet_is_at_most_20_kb_compressed(seed_page):
    names = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', seed_page)
    assert names == [b"css/site.css"]
    css = Path(finders.find(names[0].decode())).read_bytes()
    assert gzipped(css) <= CSS_GZIP_LIMIT, f"{gzipped(css)} bytes"


@pytest.mark.parametrize("path", [SEED_URL, "/", "/search/?q=nato", "/news/"])
def test_no_page_carries_render_blocking_javascript(client, seed_path, path):
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    factories.section(slug="news", name="News")

    html = client.get(path).content.decode()

    assert blocking_scripts(html) == []


def test_a_script_without_defer_counts_as_blocking():
    assert blocking_scripts('<script src="/static/x.js"></script>') == [
        '<script src="/static/x.js">'
    ]
    assert blocking_scripts('<script type="application/ld+json">{}</script>') == []
    assert blocking_scripts('<script src="/static/x.js" defer></script>') == []
