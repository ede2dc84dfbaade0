"""Where uploads and their renditions are kept: the local disk, or an S3-compatible bucket.

Apart from settings.py so the rules can be read (and tested) on their own: given
the MEDIA_STORAGE_* values, the ``STORAGES["default"]`` entry Django uses for
every picture, and the origin pages load pictures from (the Content-Security-Policy
must allow it). Web nodes share nothing on disk once pictures are in a bucket,
so any number of them can run behind a load balancer.
"""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
# Rendition and upload names are never reused for other content (overwriting is
# off), so browsers and a CDN may keep each file for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


@dataclass(frozen=True)
class MediaStorage:
    backend: dict[str, Any]  # the STORAGES["default"] entry
    origin: str | None  # scheme://host pictures come from, if not the site itself


def media_storage(
    *,
    bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    media_url: str = "/media/",
) -> MediaStorage:
    """The storage for uploads: a bucket when one is named, else files under MEDIA_ROOT.

    ``media_url`` is MEDIA_URL: an absolute address there (the bucket's own, or
    a CDN in front of it) is what pages link to; otherwise the bucket's address
    on ``endpoint_url`` (or AWS's) is.
    """
    if not bucket:
        if endpoint_url:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE_ENDPOINT_URL is set but MEDIA_STORAGE_BUCKET is not: name the "
                "bucket uploads go to, or unset the endpoint to keep them on local disk."
            )
        return MediaStorage({"BACKEND": FILE_SYSTEM}, None)
    if not _BUCKET.fullmatch(bucket):
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_BUCKET={bucket!r} is not a bucket name: 3 to 63 lower-case "
            "letters, digits, dots and hyphens, starting and ending with a letter or digit."
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Pages need stable addresses a CDN can cache: no signed, expiring links.
        "querystring_auth": False,
        # Two uploads called photo.jpg in one month must not replace each other.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
    }
    origin = None
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        if endpoint.scheme not in {"http", "https"} or not endpoint.netloc:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_ENDPOINT_URL={endpoint_url!r} is not an address: give the "
                "scheme and host, for example https://s3.eu-central-1.example.net."
            )
        options["endpoint_url"] = endpoint_url
        # MinIO, Ceph, moto and most hosted S3 work with the bucket in the path.
        options["addressing_style"] = "path"
        origin = f"{endpoint.scheme}://{endpoint.netloc}"
    else:
        host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
        origin = f"https://{bucket}.{host}"
    if region:
        options["region_name"] = region
    if access_key or secret_key:
        if not (access_key and secret_key):
            raise ImproperlyConfigured(
                "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (the "
                "machine's own credentials, such as an instance role, are then used)."
            )
        options["access_key"], options["secret_key"] = access_key, secret_key
    public = urlsplit(media_url)
    if public.scheme:
        if public.scheme not in {"http", "https"} or not public.netloc:
            raise ImproperlyConfigured(
                f"MEDIA_URL={media_url!r} is not an address pictures can be fetched from."
            )
        options["custom_domain"] = f"{public.netloc}{public.path}".rstrip("/")
        options["url_protocol"] = f"{public.scheme}:"
        origin = f"{public.scheme}://{public.netloc}"
    return MediaStorage({"BACKEND": S3, "OPTIONS": options}, origin)
