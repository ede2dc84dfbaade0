"""The database connections pages run on: kept between requests, no JIT on PostgreSQL.

The settings are read in a fresh Python process for each address, as a server
would start with it; on PostgreSQL the suite's own connection is asked too.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRINT_DATABASES = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({k: {n: v.get(n) for n in ('OPTIONS', 'CONN_MAX_AGE', "
    "'CONN_HEALTH_CHECKS')} for k, v in settings.DATABASES.items()}, default=str))"
)


def databases(**environment: str) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_JIT"}},
        "NEWSPORTAL_ENV_FILE": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        **environment,
    }
    done = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_postgresql_connections_turn_jit_off_on_the_primary_and_the_replicas():
    found = databases(
        DATABASE_URL="postgres://news@db.example:5432/news",
        DATABASE_REPLICA_URLS="postgres://news@replica.example:5432/news",
    )

    assert found["default"]["OPTIONS"]["options"] == "-c jit=off"
    assert found["replica_1"]["OPTIONS"]["options"] == "-c jit=off"
    assert found["default"]["CONN_MAX_AGE"] == 60
    assert found["default"]["CONN_HEALTH_CHECKS"] is True


def test_database_jit_on_leaves_postgresql_as_configured():
    found = databases(DATABASE_URL="postgres://news@db.example:5432/news", DATABASE_JIT="on")

    assert "options" not in (found["default"]["OPTIONS"] or {})


def test_sqlite_connections_are_kept_between_requests_too(tmp_path):
    found = databases(DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")

    assert found["default"]["CONN_MAX_AGE"] == 60
    assert "options" not in found["default"]["OPTIONS"]


@pytest.mark.django_db
def test_the_connection_pages_use_does_not_jit_compile():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:  # SQLite has no JIT; its connection is the kept one all the same.
            assert connection.settings_dict["CONN_MAX_AGE"] == 60
