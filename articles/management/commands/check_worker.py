"""``manage.py check_worker``: is the background work being done? The worker's healthcheck.

The worker (``manage.py db_worker``) takes tasks from the queue in the database.
It is healthy when it can reach that database and no task has waited longer than
``TASKS_STALE_SECONDS`` for it: a worker that hangs, or one that runs but never
takes anything, leaves tasks waiting, which is what readers would notice (no
renditions, a stale Most read).
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Exit 0 when the task queue is being worked through (no task has waited longer than "
        "TASKS_STALE_SECONDS), 1 otherwise: the worker service's healthcheck."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            # The immediate backend runs each task where it is enqueued: nothing can wait.
            self.stdout.write(f"No queue to work through: tasks run on {type(backend).__name__}.")
            return
        limit = settings.TASKS_STALE_SECONDS
        since = timezone.now() - datetime.timedelta(seconds=limit)
        try:
            ready = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
            waiting = ready.count()
            stale = ready.filter(enqueued_at__lt=since).order_by("enqueued_at")
            oldest = stale.values_list("task_path", "enqueued_at").first()
        except DatabaseError as error:
            raise CommandError(f"The task queue's database cannot be reached: {error}") from error
        if oldest is not None:
            path, enqueued_at = oldest
            raise CommandError(
                f"{stale.count()} task(s) have waited more than {limit} s; the oldest, "
                f"{path}, since {enqueued_at:%Y-%m-%d %H:%M:%S %Z}. Is db_worker running?"
            )
        self.stdout.write(f"OK: {waiting} task(s) waiting, none longer than {limit} s.")
