"""A real Chromium, driven by Playwright, against the live test server."""

import os
from pathlib import Path

import pytest

# Debian and CI: /usr/bin/chromium; elsewhere point CHROMIUM_PATH at a Chromium binary.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"browser tests skipped: {CHROMIUM} not found; "
            "install it with `sudo apt-get install chromium`"
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message.replace("skipped", "cannot run"))
        pytest.skip(message)
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls
    # the tests make between browser steps are still plain synchronous code.
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    """What the browser reports as errors: a blocked script or style, a missing file."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _site_address_is_the_live_server(request, settings):
    """Pages name their own addresses on SITE_URL: in a browser test, the live server's."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
