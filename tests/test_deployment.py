"""What an operator relies on when deploying: settings, checks, compose file."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

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


def test_deployment_checklist_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

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


def test_compose_file_runs_web_on_postgres_after_migrations():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    web = services["web"]
    assert web["build"] == "."
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["DATABASE_URL"].endswith("@db:5432/newsportal")
    assert web["ports"] == ["8000:8000"]
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "migrate" in services["migrate"]["command"]
    assert set(compose["volumes"]) == {"db-data", "media"}


def test_dockerfile_serves_the_wsgi_application_with_gunicorn_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "FROM python:3.12" in dockerfile
    assert "USER newsportal" in dockerfile
    assert '"gunicorn", "newsportal.wsgi:application"' in dockerfile


def test_docker_build_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()

    assert {".env", ".venv/", ".git/", "db.sqlite3*", "media/"} <= set(ignored)


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
