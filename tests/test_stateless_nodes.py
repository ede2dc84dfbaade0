"""Any number of web nodes behind a load balancer: none keeps state of its own.

What a node would otherwise keep, and where it is instead:

- sessions: in the database (``SESSION_ENGINE``, read from the primary), so a
  login on one node is known to every other and survives a Redis restart;
- the page cache, read counts, cached lists and the fold lock: in Redis when
  ``REDIS_URL`` is set (one cache for all nodes), local memory otherwise;
- files: only uploaded media (``MEDIA_ROOT``, the storage backend) and what the
  operator's commands write where they are told (exports, fixtures). No code a
  request runs writes a local file.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

ROOT = Path(__file__).resolve().parent.parent
# Files written only by management commands, at a path the operator gives.
OPERATOR_FILES = {"articles/exporting.py", "articles/management/commands/import_articles.py"}
WRITING_CALLS = {"write_text", "write_bytes", "mkstemp", "NamedTemporaryFile", "TemporaryFile"}


@pytest.mark.django_db
def test_a_login_is_kept_in_the_database_so_every_node_knows_it(client, admin_user):
    client.force_login(admin_user)

    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).get_decoded()["_auth_user_id"] == str(admin_user.pk)


def test_with_redis_the_nodes_share_the_page_cache_the_counts_and_the_locks(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({a: c['BACKEND'] for a, c in settings.CACHES.items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "newsportal.settings",
            "NEWSPORTAL_ENV_FILE": str(tmp_path / "none.env"),
            "DEBUG": "on",
            "HTTPS": "off",
            "REDIS_URL": "redis://cache.internal:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    backends = json.loads(result.stdout)
    assert backends == {
        "default": "newsportal.redis_cache.ReusedClientRedisCache",
        "pages": "newsportal.redis_cache.ReusedClientRedisCache",
    }


def _writes_files(tree: ast.AST) -> list[int]:
    """Lines that write a local file: open(..., "w"/"a"/"x"), write_text, temp files, os.open."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        modes = [
            arg.value
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "mode")]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        opens_for_writing = name in {"open", "fdopen"} and any(set(m) & set("wax") for m in modes)
        is_os_open = (
            name == "open"
            and getattr(node.func, "value", None) is not None
            and (getattr(node.func.value, "id", "") == "os")
        )
        if name in WRITING_CALLS or opens_for_writing or is_os_open:
            lines.append(node.lineno)
    return lines


def test_no_code_a_request_runs_writes_a_local_file():
    writers = {}
    for path in sorted([*ROOT.glob("articles/**/*.py"), *ROOT.glob("newsportal/**/*.py")]):
        lines = _writes_files(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            writers[str(path.relative_to(ROOT))] = lines

    assert set(writers) == OPERATOR_FILES, writers
