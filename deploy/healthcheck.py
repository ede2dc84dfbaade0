"""A container healthcheck: exit 0 when the site answers ``url`` with 200, 1 otherwise.

    python deploy/healthcheck.py http://127.0.0.1:8000/healthz

docker-compose.yml runs it inside the web image, which has Python but no curl.
The request names a host the site accepts (the first of ALLOWED_HOSTS, as a
reader's would) and, with HTTPS on, says it came over TLS (X-Forwarded-Proto,
as the proxy in front says it), so neither a Host check nor the HTTPS redirect
answers in the page's place. Redirects are not followed: only a 200 is healthy.
"""

import os
import sys
import urllib.error
import urllib.request

TRUE = {"1", "true", "yes", "on"}


def host_header(allowed_hosts: str) -> str | None:
    """A Host the site accepts: the first ALLOWED_HOSTS entry that names one."""
    for entry in allowed_hosts.split(","):
        entry = entry.strip().lstrip(".")
        if entry and entry != "*":
            return entry
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check(url: str, environ: dict[str, str]) -> tuple[bool, str]:
    """Whether ``url`` answers 200, and what it answered, for the container's log."""
    request = urllib.request.Request(url)  # noqa: S310 (the container's own address)
    host = host_header(environ.get("ALLOWED_HOSTS", ""))
    if host:
        request.add_header("Host", host)
    if environ.get("HTTPS", "on").lower() in TRUE:
        request.add_header("X-Forwarded-Proto", "https")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        return False, f"{url}: no answer ({getattr(error, 'reason', error)})"
    return status == 200, f"{url}: {status}"


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python deploy/healthcheck.py URL")
    healthy, said = check(sys.argv[1], dict(os.environ))
    print(said)
    sys.exit(0 if healthy else 1)


if __name__ == "__main__":
    main()
