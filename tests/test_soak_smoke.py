"""`make soak`'s plumbing, with tiny numbers: the site built, loaded, its workers' memory
followed, the figures written. Like tests/test_bench_smoke.py, no timing is asserted,
and without wrk the test is skipped unless REQUIRE_VALIDATORS says every tool must be there.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_a_short_soak_loads_the_site_and_follows_each_worker_memory(tmp_path: Path) -> None:
    if not shutil.which("wrk"):
        if os.environ.get("REQUIRE_VALIDATORS"):
            pytest.fail("wrk is not installed (apt-get install wrk)")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    options = ["--minutes", "0.1", "--articles", "12", "--warmup", "1", "--sample-seconds", "1"]
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), "--results", str(tmp_path), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    # Exit status 0: no errors and memory flat (a few seconds cannot grow by 10 %).
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    (written,) = tmp_path.glob("soak-*.json")
    result = json.loads(written.read_text())
    load = result["load"]
    assert load["requests"] > 0
    assert load["errors"] == load["status_errors"] + load["socket_errors"] == 0
    assert load["served_after"] is True
    workers = result["memory"]["workers"]
    assert len(workers) == 2
    for worker in workers.values():
        assert worker["samples"] >= 3
        assert 0 < worker["first_kb"] <= worker["max_kb"]
        assert worker["last_kb"] <= worker["max_kb"]
        assert worker["whole_run"] is True
    assert result["memory"]["flat"] is True
    assert "memory flat" in completed.stdout
