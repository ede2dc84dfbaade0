"""Starting the site as production does: refused in one line without collected static
files; with them, gunicorn answers the probes over plain HTTP and logs each request.

Each test starts a real process (gunicorn, or Python importing the WSGI module)
with production settings on a throw-away SQLite file: what an operator runs.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
FIX = "python manage.py collectstatic"


def production(tmp_path: Path, static_root: Path, **extra: str) -> dict[str, str]:
    unwanted = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "LOG_FORMAT"}
    return {
        **{k: v for k, v in os.environ.items() if k not in unwanted},
        "NEWSPORTAL_ENV_FILE": "/dev/null",
        "SECRET_KEY": "k2Lq9vR4mT8wZ1pN6bY3cF5hJ0dG-x7#" * 2,
        "DEBUG": "off",
        "HTTPS": "on",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://news.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "STATIC_ROOT": str(static_root),
        **extra,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_refuses_to_start_without_collected_static_files_in_one_line(tmp_path):
    empty = tmp_path / "static"
    empty.mkdir()
    started = subprocess.run(
        [str(GUNICORN), "newsportal.wsgi:application", "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=production(tmp_path, empty),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert started.returncode != 0
    assert "Traceback" not in started.stderr
    last = started.stderr.strip().splitlines()[-1]
    assert last.startswith("error: static files are not collected:"), started.stderr
    assert str(empty / "staticfiles.json") in last
    assert FIX in last


def test_any_wsgi_server_loading_the_site_fails_naming_collectstatic(tmp_path):
    empty = tmp_path / "static"
    empty.mkdir()
    loaded = subprocess.run(
        [sys.executable, "-c", "import newsportal.wsgi"],
        cwd=ROOT,
        env=production(tmp_path, empty),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert loaded.returncode != 0
    last = loaded.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: static files are not")
    assert FIX in last


def test_the_deploy_check_names_the_missing_static_files(tmp_path):
    empty = tmp_path / "static"
    empty.mkdir()
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production(tmp_path, empty),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert checked.returncode != 0
    assert "(newsportal.E001) static files are not collected" in checked.stderr
    assert FIX in checked.stderr


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local address)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path, collected_static_root):
    """gunicorn with production settings (HTTPS on) and JSON logs; its stderr in a file."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = production(tmp_path, collected_static_root, LOG_FORMAT="json")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "newsportal.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(log.read_text())
                time.sleep(0.2)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_probes_answer_over_plain_http_while_pages_redirect_to_https(served):
    base, _ = served

    status, headers, body = get(base + "/healthz")
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"]
    status, headers, body = get(base + "/readyz")
    assert status == 200
    assert json.loads(body) == {"database": "ok", "cache": "ok"}
    assert "no-store" in headers["Cache-Control"]
    status, headers, _ = get(base + "/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_each_request_is_one_json_log_line_and_gunicorn_keeps_no_access_log(served):
    base, log = served

    status, headers, _ = get(base + "/healthz", **{"X-Request-ID": "lb-probe-42"})
    assert status == 200
    assert headers["X-Request-ID"] == "lb-probe-42"
    time.sleep(0.5)

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "newsportal.requests"]
    probe = next(line for line in requests if line["request_id"] == "lb-probe-42")
    assert probe["method"] == "GET"
    assert probe["path"] == "/healthz"
    assert probe["status"] == 200
    assert probe["duration_ms"] >= 0
    # Not JSON and not ours: gunicorn's access log would say '"GET /healthz HTTP/1.1" 200'.
    assert "GET /healthz HTTP/1.1" not in log.read_text()
