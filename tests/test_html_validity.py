"""Every public page type is valid HTML: the Nu HTML checker finds no error in any of them.

Add every new public page type to PAGES, one line each: a name and either the
page's address or a builder, a function that is given a test client, makes
whatever else the page needs (with tests/factories.py) and returns the address,
or the response itself for a page no address serves. The `newsroom` fixture
has already made the content these addresses can name: section "belgium";
tags "topic", "person", "place" and "organisation"; authors "ada-reporter"
, "pat-photographer" (the full story's picture) and "nobody-yet" (no published
work, so no page); publisher "the-brussels-times" (the seed's).
All pages go to the checker in one run: starting its Java VM costs a second
or two each time.
"""

import datetime
import io
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from articles import previews
from articles.models import Article, Correction, RelatedLink, Tag
from tests import factories
from tests.checkers import VNU_JAR, java

pytestmark = pytest.mark.django_db

# 3 February 2026, 11:00:05.641350 in Brussels: saved from the admin, a time has microseconds.
FEB_3 = datetime.datetime(2026, 2, 3, 10, 0, 5, 641350, tzinfo=datetime.UTC)
SEED_ADDRESS = (
    "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
)
# A 1×1 transparent GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
PER_PAGE = 3

Builder = Callable[[Client], "str | HttpResponse"]


@dataclass(frozen=True)
class Page:
    name: str
    address: str | Builder
    status: int = 200


def as_staff(address: str) -> Builder:
    """A page as an editor previewing it sees it."""

    def build(client: Client) -> str:
        client.force_login(get_user_model().objects.create_user("editor", is_staff=True))
        return address

    return build


def corrected(address: str) -> Builder:
    """The page after corrections to the full story (four: /corrections/ has a page 2)."""

    def build(client: Client) -> str:
        article = Article.objects.get(slug="council-approves-budget")
        if not article.corrections.exists():
            for n in range(PER_PAGE + 1):
                Correction.objects.create(
                    article=article,
                    text=f"Correction number {n}: the vote was 12 to 9 & not 9 to 12.",
                    published_at=FEB_3 + datetime.timedelta(hours=n + 1),
                )
        return address

    return build


def preview_link(client: Client) -> str:
    """The draft, through a preview link, as someone without an account sees it."""
    return urlsplit(previews.preview_url(Article.objects.get(slug="draft-story"))).path


def server_error_page(client: Client) -> HttpResponse:
    return server_error(RequestFactory().get("/"))


PAGES = [
    Page("home", "/"),
    Page("home-page-2", "/?page=2"),
    Page("article-seed", SEED_ADDRESS),
    Page("article-full", "/2026/02/03/council-approves-budget/"),
    Page("article-picture-without-file", "/2026/02/02/caption-only-picture/"),
    Page("article-draft-preview", as_staff("/2026/02/01/draft-story/")),
    Page("article-corrected", corrected("/2026/02/03/council-approves-budget/")),
    Page("article-preview-link", preview_link),
    Page("preview-link-not-valid", "/preview/not-a-link/", status=404),
    Page("corrections", corrected("/corrections/")),
    Page("corrections-page-2", corrected("/corrections/?page=2")),
    Page("author", "/authors/ada-reporter/"),
    Page("author-without-published-work", "/authors/nobody-yet/", status=404),
    Page("photographs", "/authors/pat-photographer/photographs/"),
    Page("section", "/belgium/"),
    Page("section-page-2", "/belgium/?page=2"),
    Page("tag-topic", "/tags/topics/topic/"),
    Page("tag-person", "/tags/people/person/"),
    Page("tag-place", "/tags/places/place/"),
    Page("tag-organisation", "/tags/organisations/organisation/"),
    Page("publisher", "/publishers/the-brussels-times/"),
    Page("search-form", "/search/"),
    Page("search-results", "/search/?q=Rutte+council"),
    Page("search-no-results", "/search/?q=zzzzqqq"),
    Page("search-form-errors", "/search/?q=Rutte&section=nowhere&from=2026-02-30"),
    Page("not-found-with-reason", "/?page=abc", status=404),
    Page("not-found", "/no/such/page/", status=404),
    Page("server-error", server_error_page, status=500),
]


@pytest.fixture
def newsroom(settings, tmp_path, seed_path) -> None:
    """The seed article and stories that use every part of the page templates.

    The front page leads with the full story (a picture with its file), then
    the seed and a caption-only picture; its page 2 holds the older stories.
    """
    settings.MEDIA_ROOT = tmp_path
    settings.ARTICLES_PER_PAGE = PER_PAGE
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    ada = factories.author(
        name="Ada Reporter", slug="ada-reporter", organisation="AFP", bio="Covers the council."
    )
    factories.author(name="Nobody Yet", slug="nobody-yet")
    photographer = factories.author(
        name="Pat Photographer", slug="pat-photographer", role="photographer"
    )
    picture = factories.image(
        file=SimpleUploadedFile("dot.gif", GIF, content_type="image/gif"),
        alt_text="The council chamber",
        photographer=photographer,
        agency="AFP",
    )
    belgium = factories.section(name="Belgium", slug="belgium", in_navigation=True)
    # Page 2 of the home page and of the section: older stories, one with a picture.
    older = [
        factories.article(
            authors=[ada], section=belgium, published_at=FEB_3 - datetime.timedelta(days=30 + n)
        )
        for n in range(PER_PAGE)
    ]
    older[0].lead_image = factories.image(
        file=SimpleUploadedFile("older.gif", GIF, content_type="image/gif"), alt_text="A street"
    )
    older[0].save()
    full = factories.article(
        headline="Council approves budget",
        slug="council-approves-budget",
        published_at=FEB_3,
        section=belgium,
        lead_image=picture,
        authors=[ada, factories.author(), photographer],
        tags=[factories.tag(kind=kind, name=f"A {kind}", slug=kind) for kind in Tag.Kind.values],
        related=older,
    )
    RelatedLink.objects.create(source=full, headline="A story not imported yet", position=9)
    factories.article(
        headline="Caption-only picture",
        slug="caption-only-picture",
        published_at=FEB_3 - datetime.timedelta(days=1),
        lead_image=factories.image(caption="No file, only words.", agency="Belga"),
    )
    factories.article(
        slug="draft-story",
        status=Article.Status.DRAFT,
        published_at=FEB_3 - datetime.timedelta(days=2),
    )
    factories.article(published_at=timezone.now() + datetime.timedelta(days=1))


def render(page: Page) -> tuple[int, str]:
    client = Client()
    target = page.address if isinstance(page.address, str) else page.address(client)
    response = client.get(target) if isinstance(target, str) else target
    return response.status_code, response.content.decode()


def nu_errors(files: dict[str, Path]) -> list[str]:
    """The Nu checker's errors in the given files, as "page line N: message" lines."""
    result = subprocess.run(
        [
            java(),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu HTML checker did not run (exit {result.returncode}):\n{result.stderr}")
    pages = {path.name: name for name, path in files.items()}
    return [
        f"{pages.get(Path(message.get('url', '')).name, message.get('url'))} "
        f"line {message.get('lastLine', '?')}: {message['message']}"
        for message in messages
    ]


def test_every_public_page_type_is_valid_html(newsroom, tmp_path):
    files = {}
    for page in PAGES:
        status, html = render(page)
        assert status == page.status, f"{page.name}: {page.address} answered {status}"
        files[page.name] = tmp_path / f"{page.name}.html"
        files[page.name].write_text(html, encoding="utf-8")

    errors = nu_errors(files)

    assert errors == [], "the Nu HTML checker found errors:\n" + "\n".join(errors)
