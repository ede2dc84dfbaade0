"""/healthz and /readyz as a load balancer sees them, with the database or the cache down."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would fail the test ("Database access not allowed").
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_database_and_cache_ok(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_never_served_from_the_page_cache(client, settings):
    settings.PAGE_CACHE = True

    first, second = client.get("/readyz"), client.get("/readyz")

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "ETag" not in second


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_redis_is_down(client):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    backend = "newsportal.redis_cache.ReusedClientRedisCache"
    caches = {
        "default": {"BACKEND": backend, "LOCATION": down},
        "pages": {"BACKEND": backend, "LOCATION": down},
    }
    with override_settings(CACHES=caches, PAGE_CACHE=True):
        response = client.get("/readyz")

    assert response.status_code == 503
    answer = json.loads(response.content)
    assert answer["database"] == "ok"
    assert answer["cache"].startswith("unreachable (default: ConnectionError")
    assert "no-store" in response["Cache-Control"]


def test_readyz_answers_503_naming_the_database_when_it_is_down(tmp_path):
    """A process of its own whose DATABASE_URL points at nothing: nothing listening
    (PostgreSQL), or a file that cannot be opened (SQLite)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        down = f"postgres://postgres@127.0.0.1:{closed_port()}/np_ops_absent"
    else:
        down = f"sqlite:///{tmp_path / 'no-such-directory' / 'db.sqlite3'}"
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": down,
        "DEBUG": "on",
        "HTTPS": "off",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
    }
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    status, body = completed.stdout.strip().split(" ", 1)
    assert status == "503"
    answer = json.loads(body)
    assert answer["database"] == "unreachable (OperationalError)"
    assert answer["cache"] == "ok"


def test_probes_come_over_plain_http_when_https_is_required(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_probes_still_check_the_host(client):
    assert client.get("/healthz", headers={"host": "evil.example"}).status_code == 400
