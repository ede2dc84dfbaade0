"""Where the web's own page checkers are, and what happens when one is missing.

The Nu HTML checker (vnu.jar, run by Java) and Lighthouse (run by Node) come from
npm: `make test` installs them into node_modules/ from package-lock.json. Without
Java or Node a developer's run skips these checks and says how to install them;
with REQUIRE_VALIDATORS set (as `.ci/run` sets it) a missing checker is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

INSTALL_HINT = (
    "install Java 11+ and Node.js with npm (Debian: `sudo apt-get install "
    "default-jre-headless nodejs npm`), then `make test` runs `npm ci`"
)


def missing_tool(message: str) -> NoReturn:
    """Skip the test that needs a checker, or fail when CI requires every checker."""
    if os.environ.get("REQUIRE_VALIDATORS"):
        pytest.fail(f"cannot run: {message}")
    pytest.skip(f"skipped: {message}; {INSTALL_HINT}")


def java() -> str:
    """The java command that runs vnu.jar, or a skip (a failure in CI) saying what is missing."""
    command = shutil.which("java")
    if command is None:
        missing_tool("the Nu HTML checker needs `java`, which is not on PATH")
    if not VNU_JAR.exists():
        missing_tool(f"{VNU_JAR.relative_to(ROOT)} not found (run `npm ci` or `make test`)")
    return command


def lighthouse() -> Path:
    """The Lighthouse command, or a skip (a failure in CI) saying what is missing."""
    if shutil.which("node") is None:
        missing_tool("Lighthouse needs `node`, which is not on PATH")
    if not LIGHTHOUSE.exists():
        missing_tool(f"{LIGHTHOUSE.relative_to(ROOT)} not found (run `npm ci` or `make test`)")
    if not CHROMIUM.exists():
        missing_tool(f"Lighthouse needs Chromium: {CHROMIUM} not found")
    return LIGHTHOUSE


def run_lighthouse(url: str, categories: list[str]) -> dict:
    """Lighthouse's JSON report on one page, in headless Chromium with the browser tests' flags
    (Chromium fetches nothing from outside this machine)."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
            f"--only-categories={','.join(categories)}",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--disable-full-page-screenshot",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr}")
    return json.loads(result.stdout)


def failing_audits(report: dict) -> list[str]:
    """The audits that count towards a category's score and did not get full marks."""
    lines = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{name}: {ref['id']} {audit['score']:.2f}{value}: {audit['title']}")
    return lines
