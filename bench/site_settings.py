"""Settings for bench/site.py only: the site's own, with the bench's URLconf on top.

Never used by the real site: bench/site.py sets DJANGO_SETTINGS_MODULE to this
module for its throw-away server, so the ceiling views exist only there.
"""

from newsportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.site_urls"
