"""What an operator relies on when deploying: settings, checks, compose file, nginx."""

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from bench import nginx

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "x7#" + "k2Lq9vR4mT8wZ1pN6bY3cF5hJ0dG" * 2,
    "DEBUG": "off",
    "HTTPS": "on",
    "ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
    "DATABASE_URL": "sqlite:////tmp/newsportal-deploy-check.sqlite3",
    "NEWSPORTAL_ENV_FILE": "/dev/null",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    unwanted = {*PRODUCTION, "HTTPS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deployment_checklist_is_clean_with_production_settings(collected_static_root):
    env = {**PRODUCTION, "STATIC_ROOT": str(collected_static_root)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_the_site_with_a_clear_message(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": ""}

    # Run from a directory without the project's .env, so only the environment counts.
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=tmp_path,
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_compose_file_runs_web_on_postgres_after_migrations_behind_nginx():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    services = compose["services"]
    assert {"db", "redis", "migrate", "web", "worker", "nginx"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    web = services["web"]
    assert web["build"] == "."
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["DATABASE_URL"].endswith("@db:5432/newsportal")
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    # Readers reach gunicorn only through nginx.
    assert "ports" not in web
    assert services["nginx"]["image"].startswith("nginx:")
    assert services["nginx"]["ports"] == ["${NGINX_PORT:-8000}:80"]
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "migrate" in services["migrate"]["command"]
    assert set(compose["volumes"]) == {"db-data", "media"}


def test_dockerfile_serves_the_wsgi_application_with_gunicorn_as_a_non_root_user():
    final = dockerfile_stages()[-1]

    assert final[0] == ("FROM", "python:3.12-slim")
    users = [argument for instruction, argument in final if instruction == "USER"]
    assert users and users[-1] not in {"root", "0"}
    runs = " ".join(argument for instruction, argument in final if instruction == "RUN")
    assert f"useradd --system --create-home --uid 10001 {users[-1]}" in runs
    assert image_command()[:2] == ["gunicorn", "newsportal.wsgi:application"]
    # Nothing in the compose file runs the site's containers as root instead.
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert all("user" not in s for s in services.values() if s.get("build") == ".")


def test_the_final_image_is_built_without_compilers_or_a_pip_cache():
    stages = dockerfile_stages()
    builder, final = stages[0], stages[-1]

    assert len(stages) >= 2
    assert builder[0] == ("FROM", "python:3.12-slim AS builder")
    assert ("ENV", "PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1") in builder
    assert any(i == "COPY" and a.startswith("--from=builder /opt/venv") for i, a in final)
    final_runs = " ".join(a for i, a in final if i == "RUN")
    for tool in ("apt-get", "gcc", "build-essential", "pip install"):
        assert tool not in final_runs, tool


def test_docker_build_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()

    assert {".env", ".venv/", ".git/", "db.sqlite3*", "media/", "staticfiles/"} <= set(ignored)
    assert {"bench/results/", "node_modules/"} <= set(ignored)


def test_the_image_collects_static_files_at_build_with_the_build_only_settings(tmp_path):
    """The Dockerfile's collectstatic, run here as the build runs it: it must not need .env."""
    (run,) = [a for i, a in dockerfile_stages()[-1] if i == "RUN" and "collectstatic" in a]
    assignments, command = run.split(" python ", 1)
    build_env = dict(pair.split("=", 1) for pair in assignments.split())
    command = command.split("&&")[0].split()

    result = manage(*command[1:], env={**build_env, "STATIC_ROOT": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").is_file()


def test_each_gunicorn_worker_freezes_its_loaded_heap_before_serving():
    """gunicorn.conf.py, read by gunicorn from the working directory, settles the heap."""
    check = (
        "import gc, runpy; hooks = runpy.run_path('gunicorn.conf.py'); "
        "hooks['post_worker_init'](None); print(gc.get_freeze_count() > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "True", result.stderr


def test_https_without_site_url_stops_the_site_with_a_clear_message():
    env = {key: value for key, value in PRODUCTION.items() if key != "SITE_URL"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_a_site_url_with_a_path_is_refused_by_name():
    result = manage("check", env={**PRODUCTION, "SITE_URL": "https://news.example.org/news"})

    assert result.returncode != 0
    assert "SITE_URL='https://news.example.org/news' is not a site address" in result.stderr


# --- The Dockerfile, the compose file and .env.example, read as an operator's tools read them.

SETTINGS = ROOT / "newsportal" / "settings.py"
COMPOSE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "deploy" / "nginx" / "newsportal.conf"
# django-environ's readers (environ.Env's methods that take a variable's name).
ENV_READERS = {
    *("str", "bool", "int", "float", "decimal", "list", "tuple", "dict", "json"),
    *("path", "url", "db", "db_url", "cache", "cache_url", "email", "email_url"),
    *("search_url", "parse_value", "get_value"),
}
# Variables read by gunicorn itself (the number of workers), not by the settings.
GUNICORN_VARIABLES = {"WEB_CONCURRENCY"}
# What the site needs from its environment to run in production as the compose file
# means it to: its secret and address, PostgreSQL, the shared Redis cache, media on the
# shared volume served by nginx, HTTPS behind the TLS proxy in front.
PRODUCTION_REQUIRED = {
    *("SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"),
    *("HTTPS", "BEHIND_TLS_PROXY", "MEDIA_ROOT", "SERVE_MEDIA"),
}
ENV_ENTRY = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions, continuations joined and comments left out, by stage."""
    lines, current = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].strip() + " "
            continue
        lines.append(current + stripped)
        current = ""
    stages: list[list[tuple[str, str]]] = []
    for line in lines:
        instruction, _, argument = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), " ".join(argument.split())))
    return stages


def image_command() -> list[str]:
    (command,) = [a for i, a in dockerfile_stages()[-1] if i == "CMD"]
    return json.loads(command)


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def settings_variables() -> set[str]:
    """Every environment variable newsportal/settings.py reads, found in its syntax tree."""
    tree = ast.parse(SETTINGS.read_text())
    readers = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and ast.unparse(node.value) == "environ.Env()"
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.add(ast.literal_eval(node.slice))
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        called = ast.unparse(function)
        reads = (
            (isinstance(function, ast.Name) and function.id in readers)
            or (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and function.value.id in readers
                and function.attr in ENV_READERS
            )
            or called in {"os.environ.get", "os.getenv", "os.environ.setdefault"}
        )
        if reads:
            first = node.args[0] if node.args else None
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"settings.py line {node.lineno} reads a variable whose name is not written out"
            )
            names.add(first.value)
    return names


def env_example() -> dict[str, dict]:
    """.env.example's variables: set or shown commented out, and whether a comment explains it.

    A comment explains the variables below it up to the next blank line.
    """
    entries: dict[str, dict] = {}
    explained = False
    for line in (ROOT / ".env.example").read_text().splitlines():
        stripped = line.strip()
        if not stripped:
            explained = False
            continue
        entry = ENV_ENTRY.match(stripped)
        if entry:
            entries[entry[2]] = {"set": not entry[1], "value": entry[3], "explained": explained}
        elif stripped.startswith("#") and stripped.strip("# "):
            explained = True
    return entries


def compose_interpolations() -> set[str]:
    return {match[1] for match in INTERPOLATION.finditer(COMPOSE.read_text())}


def interpolate(value: str, dotenv: dict[str, str]) -> str:
    """Compose's ${NAME:-default}, from the project's .env as compose reads it."""
    return INTERPOLATION.sub(lambda m: dotenv.get(m[1]) or (m[2] or ""), value)


def env_files(service: dict) -> list[str]:
    files = service.get("env_file", [])
    files = [files] if isinstance(files, str | dict) else files
    return [f["path"] if isinstance(f, dict) else f for f in files]


def container_environment(service: dict, dotenv: dict[str, str]) -> dict[str, str]:
    """A service's environment as compose builds it: its env_file .env, then environment."""
    env = dict(dotenv) if ".env" in env_files(service) else {}
    env.update({k: interpolate(str(v), dotenv) for k, v in service["environment"].items()})
    return env


def mounts(service: dict) -> dict[str, tuple[str, bool]]:
    """A service's volumes: the path inside the container -> (source, read-only)."""
    found = {}
    for volume in service.get("volumes", []):
        source, target, *mode = volume.split(":")
        found[target] = (source, mode == ["ro"])
    return found


def test_settings_variables_are_found_in_the_settings_syntax():
    """The parser above reads the settings, not a list: these are among what it finds."""
    found = settings_variables()

    assert {"SECRET_KEY", "DATABASE_URL", "PICTURE_MAX_BYTES", "NEWSPORTAL_ENV_FILE"} <= found
    assert len(found) > 30


def test_env_example_lists_every_variable_the_settings_read_each_with_a_comment():
    entries = env_example()

    missing = sorted(settings_variables() - set(entries))
    assert not missing, f".env.example does not list {', '.join(missing)}"
    unexplained = sorted(name for name, entry in entries.items() if not entry["explained"])
    assert not unexplained, f"no comment explains {', '.join(unexplained)} in .env.example"


def test_env_example_lists_only_what_the_site_compose_or_gunicorn_read():
    known = settings_variables() | compose_interpolations() | GUNICORN_VARIABLES

    stale = sorted(set(env_example()) - known)
    assert not stale, f".env.example lists {', '.join(stale)}, which nothing reads"


def test_every_variable_the_compose_file_interpolates_is_documented():
    missing = sorted(compose_interpolations() - set(env_example()))

    assert not missing, f".env.example does not list {', '.join(missing)}"


def test_compose_provides_every_variable_the_site_requires_in_production():
    """Each required variable is set by the service or comes from .env, where the
    example sets it (not only shows it commented out) for the operator to fill in."""
    entries = env_example()
    for name, service in compose()["services"].items():
        if service.get("build") != ".":
            continue
        from_env_file = (
            {n for n, e in entries.items() if e["set"]} if ".env" in env_files(service) else set()
        )
        provided = set(service.get("environment", {})) | from_env_file
        missing = sorted(PRODUCTION_REQUIRED - provided)
        assert not missing, f"{name} is not given {', '.join(missing)}"


def test_the_web_service_environment_passes_the_deployment_checks(collected_static_root):
    """The environment compose gives web, with .env filled in as docs/deploy.md says,
    loads settings for PostgreSQL, the shared Redis, the media volume, HTTPS behind TLS.
    The image collects static files at build; here a collected STATIC_ROOT stands in."""
    services = compose()["services"]
    dotenv = {n: e["value"] for n, e in env_example().items() if e["set"]}
    dotenv.update(
        {
            "SECRET_KEY": PRODUCTION["SECRET_KEY"],
            "SITE_URL": "https://news.example.org",
            "ALLOWED_HOSTS": "news.example.org",
            "HTTPS": "on",
            "BEHIND_TLS_PROXY": "on",
        }
    )
    env = {**container_environment(services["web"], dotenv), "NEWSPORTAL_ENV_FILE": "/dev/null"}
    env["STATIC_ROOT"] = str(collected_static_root)

    check = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert check.returncode == 0, check.stderr
    shown = manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'db': s.DATABASES['default'], 'cache': s.CACHES['default'], 'media': str(s.MEDIA_ROOT),"
        "'serve_media': s.SERVE_MEDIA, 'proxy': s.SECURE_PROXY_SSL_HEADER}))",
        env=env,
    )
    assert shown.returncode == 0, shown.stderr
    loaded = json.loads(shown.stdout.strip().splitlines()[-1])
    assert loaded["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (loaded["db"]["HOST"], loaded["db"]["NAME"]) == ("db", "newsportal")
    assert loaded["cache"]["LOCATION"] == "redis://redis:6379/0"
    assert "Redis" in loaded["cache"]["BACKEND"]
    assert loaded["media"] in mounts(services["web"])
    assert loaded["serve_media"] is False
    assert loaded["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_every_service_has_a_healthcheck():
    for name, service in compose()["services"].items():
        check = service.get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert not check.get("disable"), name
        assert check["test"][0] in {"CMD", "CMD-SHELL"} and len(check["test"]) > 1, name


def test_the_database_and_media_live_on_named_volumes_nginx_serves_media_from():
    spec = compose()
    services, volumes = spec["services"], set(spec["volumes"])

    assert mounts(services["db"])["/var/lib/postgresql/data"][0] in volumes
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    media, read_only = mounts(services["web"])[media_root]
    assert media in volumes and not read_only
    assert mounts(services["migrate"])[media_root] == (media, False)
    # nginx's /media/ location reads the directory the media volume is mounted on.
    alias = re.search(r"location /media/ \{[^}]*?alias ([^;]+);", NGINX_CONF.read_text())[1]
    assert mounts(services["nginx"])[alias.rstrip("/")] == (media, True)
    source, read_only = mounts(services["nginx"])["/etc/nginx/conf.d/default.conf"]
    assert (ROOT / source).resolve() == NGINX_CONF and read_only


def commands_run(service: dict) -> list[list[str]]:
    """Each command line a service runs in its container: its command (or the image's
    CMD) split at ``&&``, and its healthcheck."""
    command = service.get("command") or (image_command() if service.get("build") else [])
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    lines = [argv]
    if argv[:2] == ["sh", "-c"]:
        lines = [shlex.split(part) for part in argv[2].split("&&")]
    test = service["healthcheck"]["test"]
    lines.append(shlex.split(test[1]) if test[0] == "CMD-SHELL" else test[1:])
    return [line for line in lines if line]


def test_the_commands_the_site_containers_run_exist_in_the_project():
    from importlib.util import find_spec

    from django.core.management import get_commands

    commands = get_commands()
    checked = []
    for name, service in compose()["services"].items():
        if service.get("build") != ".":
            continue
        for argv in commands_run(service):
            checked.append(argv[0])
            if argv[:2] == ["python", "manage.py"]:
                assert argv[2] in commands, f"{name} runs manage.py {argv[2]}, no such command"
                for argument in argv[3:]:
                    if "/" in argument and not argument.startswith("-"):
                        assert (ROOT / argument).exists(), f"{name}: {argument} is not there"
            elif argv[0] == "python":
                assert (ROOT / argv[1]).is_file(), f"{name} runs {argv[1]}, not in the repo"
            else:
                assert argv[0] == "gunicorn", f"{name} runs {argv[0]}"
                module, _, attribute = argv[1].partition(":")
                assert find_spec(module) and attribute == "application", argv[1]
                assert (ROOT / argv[argv.index("--config") + 1]).is_file()
    assert {"python", "gunicorn"} <= set(checked)


def test_nginx_healthcheck_asks_a_location_the_configuration_answers():
    test = compose()["services"]["nginx"]["healthcheck"]["test"]
    path = urllib.parse.urlsplit(test[-1]).path

    assert f"location = {path} {{" in NGINX_CONF.read_text()


def test_nginx_takes_uploads_as_large_as_the_site_accepts():
    from django.conf import settings

    size = re.search(r"client_max_body_size (\d+)m;", NGINX_CONF.read_text())
    largest = max(settings.PICTURE_MAX_BYTES, int(env_example()["PICTURE_MAX_BYTES"]["value"]))

    # The picture and the form around it (its fields, the multipart boundaries).
    assert int(size[1]) * 1024 * 1024 >= largest + 1024 * 1024


# --- nginx itself, run on this machine with the repository's configuration.


@pytest.fixture
def nginx_installed() -> None:
    if nginx.nginx_path() is None:
        if os.environ.get("REQUIRE_VALIDATORS"):
            pytest.fail("nginx is not installed (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")


def test_nginx_accepts_the_configuration(nginx_installed, tmp_path):
    port = nginx.free_port()
    result = nginx.check_config(
        tmp_path, upstream=f"127.0.0.1:{port}", listen=f"127.0.0.1:{nginx.free_port()}"
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_adapting_the_configuration_names_a_marked_line_that_changed():
    text = NGINX_CONF.read_text().replace("server web:8000;", "server app:8000;")

    with pytest.raises(ValueError, match="'server web:8000;' once"):
        nginx.adapt(text, upstream="127.0.0.1:1", listen="1", cache=Path("c"), media=Path("m"))


class _Upstream(BaseHTTPRequestHandler):
    """Stands in for gunicorn: every answer may be shared (as a public page's would), so
    only nginx's own rules keep the private ones out of its cache."""

    seen: list[tuple[str, dict[str, str]]] = []
    cache_control = {
        "/private/": "private, no-store",
        "/stale/": "public, max-age=0, s-maxage=1, stale-while-revalidate=30",
        "/static/": "max-age=315360000, public, immutable",
    }

    def do_GET(self) -> None:
        self.seen.append((self.path, dict(self.headers)))
        body = f"<p>answer {len(self.seen)} to {self.path}</p>".encode() * 100
        prefix = "/" + self.path.split("/")[1] + "/"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header(
            "Cache-Control",
            self.cache_control.get(
                prefix, "public, max-age=0, s-maxage=60, stale-while-revalidate=60"
            ),
        )
        self.send_header("Vary", "Cookie")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxied(nginx_installed):
    """nginx with the repository's configuration in front of the stand-in upstream."""
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    _Upstream.seen = []
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        with nginx.serving(f"127.0.0.1:{upstream.server_address[1]}") as (base, media):
            yield base, media, _Upstream.seen
    finally:
        upstream.shutdown()
        upstream.server_close()


def fetch(url: str, **headers: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local address)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read(), dict(response.headers)


def test_nginx_keeps_anonymous_pages_for_as_long_as_their_headers_say(proxied):
    base, _media, seen = proxied

    first, headers = fetch(base + "/news/story/")
    again, headers_again = fetch(base + "/news/story/")

    assert again == first
    assert (headers["X-Cache-Status"], headers_again["X-Cache-Status"]) == ("MISS", "HIT")
    assert [path for path, _ in seen] == ["/news/story/"]


def test_nginx_never_keeps_pages_for_sessions_authorization_admin_or_private_answers(proxied):
    base, _media, seen = proxied
    fetch(base + "/news/story/")

    for _ in range(2):
        fetch(base + "/news/story/", Cookie="sessionid=an-editor")
        fetch(base + "/news/story/", Authorization="Bearer a-token")
        fetch(base + "/admin/articles/")
        fetch(base + "/private/preview/")
    _page, anonymous = fetch(base + "/news/story/")

    paths = [path for path, _ in seen]
    assert paths.count("/news/story/") == 5  # once for the cache, four times for the others
    assert paths.count("/admin/articles/") == 2
    assert paths.count("/private/preview/") == 2
    # What an editor was answered did not replace the anonymous readers' copy.
    assert anonymous["X-Cache-Status"] == "HIT"


def test_nginx_answers_from_a_stale_page_while_it_is_made_again(proxied):
    base, _media, seen = proxied
    first, _ = fetch(base + "/stale/story/")
    time.sleep(2.5)  # past s-maxage=1 (nginx counts whole seconds), within the 30 s of stale

    stale, headers = fetch(base + "/stale/story/")

    assert stale == first
    assert headers["X-Cache-Status"] in {"STALE", "UPDATING"}
    for _ in range(50):  # the page is made again in the background
        if len(seen) == 2:
            break
        time.sleep(0.1)
    assert [path for path, _ in seen] == ["/stale/story/"] * 2


def test_nginx_tells_the_site_who_asked_and_over_what(proxied):
    base, _media, seen = proxied

    fetch(base + "/admin/", **{"X-Forwarded-Proto": "https"})
    fetch(base + "/admin/login/")

    (_, over_tls), (_, plain) = seen
    assert over_tls["X-Forwarded-Proto"] == "https"
    assert plain["X-Forwarded-Proto"] == "http"
    assert plain["X-Forwarded-For"] == "127.0.0.1"
    assert plain["Host"] == "127.0.0.1"


def test_nginx_compresses_pages_and_keeps_static_files_long(proxied):
    base, _media, seen = proxied

    _body, page = fetch(base + "/news/story/", **{"Accept-Encoding": "gzip"})
    fetch(base + "/static/site.abc123.css")
    _css, css = fetch(base + "/static/site.abc123.css")

    assert page["Content-Encoding"] == "gzip"
    assert [path for path, _ in seen].count("/static/site.abc123.css") == 1
    assert "max-age=315360000" in css["Cache-Control"]


def test_nginx_serves_media_from_its_directory_with_a_long_lifetime(proxied):
    base, media, seen = proxied
    (media / "pictures").mkdir()
    (media / "pictures" / "harbour.jpg").write_bytes(b"\xff\xd8 a picture")

    body, headers = fetch(base + "/media/pictures/harbour.jpg")

    assert body == b"\xff\xd8 a picture"
    assert headers["Content-Type"] == "image/jpeg"
    assert "max-age=604800" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert seen == []
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(base + "/media/pictures/missing.jpg")
    assert missing.value.code == 404 and seen == []


# --- The web container's healthcheck (deploy/healthcheck.py), against a stand-in site.


class _Site(BaseHTTPRequestHandler):
    """Answers /healthz only for a host it accepts, as Django's ALLOWED_HOSTS does."""

    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers))
        if self.headers["Host"] != "news.example.org":
            status = 400
        elif self.path == "/moved":
            status = 301
        else:
            status = 200 if self.path == "/healthz" else 404
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/healthz")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def healthcheck(url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "healthcheck.py"), url],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_the_healthcheck_passes_only_on_a_200_asked_as_a_reader_would():
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    _Site.seen = []
    threading.Thread(target=site.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{site.server_address[1]}"
    try:
        healthy = healthcheck(base + "/healthz", ALLOWED_HOSTS="*,news.example.org", HTTPS="on")
        wrong_host = healthcheck(base + "/healthz", ALLOWED_HOSTS="localhost", HTTPS="off")
        missing = healthcheck(base + "/readyz", ALLOWED_HOSTS="news.example.org", HTTPS="off")
        moved = healthcheck(base + "/moved", ALLOWED_HOSTS="news.example.org")
    finally:
        site.shutdown()
        site.server_close()
    down = healthcheck(base + "/healthz", ALLOWED_HOSTS="news.example.org")

    assert (healthy.returncode, healthy.stdout.strip()) == (0, f"{base}/healthz: 200")
    # With HTTPS on, it says the request came over TLS, as the proxy in front would.
    assert _Site.seen[0]["X-Forwarded-Proto"] == "https"
    assert "X-Forwarded-Proto" not in _Site.seen[1]
    assert (wrong_host.returncode, wrong_host.stdout.strip()) == (1, f"{base}/healthz: 400")
    assert (missing.returncode, missing.stdout.strip()) == (1, f"{base}/readyz: 404")
    # A redirect (HTTPS on without the TLS proxy's header) is not taken for health.
    assert (moved.returncode, moved.stdout.strip()) == (1, f"{base}/moved: 301")
    assert down.returncode == 1 and "no answer" in down.stdout


def test_the_healthcheck_names_a_host_from_any_form_of_allowed_hosts():
    from deploy.healthcheck import host_header

    assert host_header(".example.org,localhost") == "example.org"
    assert host_header("*, news.example.org") == "news.example.org"
    assert host_header("*") is None
