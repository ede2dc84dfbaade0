"""The served side of bench/site.py: gunicorn as in production, and wrk against it.

``serving()`` starts ``.venv/bin/gunicorn newsportal.wsgi:application`` from the
repository (so gunicorn.conf.py applies) with the environment it is given, and
stops it when the block ends. ``run_wrk()`` loads a list of paths on it (wrk's
threads each cycle through them) and reads the figures back from a Lua ``done``
hook as JSON, not from wrk's human-readable text.
"""

import contextlib
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "bytes": %%d, "status_errors": %%d, ' ..
    '"socket_errors": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def wrk_path() -> str | None:
    return shutil.which("wrk")


def wait_until_serving(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (a local address)
                return
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"the site answered {url} with {exc.code}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"the site did not answer at {url} within {seconds:.0f} s"
                ) from None
            time.sleep(0.2)


@contextlib.contextmanager
def serving(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[str]:
    """The site under gunicorn on 127.0.0.1:port for as long as the block runs."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("ab") as output:
        server = subprocess.Popen(
            [
                *(str(gunicorn), "newsportal.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                *("--forwarded-allow-ips", ""),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            try:
                wait_until_serving(base + "/")
            except SystemExit:
                sys.stderr.write(log.read_text(errors="replace")[-3000:])
                raise
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)


def run_wrk(
    base: str, paths: list[str], seconds: float, connections: int, threads: int = 2
) -> dict[str, float]:
    """wrk's figures for ``paths`` on ``base``: req/s, p50/p90/p99/max latency in ms, errors."""
    lua = _SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        completed = subprocess.run(
            [
                *("wrk", "-t", str(threads), "-c", str(connections)),
                *("-d", f"{max(1, round(seconds))}s", "--timeout", "10s"),
                *("-s", script.name, base + paths[0]),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    line = next(x for x in completed.stdout.splitlines() if x.startswith("BENCH "))
    raw = json.loads(line.removeprefix("BENCH "))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["status_errors"] + raw["socket_errors"],
        "status_errors": raw["status_errors"],
        "socket_errors": raw["socket_errors"],
    }


def warm_up(
    base: str, paths: list[str], seconds: float, connections: int, workers: int, most: int = 60
) -> list[float]:
    """wrk over ``paths`` in runs of ``seconds`` until the server is warm: each run's req/s.

    A page type with many addresses (the article page cycles through a sample of
    a hundred) is warm only once every worker has made each page (and worked out
    its Related News) at least once: 200 renders before the first cache hit of
    each, seconds of work that a single short warm-up left inside the measured
    run. wrk's requests reach the workers at random, so every (worker, address)
    pair has been asked for, most likely, after n (ln n + 2) requests for n pairs
    (the coupon collector's bound): 1,460 for the article page's 200. Warm means at
    least that many, and throughput within 10 % of each of the two runs before (at
    most ``most`` runs): a run that merely matched the one before could still be
    climbing (the cache-off article page at 10,000 articles warmed up at 88, 129, 170
    and 171 req/s, then measured 197).
    """
    pairs = workers * len(paths)
    wanted = math.ceil(pairs * (math.log(pairs) + 2))
    made = run_wrk(base, paths, seconds, connections)
    rates, requests = [made["rps"]], made["requests"]
    while len(rates) < most:
        made = run_wrk(base, paths, seconds, connections)
        rates.append(made["rps"])
        requests += made["requests"]
        steady = len(rates) >= 3 and all(
            abs(rates[-1] - rate) <= 0.1 * max(rate, 1) for rate in rates[-3:-1]
        )
        if requests >= wanted and steady:
            break
    return rates
