"""Shared test set-up: plain static storage, empty caches, no page cache, the seed export."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache, caches

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "000_7f91a2f5f40fcb4f.txt"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """The caches outlive each test's rolled-back database: start every test without them."""
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests measure pages as they are made (queries, content); tests/test_page_cache.py
    turns the page cache on where it is the subject. ``TEST_PAGE_CACHE=on`` runs the
    suite with it on (query counts then measure cached pages)."""
    settings.PAGE_CACHE = os.environ.get("TEST_PAGE_CACHE", "off") == "on"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run where they are enqueued, whatever TASKS_BACKEND .env names;
    tests/test_tasks.py puts them on the database queue where that is the subject."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Many tests log an editor in; a real key derivation each time would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_address(settings):
    """Absolute addresses come from SITE_URL: the test client's own host, whatever .env says."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_path() -> Path:
    return SEED


# ninjs: the schema validator and an article with every field a document carries ----


@pytest.fixture
def ninjs_validator():
    """IPTC ninjs 3.1's schema, draft 2020-12, with formats (date-time, uri) checked."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    from articles.formats import ninjs

    checker = Draft202012Validator.FORMAT_CHECKER
    # Without rfc3339-validator and rfc3986-validator these formats pass unchecked.
    assert {"date-time", "uri"} <= set(checker.checkers)
    # places[].geoJSON refers to geojson.org's schema, which no test fetches: the
    # portal writes no geoJSON, and the IPTC's picture example is checked for a type.
    geojson = Resource.from_contents(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["type"],
        }
    )
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    return Draft202012Validator(ninjs.load_schema(), format_checker=checker, registry=registry)


@pytest.fixture
def full_article(settings, tmp_path, django_capture_on_commit_callbacks):
    """A published article with every field filled: two authors, a tag of each kind,
    a section, a picture with a file and renditions (under a tmp MEDIA_ROOT), and
    Related News to a published article, to a draft and to a headline not yet here."""
    import datetime
    import io

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image as PILImage

    from articles.models import Article, RelatedLink, Tag
    from tests import factories

    settings.MEDIA_ROOT = tmp_path
    settings.PICTURE_WIDTHS = [320, 640]
    settings.PICTURE_CARD_WIDTHS = [320]
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), "white").save(buffer, "JPEG")
    photographer = factories.author(
        name="Andrii Nesterenko", slug="andrii-nesterenko", role="photographer"
    )
    with django_capture_on_commit_callbacks(execute=True):
        picture = factories.image(
            file=ContentFile(buffer.getvalue(), name="rutte.jpg"),
            caption="Mark Rutte addresses parliament in Kyiv.",
            alt_text="Rutte at a lectern",
            photographer=photographer,
            agency="AFP",
            copyright_notice="© AFP 2026",
            focal_x=25,
            focal_y=75,
        )
    picture.refresh_from_db()
    publisher = factories.publisher(name="The Brussels Times", slug="the-brussels-times")
    older = factories.article(
        headline="NATO chief arrives in Kyiv", published_at=timezone.now() - datetime.timedelta(3)
    )
    draft = factories.article(
        headline="Draft story", status=Article.Status.DRAFT, published_at=None
    )
    article = factories.article(
        headline="Rutte: Ukraine’s security is Europe’s",
        slug="rutte-ukraine-security",
        standfirst="NATO’s chief spoke in Kyiv.",
        body="<p>First <em>paragraph</em> &amp; more.</p>\n\n<h2>Air defence</h2><p>Second.</p>",
        publisher=publisher,
        section=factories.section(name="Europe", slug="europe"),
        lead_image=picture,
        copyright_year=2026,
        authors=[
            factories.author(name="Jane Doe", slug="jane-doe", role="reporter"),
            factories.author(name="Jean Dupont", slug="jean-dupont", role="columnist"),
        ],
        tags=[
            factories.tag(name="Defence", slug="defence", kind=Tag.Kind.TOPIC),
            factories.tag(name="Mark Rutte", slug="mark-rutte", kind=Tag.Kind.PERSON),
            factories.tag(name="Kyiv", slug="kyiv", kind=Tag.Kind.PLACE),
            factories.tag(name="NATO", slug="nato", kind=Tag.Kind.ORGANISATION),
        ],
        related=[older, draft],
    )
    RelatedLink.objects.create(source=article, headline="A story still to come", position=2)
    return article


@pytest.fixture(scope="session")
def collected_static_root(tmp_path_factory) -> Path:
    """A STATIC_ROOT filled by collectstatic with the production storage (manifest and all),
    for tests that start the site as production does. Made once per run."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("collected-static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={**os.environ, "STATIC_ROOT": str(root), "DEBUG": "on", "HTTPS": "off"},
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With DATABASE_REPLICA_URLS set, each replica's test database starts as a copy of the
    primary's (schema and rows), as streaming replication makes it: the router lets no
    migration run on a replica (tests/test_db_replicas.py)."""
    from django.db import connections

    from newsportal.db_router import PRIMARY, replica_aliases

    aliases = replica_aliases()
    if aliases:
        with django_db_blocker.unblock():
            primary = connections[PRIMARY].settings_dict["NAME"]
            for connection in connections.all():
                connection.close()  # PostgreSQL copies a database nobody is connected to.
            for alias in aliases:
                name = connections[alias].settings_dict["NAME"]
                with connections[alias]._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary}"')
    return django_db_setup
