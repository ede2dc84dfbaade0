"""Where the web's own page checkers are, and what happens when one is missing.

The Nu HTML checker (vnu.jar, run by Java) and Lighthouse (run by Node) come from
npm: `make test` installs them into node_modules/ from package-lock.json. Without
Java or Node a developer's run skips these checks and says how to install them;
with REQUIRE_VALIDATORS set (as `.ci/run` sets it) a missing checker is a failure.
"""

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

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
