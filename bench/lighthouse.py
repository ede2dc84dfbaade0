"""Lighthouse scores for the reader's pages, served as in production.

Builds a fresh SQLite database with the seed article imported, collects the
static files, serves the site with gunicorn on a free local port (DEBUG off,
the real CSP, WhiteNoise), and runs Lighthouse (node_modules/, `make test`
installs it) in Debian's headless Chromium over the home page and the seed
article. Prints each category's score, the time each run took and every audit
that did not pass. With --check, exits 1 when accessibility, best practices or
SEO is below full marks, the bar tests/browser/test_lighthouse.py holds them to.
Performance is reported, not judged: its simulated throttling varies with the
machine's load.

    python bench/lighthouse.py
    python bench/lighthouse.py --check
    python bench/lighthouse.py --path /authors/someone/ --json-dir test-artifacts
"""

import argparse
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.checkers import CHROMIUM, LIGHTHOUSE, failing_audits, run_lighthouse  # noqa: E402

SEED = ROOT / "fixtures" / "000_7f91a2f5f40fcb4f.txt"
PAGES = {
    "home": "/",
    "article": (
        "/2026/02/03/russian-strikes-do-not-demonstrate-serious-commitment-to-peace-says-nato-chief/"
    ),
}
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]
# The bar --check holds the pages to (scores run from 0 to 1).
BAR = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(work: Path) -> dict[str, str]:
    """Production settings on a throw-away database, over plain HTTP on this machine."""
    return {
        **os.environ,
        "NEWSPORTAL_ENV_FILE": str(work / "no.env"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "off",
        "HTTPS": "off",
        "SERVE_MEDIA": "on",
        "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def prepare(env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["import_articles", str(SEED)],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_serving(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local address)
                return
        except OSError:  # Refused, reset or slow to answer (URLError, TimeoutError): not yet.
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"the site did not answer at {url} within {seconds:.0f} s"
                ) from None
            time.sleep(0.2)


@contextlib.contextmanager
def serving(work: Path) -> Iterator[str]:
    """The site under gunicorn on a free local port, for as long as the block runs."""
    env = site_environment(work)
    prepare(env)
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            *(str(gunicorn), "newsportal.wsgi:application", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--forwarded-allow-ips", ""),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base + "/")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", help="a page to run (default: home, article)")
    parser.add_argument("--check", action="store_true", help="exit 1 below the bar")
    parser.add_argument("--json-dir", type=Path, help="keep each full report here")
    args = parser.parse_args()
    for tool, hint in (
        (LIGHTHOUSE, "`make test` installs it"),
        (CHROMIUM, "apt-get install chromium"),
    ):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: {hint}")
    pages = {path: path for path in args.path} if args.path else PAGES

    below = []
    with (
        tempfile.TemporaryDirectory(prefix="newsportal-lighthouse-") as work,
        serving(Path(work)) as base,
    ):
        for name, path in pages.items():
            start = time.perf_counter()
            report = run_lighthouse(base + path, CATEGORIES)
            elapsed = time.perf_counter() - start
            scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
            shown = ", ".join(f"{c} {scores[c] * 100:.0f}" for c in CATEGORIES)
            print(f"{name}: {shown}  ({elapsed:.1f} s)")
            print("\n".join(f"  {line}" for line in failing_audits(report)) or "  no audit failed")
            below += [f"{name}: {c} {scores[c]:.2f}" for c, bar in BAR.items() if scores[c] < bar]
            if args.json_dir:
                args.json_dir.mkdir(parents=True, exist_ok=True)
                stem = name.strip("/").replace("/", "-") or "home"
                (args.json_dir / f"lighthouse-{stem}.json").write_text(json.dumps(report))
    if args.check and below:
        raise SystemExit("below the bar:\n" + "\n".join(below))


if __name__ == "__main__":
    main()
