"""Background work on Django's tasks framework: renditions and read folds on the queue.

With the immediate backend (the tests' default) a task runs where it is enqueued;
with the database backend it waits as a row until the worker, ``db_worker``,
takes it. Tests of the queue commit for real (``transaction=True``), as the web
process and the worker do, and run the worker with ``--batch``: it works through
what is waiting, then exits.
"""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis
import yaml
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command, get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ArticleReadCount, Image
from articles.popularity import current_hour
from tests import factories, pictures
from tests.test_admin import change_url
from tests.test_picture_desk import upload_in_admin

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_URL = "/media/"
    settings.PICTURE_WIDTHS = [16, 32]
    settings.PICTURE_CARD_WIDTHS = [16]
    return tmp_path


@pytest.fixture
def queue(settings):
    """Tasks wait in the database for the worker, as with TASKS_BACKEND=database."""
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> str:
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    return out.getvalue()


def lead_img(client, article: Article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'<figure class="figure.*?(<img [^>]*>)', html, re.S).group(1)


def files_in(media: Path) -> set[str]:
    return {str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()}


# Renditions --------------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_immediate_backend_the_renditions_exist_once_the_upload_is_saved(
    admin_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_in_admin(admin_client, pictures.jpeg((64, 48)))

    image = Image.objects.get()
    assert {(r["format"], r["width"]) for r in image.renditions} >= {("jpeg", 16), ("jpeg", 32)}
    assert {r["name"] for r in image.renditions} <= files_in(media)
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_upload_queues_its_renditions_and_the_worker_makes_them(admin_client, media, queue):
    upload_in_admin(admin_client, pictures.jpeg((64, 48)))

    image = Image.objects.get()
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status) == ("articles.renditions.renew", "READY")
    assert image.renditions == []
    assert files_in(media) == {image.file.name}

    run_worker()

    image.refresh_from_db()
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", len(image.renditions))
    assert {(r["format"], r["width"]) for r in image.renditions} >= {("jpeg", 16), ("jpeg", 32)}
    assert files_in(media) == {image.file.name} | {r["name"] for r in image.renditions}


@pytest.mark.django_db(transaction=True)
def test_a_page_shows_the_original_until_the_worker_has_made_the_renditions(
    admin_client, client, media, queue
):
    upload_in_admin(admin_client, pictures.jpeg((64, 48)))
    image = Image.objects.get()
    article = factories.article(lead_image=image)

    before = lead_img(client, article)
    desk = admin_client.get(change_url(image)).content.decode()
    run_worker()
    after = lead_img(client, article)

    assert f'src="/media/{image.file.name}"' in before and "srcset" not in before
    assert "Being made by the worker: pages show the original until then." in desk
    image.refresh_from_db()
    small = next(r["name"] for r in image.renditions if r["format"] == "jpeg" and r["width"] == 16)
    assert f"/media/{small} 16w" in after
    assert "Being made by the worker" not in admin_client.get(change_url(image)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_focal_point_moved_before_the_worker_ran_makes_only_the_newest_crops(
    admin_client, media, queue
):
    upload_in_admin(admin_client, pictures.jpeg((96, 32)))
    image = Image.objects.get()
    image.focal_x = 10
    image.save()

    run_worker()

    image.refresh_from_db()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    crops = {r["name"] for r in image.renditions if r["crop"]}
    assert crops and all(".card-10-50." in name for name in crops)
    assert files_in(media) == {image.file.name} | {r["name"] for r in image.renditions}


@pytest.mark.django_db(transaction=True)
def test_make_renditions_can_hand_the_pictures_to_the_worker(media, settings):
    image = factories.image(file=ContentFile(pictures.jpeg((64, 48)), name="a.jpg"), alt_text="A")
    assert Image.objects.get().renditions  # made at once, with the immediate backend
    settings.TASKS = DATABASE_QUEUE
    out = io.StringIO()

    call_command("make_renditions", "--queue", stdout=out)
    missing = io.StringIO()
    Image.objects.filter(pk=image.pk).update(renditions=[])
    call_command("make_renditions", "--missing", stdout=missing)

    assert out.getvalue() == f"queued {image.file.name}\n"
    assert missing.getvalue() == ""  # already waiting in the queue: not made twice
    assert DBTaskResult.objects.filter(task_path="articles.renditions.renew").count() == 1
    run_worker()
    assert Image.objects.get().renditions


# The worker's healthcheck ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_check_worker_fails_once_a_task_has_waited_too_long(admin_client, media, queue, settings):
    settings.TASKS_STALE_SECONDS = 60
    upload_in_admin(admin_client, pictures.jpeg((64, 48)))
    out = io.StringIO()
    call_command("check_worker", stdout=out)
    assert out.getvalue() == "OK: 1 task(s) waiting, none longer than 60 s.\n"

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
    with pytest.raises(CommandError) as failure:
        call_command("check_worker")
    assert str(failure.value).startswith(
        "1 task(s) have waited more than 60 s; the oldest, articles.renditions.renew, since "
    )
    assert str(failure.value).endswith("Is db_worker running?")

    run_worker()
    call_command("check_worker", stdout=io.StringIO())


def test_check_worker_passes_with_no_queue():
    out = io.StringIO()
    call_command("check_worker", stdout=out)
    assert out.getvalue() == "No queue to work through: tasks run on ImmediateBackend.\n"


def test_an_unknown_task_backend_is_named_at_start_up():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "TASKS_BACKEND": "celery", "DEBUG": "on"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "TASKS_BACKEND='celery' is not a task backend: use database or immediate." in (
        result.stderr
    )


# Folding read counts -----------------------------------------------------------


@pytest.fixture
def shared_cache(settings):
    """Django's Redis cache, which the worker shares with the web processes."""
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL} ({error}).")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsportal.redis_cache.ReusedClientRedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "newsportal-test-tasks",
        },
    }
    cache.clear()
    yield cache
    cache.clear()


def stored_reads() -> dict[int, int]:
    return dict(ArticleReadCount.objects.values_list("article_id", "reads"))


@pytest.mark.django_db(transaction=True)
def test_with_a_shared_cache_the_worker_folds_the_reads_once_queued(
    client, settings, shared_cache, queue
):
    settings.READS_FOLD_BATCH = 2
    article = factories.article()

    for _ in range(5):
        client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    fold = DBTaskResult.objects.get()  # one fold waits, however many reads came after
    assert fold.task_path == "articles.popularity.fold_task"
    assert stored_reads() == {}
    run_worker()
    fold.refresh_from_db()
    assert (fold.status, fold.return_value) == ("SUCCESSFUL", {"reads": 5, "rows": 1})
    assert ArticleReadCount.objects.get().hour == current_hour()
    assert stored_reads() == {article.pk: 5}

    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the next batch queued


@pytest.mark.django_db(transaction=True)
def test_with_a_process_own_cache_the_web_process_folds_its_reads_itself(client, settings, queue):
    settings.READS_FOLD_BATCH = 2
    article = factories.article()

    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    assert DBTaskResult.objects.count() == 0  # the worker could not see these counts
    assert stored_reads() == {article.pk: 2}


# The compose file's worker ------------------------------------------------------


def test_the_compose_worker_runs_the_queue_with_the_webs_settings_and_a_healthcheck():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    commands = get_commands()

    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert worker["environment"] == web["environment"]
    assert web["environment"]["TASKS_BACKEND"] == "${TASKS_BACKEND:-database}"
    assert worker["volumes"] == web["volumes"]  # renditions beside the uploads
    check = worker["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "manage.py"]
    assert {worker["command"][2], check[3]} <= set(commands)
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
