"""The primary database and its read replicas: who reads where, and why it is never stale.

``DATABASE_REPLICA_URLS`` adds one alias per replica (``replica_1``, ``replica_2``…,
newsportal/settings.py). A replica is a copy the primary streams its changes to,
a little behind it (replication lag), so a read from one may miss a write just
made. The router therefore reads a replica only where that cannot show:

- Only inside a request that ``ReplicaReadsMiddleware`` (newsportal/replica_reads.py)
  let read one: a GET or HEAD of a public page, by a client that has not written
  in the last ``DATABASE_REPLICA_PIN_SECONDS``, while nothing pages show has
  changed in as long. Everything else reads the primary: the admin, preview
  links, forms being sent, management commands (``import_articles``, which
  reads what it just wrote), tests outside a request.
- One replica per request, chosen at random, so a page never mixes two copies
  lagging by different amounts.
- Inside a transaction on the primary every read stays there (read, then
  write what was read: ``select_for_update``, the read-count fold).
- Sessions always come from the primary: a session written at login must be
  found by the next request, whichever copy has caught up.

Every write goes to the primary; migrations run on the primary only (the
replicas receive its schema by replication). Objects read from any copy may be
related to each other: they are the same rows.

Without replicas the router answers nothing and Django uses ``default`` throughout.
"""

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

PRIMARY = DEFAULT_DB_ALIAS
REPLICA_PREFIX = "replica_"
# When something pages show last changed (a POSIX time), in the shared cache.
CHANGED_AT_KEY = "np:db:changed-at"
# Apps whose rows are read right after they are written by another request.
PRIMARY_ONLY_APPS = frozenset({"sessions"})

logger = logging.getLogger(__name__)


@dataclass
class RequestReads:
    """Where one request reads, and whether it wrote (which pins its client to the primary)."""

    replica: str | None
    wrote: bool = False


_current: ContextVar[RequestReads | None] = ContextVar("newsportal_request_reads", default=None)


def replica_aliases() -> list[str]:
    """The aliases of the configured read replicas, in order; empty without any."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def _now() -> float:
    return time.time()


@contextmanager
def request_reads(*, replicas: bool) -> Iterator[RequestReads]:
    """Route the reads made within to one replica (``replicas``) or to the primary.

    The state lives in a context variable, so each thread (or asyncio task)
    serving a request has its own, and it is gone when the block ends.
    """
    aliases = replica_aliases()
    state = RequestReads(replica=random.choice(aliases) if replicas and aliases else None)  # noqa: S311
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def note_change() -> None:
    """Note that something pages show changed: for a while, public reads use the primary.

    Called where the page cache's generation moves on (articles/caching.py), so
    no page is made from a replica that has not yet caught up and then kept
    under the new generation. A no-op without replicas. A cache that cannot be
    reached does not fail the write that called this: its pages go stale the
    same way.
    """
    if not replica_aliases():
        return
    try:
        cache.set(CHANGED_AT_KEY, _now(), settings.DATABASE_REPLICA_PIN_SECONDS)
    except Exception:
        logger.exception("Could not note a change for the read replicas")


def changed_recently() -> bool:
    """Whether pages' content changed within the last ``DATABASE_REPLICA_PIN_SECONDS``."""
    changed_at = cache.get(CHANGED_AT_KEY)
    return changed_at is not None and _now() - changed_at < settings.DATABASE_REPLICA_PIN_SECONDS


def _in_transaction() -> bool:
    """Whether this code runs in a transaction it opened on the primary.

    ``atomic_blocks`` rather than ``in_atomic_block``: a test case wraps each test
    in transactions of its own (``_from_testcase``), which are not the code's.
    """
    return any(not block._from_testcase for block in connections[PRIMARY].atomic_blocks)


class PrimaryReplicaRouter:
    """Writes and migrations on the primary; reads on a replica where the request allows it."""

    def __init__(self) -> None:
        self.replicas = replica_aliases()
        self.databases = {PRIMARY, *self.replicas}

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not self.replicas:
            return None
        state = _current.get()
        if (
            state is None
            or state.replica is None
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or _in_transaction()
        ):
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db in self.databases:
            return instance._state.db  # An object's related rows come from the same copy.
        return state.replica

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if not self.replicas:
            return None
        state = _current.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        if obj1._state.db in self.databases and obj2._state.db in self.databases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db in self.replicas:
            return False
        return None
