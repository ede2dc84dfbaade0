"""Lighthouse finds nothing to fix in accessibility, best practices or SEO on the reader's pages.

Performance is measured by `make lighthouse` (bench/lighthouse.py), not here:
its simulated throttling varies with the machine's load, and speed is never
asserted in tests.
"""

import io

import pytest
from django.core.management import call_command

from tests.checkers import failing_audits, lighthouse, run_lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATEGORIES = ["accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "article": (
        "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
    ),
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_scores_full_marks_in_lighthouse(live_server, seed_path, path):
    lighthouse()
    call_command("import_articles", str(seed_path), stdout=io.StringIO())

    report = run_lighthouse(live_server.url + path, CATEGORIES)

    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    assert scores == dict.fromkeys(CATEGORIES, 1), "\n".join(failing_audits(report))
