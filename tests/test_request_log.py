"""The site's log as an operator reads it: a line per request under a request id, the
traceback of an error under the same id (in JSON too), and readers never shown it."""

import io
import json
import logging
import re

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path

from newsportal.logs import PLAIN_FORMAT, REQUESTS_LOGGER, JsonFormatter, RequestIdFilter
from newsportal.urls import urlpatterns as site_urlpatterns

SECRET_DETAIL = "the printing press caught fire at row 12"


def failing_view(request: HttpRequest):
    raise RuntimeError(SECRET_DETAIL)


# The site's addresses plus one whose view fails (this module is the URLconf below).
urlpatterns = [path("__fails__/", failing_view), *site_urlpatterns]


@pytest.fixture
def captured():
    """The site's own console handler (settings.LOGGING), writing into a buffer in
    the format asked for, as LOG_FORMAT would choose it."""
    ours = [
        handler
        for handler in logging.getLogger(REQUESTS_LOGGER).handlers
        if any(isinstance(f, RequestIdFilter) for f in handler.filters)
    ]
    (handler,) = ours  # pytest adds handlers of its own beside it.
    assert handler in logging.getLogger().handlers  # One handler for everything.
    formatter, buffer = handler.formatter, io.StringIO()
    stream = handler.setStream(buffer)

    def use(fmt: str) -> io.StringIO:
        handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(PLAIN_FORMAT))
        return buffer

    yield use
    handler.setStream(stream)
    handler.setFormatter(formatter)


def test_settings_choose_one_format_for_every_record(settings):
    config = settings.LOGGING

    assert config["root"]["handlers"] == ["console"]
    assert config["loggers"][REQUESTS_LOGGER]["level"] == "INFO"


def test_a_request_is_one_plain_line_with_its_id_method_path_status_and_time(client, captured):
    buffer = captured("plain")

    response = client.get("/healthz", headers={"x-request-id": "proxy-7f3a"})

    assert response["X-Request-ID"] == "proxy-7f3a"
    (line,) = buffer.getvalue().splitlines()
    assert re.search(r"INFO newsportal\.requests \[proxy-7f3a\] GET /healthz 200 \d+\.\dms$", line)


@pytest.mark.parametrize(
    "given", ["", "has space", 'quote"d', "x" * 129, "line\nbreak", "-leading-dash", "é"]
)
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(client, captured, given):
    buffer = captured("plain")
    headers = {"x-request-id": given} if given else {}

    response = client.get("/healthz", headers=headers)

    made = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert f"[{made}] GET /healthz 200" in buffer.getvalue()


def test_every_request_gets_its_own_id(client):
    ids = {client.get("/healthz")["X-Request-ID"] for _ in range(3)}

    assert len(ids) == 3


def test_json_lines_carry_the_request_fields(client, captured):
    buffer = captured("json")

    client.get("/healthz", headers={"x-request-id": "abc-123"})

    (entry,) = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert entry["logger"] == REQUESTS_LOGGER
    assert entry["level"] == "INFO"
    assert entry["request_id"] == "abc-123"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert isinstance(entry["duration_ms"], float)
    assert entry["time"].endswith("+00:00")


@pytest.mark.django_db
def test_a_path_cannot_forge_a_log_line(client, captured):
    buffer = captured("plain")

    client.get("/healthz%0Aforged INFO line")

    lines = buffer.getvalue().splitlines()
    assert not [line for line in lines if line.startswith("forged")]
    (line,) = [line for line in lines if " newsportal.requests " in line]
    assert "GET /healthz%0Aforged%20INFO%20line 404" in line


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_is_logged_with_its_traceback_under_the_request_id_never_shown(captured):
    buffer = captured("json")
    client = Client(raise_request_exception=False)

    response = client.get("/__fails__/", headers={"x-request-id": "err-1"})

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page  # The site's own 500 page.
    assert SECRET_DETAIL not in page and "Traceback" not in page
    entries = [json.loads(line) for line in buffer.getvalue().splitlines()]
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert error["request_id"] == "err-1"
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert f"RuntimeError: {SECRET_DETAIL}" in error["exc_info"]
    assert "failing_view" in error["exc_info"]
    line = next(entry for entry in entries if entry["logger"] == REQUESTS_LOGGER)
    assert (line["request_id"], line["status"]) == ("err-1", 500)


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_in_plain_text_keeps_its_traceback_with_the_id(captured):
    buffer = captured("plain")

    Client(raise_request_exception=False).get("/__fails__/", headers={"x-request-id": "err-2"})

    text = buffer.getvalue()
    assert "ERROR django.request [err-2] Internal Server Error: /__fails__/" in text
    assert f"RuntimeError: {SECRET_DETAIL}" in text
