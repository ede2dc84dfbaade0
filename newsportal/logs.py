"""The site's log: one line a record, as JSON (``LOG_FORMAT=json``) or plain text.

Every record carries the id of the request it was logged during
(``newsportal.request_log`` sets it), so an error's traceback and the request's
own line can be found together. JSON is one object a line, the traceback
inside it (``exc_info``), for log collectors that read structured lines;
plain text is for a terminal.
"""

import contextvars
import datetime
import json
import logging
from typing import Any

# The id of the request being served in this thread (or task); "-" outside requests.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUESTS_LOGGER = "newsportal.requests"
# What a request line adds to its record (``extra=``), in the order it is written.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, message, request fields
    when the record is a request line, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(fmt: str, level: str, requests: bool = True, stream: Any = None) -> dict:
    """The LOGGING setting: one console handler for everything, in ``fmt`` (json|plain).

    Request lines are logged at INFO whatever ``level`` says (``LOG_REQUESTS=off``
    drops them); the rest at ``level``. ``stream`` defaults to standard error.
    """
    if fmt not in ("json", "plain"):
        raise ValueError(f"LOG_FORMAT={fmt!r}: use json or plain")
    formatter = {"()": JsonFormatter} if fmt == "json" else {"format": PLAIN_FORMAT}
    handler: dict[str, Any] = {
        "class": "logging.StreamHandler",
        "formatter": fmt,
        "filters": ["request_id"],
    }
    if stream is not None:
        handler["stream"] = stream
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {fmt: formatter},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            REQUESTS_LOGGER: {
                "handlers": ["console"],
                "level": "INFO" if requests else "CRITICAL",
                "propagate": False,
            },
        },
    }
