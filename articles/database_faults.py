"""What a database error means to a writer that can try again: a race lost, or the link gone.

Two imports of the same files at once both try to create the same article,
person or tag. The second insert waits for the first writer's transaction and
then fails on the unique constraint. Nothing is wrong with the file: rolled back
to its savepoint and looked at again, it finds the rows the other writer
committed (``lost_race()``). When the two took rows in opposite orders, one of
them is chosen as a deadlock's victim (``deadlocked()``): the locks closing the
circle may come from any earlier file of its transaction, so its whole batch
gives way and is done again.

A connection that went away (the server restarted, the backend was terminated,
the network dropped) fails every statement after it: ``connection_lost()`` lets
the importer stop and say which files were not written instead of printing one
error a file.
"""

from typing import Any

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError

# PostgreSQL's SQLSTATEs: unique_violation (the other writer committed the row first),
# and deadlock_detected / serialization_failure (this transaction was chosen to give way).
UNIQUE_STATE = "23505"
DEADLOCK_STATES = frozenset({"40P01", "40001"})
# SQLite has no SQLSTATE; it names the constraint. (Its writers wait for each other at
# BEGIN IMMEDIATE, so there a race is only another writer outside that discipline.)
SQLITE_UNIQUE = "UNIQUE constraint failed"


def _state(exc: BaseException) -> str | None:
    """The SQLSTATE the driver gave (psycopg 2 and 3 call it ``pgcode`` / ``sqlstate``)."""
    cause = exc.__cause__ or exc
    return getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)


def lost_race(exc: DatabaseError) -> bool:
    """Whether another writer committed the same unique row first (looking again finds it).

    Only the statement failed: the file's savepoint rolled back, it is tried again.
    """
    if not isinstance(exc, IntegrityError):
        return False
    state = _state(exc)
    return state == UNIQUE_STATE if state is not None else SQLITE_UNIQUE in str(exc)


def deadlocked(exc: DatabaseError) -> bool:
    """Whether the transaction was chosen to give way to another (deadlock, serialization).

    The locks that close the circle may come from any earlier file of the same
    transaction, so trying the one file again would only meet them again: the
    whole transaction must let go.
    """
    return isinstance(exc, OperationalError) and _state(exc) in DEADLOCK_STATES


def connection_lost(exc: DatabaseError, raw: Any) -> bool:
    """Whether the error left the driver's connection ``raw`` unusable: every statement
    after it would fail too.

    ``raw`` is the driver connection the failed work used, taken beforehand: once a
    transaction's rollback fails Django drops it and may open another. It is asked
    directly rather than with a query, since inside a failed transaction PostgreSQL
    refuses any query until the rollback.
    """
    if isinstance(exc, InterfaceError) or raw is None:
        return True
    if isinstance(exc, IntegrityError):
        return False
    closed = getattr(raw, "closed", None)  # psycopg: non-zero once the server is gone
    if closed is not None:
        return bool(closed) or bool(getattr(raw, "broken", False))
    try:  # sqlite3: a closed connection refuses even this
        raw.total_changes  # noqa: B018 - the access is the probe
    except Exception:  # any refusal means closed
        return True
    return False
