"""The soak test: minutes of load on the article, home and search pages, with memory watched.

    python bench/soak.py                     # 10 minutes on a new SQLite file (make soak)
    python bench/soak.py --minutes 5         # issue 9's 5-minute memory run (make soak MINUTES=5)
    python bench/soak.py --db postgres       # a new database np_bench_<time> on BENCH_POSTGRES

Builds its own site as bench/site.py does (its helpers: a synthetic newsroom
imported through the real command, production settings, gunicorn from
gunicorn.conf.py on a free local port), warms it up, then runs wrk for the whole
duration over article pages, the home page and search results (a third each),
while every gunicorn worker's resident memory is read from /proc every few
seconds (bench/memory.py). Reports the requests, the errors (answers that are
not 2xx/3xx, and socket errors: refused, reset, timed out) and each worker's
memory first/last/max with the verdict: flat when every worker's last sample is
within ±10 % of its first, after the warm-up, and no worker was replaced. Exits
1 when there were errors or memory was not flat. Writes bench/results/soak-<time>.json.
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import load, memory, newsroom, site  # noqa: E402

SEARCH_WORDS = ["energy", "council", "peace", "market", "climate"]


def mixed_paths(paths: dict[str, list[str]]) -> list[str]:
    """Article, home, search in turn: wrk cycles through the list, a third each."""
    mixed = []
    for n, article in enumerate(paths["article"]):
        mixed += [article, "/", f"/search/?q={SEARCH_WORDS[n % len(SEARCH_WORDS)]}"]
    return mixed


def build_site(args: argparse.Namespace, work: Path, database_url: str, port: int) -> dict:
    """The database, static files and newsroom, as bench/site.py makes them."""
    env = site.environment(work, database_url, port)
    env["LOG_LEVEL"] = "WARNING"
    if args.page_cache == "off":
        env["PAGE_CACHE"] = "off"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    exports = work / "exports"
    newsroom.write_exports(exports, args.articles)
    imported = site.import_corpus(exports)
    paths = site.page_paths(newsroom.enrich(Path(env["MEDIA_ROOT"])))
    return {"env": env, "paths": mixed_paths(paths), "import": imported}


def soak(args: argparse.Namespace, built: dict, port: int, work: Path) -> dict:
    env, paths = built["env"], built["paths"]
    seconds = args.minutes * 60
    log = work / "gunicorn.log"
    with load.serving(env, port, args.workers, log) as base:
        master = memory.gunicorn_master(os.getpid())
        if master is None:
            raise SystemExit("the gunicorn master was not found among this process's children")
        memory.wait_for_workers(master, args.workers)
        if args.warmup:
            print(f"warm-up: {args.warmup:.0f} s", flush=True)
            load.run_wrk(base, paths, args.warmup, args.connections)
            load.wait_until_serving(base + "/healthz")
        print(
            f"soak: {seconds / 60:.1f} min of wrk -c{args.connections} over {len(paths)} "
            f"addresses, memory every {args.sample_seconds:.0f} s",
            flush=True,
        )
        figures: dict = {}

        def run() -> None:
            figures.update(load.run_wrk(base, paths, seconds, args.connections))

        loader = threading.Thread(target=run)
        started = time.monotonic()
        with memory.MemorySampler(master, args.sample_seconds) as sampler:
            loader.start()
            loader.join()
        elapsed = time.monotonic() - started
        try:  # Still serving once it is over.
            load.wait_until_serving(base + "/healthz", seconds=10)
            served_after = True
        except SystemExit:
            served_after = False
    errors = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    return {
        "load": {**figures, "seconds": round(elapsed, 1), "served_after": served_after},
        "memory": sampler.summary(),
        "tracebacks_in_log": len(errors),
    }


def report(result: dict) -> None:
    meta, load_figures, mem = result["meta"], result["load"], result["memory"]
    print(
        f"\nsoak {meta['minutes']} min, {meta['articles']} articles on {meta['db']}, "
        f"gunicorn {meta['workers']} workers, page cache {meta['page_cache']}, "
        f"load average {meta['load_average_before'][0]:.1f} → "
        f"{meta['load_average_after'][0]:.1f} ({meta['cpus']} CPUs)"
    )
    print(
        f"requests {load_figures['requests']} ({load_figures['rps']:.0f}/s, "
        f"p50 {load_figures['p50_ms']:.1f} ms, p99 {load_figures['p99_ms']:.1f} ms); "
        f"errors {load_figures['errors']} (status {load_figures['status_errors']}, "
        f"socket {load_figures['socket_errors']}); tracebacks in the log "
        f"{result['tracebacks_in_log']}"
    )
    print(f"{'worker':>8} {'first MiB':>10} {'last MiB':>9} {'max MiB':>8} {'change':>7}")
    for pid, worker in mem["workers"].items():
        print(
            f"{pid:>8} {worker['first_kb'] / 1024:10.1f} {worker['last_kb'] / 1024:9.1f} "
            f"{worker['max_kb'] / 1024:8.1f} {worker['change']:+7.1%}"
            + ("" if worker["whole_run"] else "  (not there the whole run)")
        )
    verdict = "flat" if mem["flat"] else "NOT flat"
    within = f"±{mem['tolerance']:.0%}"
    print(f"memory {verdict} (every worker's last sample within {within} of its first)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10, help="minutes of load (10)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="the server --db postgres makes its database on (default: $BENCH_POSTGRES)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=float, default=20, help="seconds of load first (20)")
    parser.add_argument("--sample-seconds", type=float, default=5, help="memory read every (5)")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    if not load.wrk_path():
        raise SystemExit("wrk not found: apt-get install wrk")
    if not memory.PROC.is_dir():
        raise SystemExit("/proc is not there: the soak reads workers' memory from Linux's /proc")

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="newsportal-soak-"))
    database = None
    if args.db == "postgres":
        database, database_url = site.create_postgres(args.postgres)
    else:
        database_url = f"sqlite:///{work / 'soak.sqlite3'}"
    port = site.free_port()
    try:
        built = build_site(args, work, database_url, port)
        load_before = os.getloadavg()
        result = soak(args, built, port, work)
        result["meta"] = {
            "timestamp": stamp,
            "minutes": args.minutes,
            "articles": args.articles,
            "db": args.db,
            "workers": args.workers,
            "connections": args.connections,
            "page_cache": args.page_cache,
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            "import": built["import"],
        }
    finally:
        if database:
            site.drop_postgres(args.postgres, database)
        shutil.rmtree(work, ignore_errors=True)
    report(result)
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"soak-{stamp}.json"
    out.write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")
    clean = result["load"]["errors"] == 0 and not result["tracebacks_in_log"]
    if not (clean and result["memory"]["flat"] and result["load"]["served_after"]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
