"""nginx in front of the bench's gunicorn, with the repository's own configuration.

bench/site.py calls ``load_through_nginx`` while its production server runs, when
nginx is installed. Two rows, loaded by wrk like every other:

- ``article_nginx``: the article pages through nginx's micro-cache (warm: each
  asked once before), which keeps each page for as long as its Cache-Control
  allows (s-maxage) and serves it stale while one request makes it again: what
  readers get in docker-compose.
- ``static_nginx``: a file of the article page's size served by nginx from disk,
  as it serves /media/: the machine's ceiling for an answer of that size.

The configuration is deploy/nginx/newsportal.conf itself; ``adapt`` replaces
only the lines marked "adapted" in it (the upstream, the address listened on, the
cache and media directories), so what is measured, and what tests/test_deployment.py
checks with ``nginx -t``, is the file docker-compose.yml mounts.
"""

import contextlib
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx" / "newsportal.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
CEILING = "bench/ceiling.html"

# Each line marked "adapted" in CONF: the text there, and what it becomes.
_ADAPTED = {
    "server web:8000;": "server {upstream};",
    "proxy_cache_path /var/cache/nginx/newsportal ": "proxy_cache_path {cache} ",
    "listen 80;": "listen {listen};",
    "alias /var/lib/newsportal/media/;": "alias {media}/;",
}


def nginx_path() -> str | None:
    """nginx's executable: on PATH, or Debian's /usr/sbin (not on a user's PATH)."""
    found = shutil.which("nginx") or Path("/usr/sbin/nginx")
    return str(found) if Path(found).is_file() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def adapt(text: str, *, upstream: str, listen: str, cache: Path, media: Path) -> str:
    """CONF's text with its "adapted" lines pointed at this machine's addresses and paths."""
    values = {"upstream": upstream, "listen": listen, "cache": cache, "media": media}
    for original, replacement in _ADAPTED.items():
        found = text.count(original)
        if found != 1:
            raise ValueError(
                f"{CONF.name} should hold {original!r} once (a line marked adapted), "
                f"found {found} times"
            )
        text = text.replace(original, replacement.format(**values))
    return text


def write_config(prefix: Path, *, upstream: str, listen: str) -> Path:
    """A main nginx.conf under ``prefix`` around the adapted site file: pid, logs, temp files.

    ``prefix/media`` is the /media/ directory. The site file sits inside the
    http block, as the official image's conf.d files do.
    """
    media, cache = prefix / "media", prefix / "cache"
    media.mkdir(parents=True, exist_ok=True)
    (prefix / "temp").mkdir(exist_ok=True)  # nginx makes the directories inside it
    site = prefix / "site.conf"
    site.write_text(
        adapt(CONF.read_text(), upstream=upstream, listen=listen, cache=cache, media=media)
    )
    types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else "types { text/html html; }"
    temps = "\n".join(
        f"    {kind}_temp_path {prefix / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = prefix / "nginx.conf"
    main.write_text(
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "worker_processes auto;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    {types}\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        "    access_log off;\n"
        f"{temps}\n"
        f"    include {site};\n"
        "}\n"
    )
    return main


def _command(prefix: Path, main: Path, nginx: str) -> list[str]:
    return [nginx, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")]


def check_config(prefix: Path, *, upstream: str, listen: str) -> subprocess.CompletedProcess:
    """``nginx -t`` on the adapted configuration: its verdict and messages."""
    nginx = nginx_path()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
    main = write_config(prefix, upstream=upstream, listen=listen)
    return subprocess.run(
        [*_command(prefix, main, nginx), "-t"], capture_output=True, text=True, check=False
    )


@contextlib.contextmanager
def serving(upstream: str) -> Iterator[tuple[str, Path]]:
    """nginx on a free local port in front of ``upstream``: its base URL and media directory."""
    from bench import load

    nginx = nginx_path()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
    prefix = Path(tempfile.mkdtemp(prefix="newsportal-nginx-"))
    # Run by root, nginx's workers are "nobody": they must reach the media and cache.
    prefix.chmod(0o755)
    port = free_port()
    main = write_config(prefix, upstream=upstream, listen=f"127.0.0.1:{port}")
    server = subprocess.Popen(
        [*_command(prefix, main, nginx), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        try:
            load.wait_until_serving(base + "/nginx-health", seconds=10)
        except SystemExit:
            server.terminate()
            raise SystemExit(
                "nginx did not start: " + server.communicate(timeout=10)[1].decode()[-2000:]
            ) from None
        yield base, prefix / "media"
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(prefix, ignore_errors=True)


def load_through_nginx(
    gunicorn_base: str,
    body_file: Path,
    article_paths: list[str],
    run: Callable[[str, list[str], str], None],
) -> dict[str, str]:
    """bench/site.py's hook: ``run`` (its wrk runner) on the two rows through nginx.

    Returns what the runs can be told by: nginx's version and the cache status
    nginx gave an article page asked twice in a row (MISS→HIT: the micro-cache
    served it the second time).
    """
    import urllib.request

    upstream = gunicorn_base.removeprefix("http://")
    with serving(upstream) as (base, media):
        ceiling = media / CEILING
        ceiling.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(body_file, ceiling)
        ceiling.parent.chmod(0o755)
        ceiling.chmod(0o644)

        def status(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=30) as answer:  # noqa: S310
                return answer.headers.get("X-Cache-Status", "")

        # Warm, as a page being read is: each article asked once, so the run measures
        # the micro-cache, not the first reader of each of the sample's pages.
        statuses = [status(article_paths[0]), status(article_paths[0])]
        for path in article_paths[1:]:
            status(path)
        run("article_nginx", article_paths, base)
        run("static_nginx", ["/media/" + CEILING], base)
    version = subprocess.run(
        [nginx_path() or "nginx", "-v"], capture_output=True, text=True, check=False
    ).stderr.strip()
    return {"version": version, "article_cache_status": "→".join(statuses)}
