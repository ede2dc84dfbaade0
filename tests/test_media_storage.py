"""Uploads and renditions in an S3-compatible bucket, over HTTP to moto's S3 server.

The server runs in this process on a free port of 127.0.0.1 for the whole module;
each test gets a new, empty bucket. The storage is configured the way settings.py
does it (``newsportal.media_storage``), and nothing is read from local disk.
"""

import io
import itertools
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage

from articles.models import Image
from newsportal.media_storage import CACHE_CONTROL, media_storage
from tests import factories, pictures
from tests.test_picture_desk import upload_in_admin

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"access_key": "test-key", "secret_key": "test-secret"}
_buckets = itertools.count(1)


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A new bucket, and the site's media storage pointed at it (MEDIA_ROOT leads nowhere)."""
    name = f"np-media-{next(_buckets)}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=name)
    # Readers fetch pictures straight from the bucket: anyone may read, as docs/deploy.md says.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    storage = media_storage(
        bucket=name, endpoint_url=s3_endpoint, region="us-east-1", media_url="/media/", **KEYS
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage.backend}
    settings.MEDIA_ROOT = tmp_path / "not-used"
    settings.PICTURE_WIDTHS = [16, 32]
    settings.PICTURE_CARD_WIDTHS = [16]
    client.name = name
    client.base_url = f"{s3_endpoint}/{name}"
    return client


def keys_in(bucket) -> set[str]:
    listed = bucket.list_objects_v2(Bucket=bucket.name).get("Contents", [])
    return {item["Key"] for item in listed}


def fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:"), url  # only the local test server
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.read()


def test_an_upload_through_the_picture_desk_lands_in_the_bucket_with_its_renditions(
    admin_client, bucket, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_in_admin(admin_client, pictures.jpeg((64, 48)))

    image = Image.objects.get()
    names = {r["name"] for r in image.renditions}
    assert {(r["format"], r["width"]) for r in image.renditions} >= {("jpeg", 16), ("jpeg", 32)}
    assert keys_in(bucket) == {image.file.name} | names
    assert not Path(settings.MEDIA_ROOT).exists()
    webp = next(r for r in image.renditions if r["format"] == "webp" and r["width"] == 32)
    head = bucket.head_object(Bucket=bucket.name, Key=webp["name"])
    assert (head["ContentType"], head["CacheControl"]) == ("image/webp", CACHE_CONTROL)
    body = bucket.get_object(Bucket=bucket.name, Key=webp["name"])["Body"].read()
    assert pictures.opened(body).size == (32, 24)


def test_the_article_page_points_at_the_pictures_in_the_bucket(
    client, admin_client, bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_in_admin(admin_client, pictures.jpeg((64, 48)))
    image = Image.objects.get()
    article = factories.article(lead_image=image)

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    jpegs = sorted(
        (r for r in image.renditions if r["format"] == "jpeg" and not r["crop"]),
        key=lambda r: r["width"],
    )
    srcset = ", ".join(f"{bucket.base_url}/{r['name']} {r['width']}w" for r in jpegs)
    assert f'srcset="{srcset}"' in html
    assert f'<img src="{bucket.base_url}/{jpegs[-1]["name"]}"' in html
    # What the page names is what a browser gets from the bucket.
    smallest = PILImage.open(io.BytesIO(fetch(f"{bucket.base_url}/{jpegs[0]['name']}")))
    assert (smallest.format, smallest.width) == ("JPEG", jpegs[0]["width"])
    assert fetch(f"{bucket.base_url}/{image.file.name}").startswith(b"\xff\xd8")


def test_replacing_and_deleting_a_picture_removes_its_renditions_from_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = factories.image(
            file=ContentFile(pictures.jpeg((64, 48)), name="a.jpg"),
            alt_text="A",
        )
    image.refresh_from_db()
    assert image.renditions
    assert keys_in(bucket) == {image.file.name} | {r["name"] for r in image.renditions}
    # Originals are kept, as on local disk (Django never deletes a replaced file).
    originals = {image.file.name}
    with django_capture_on_commit_callbacks(execute=True):
        image.file = ContentFile(pictures.jpeg((48, 64)), name="b.jpg")
        image.save()
    image.refresh_from_db()
    originals.add(image.file.name)
    assert keys_in(bucket) == originals | {r["name"] for r in image.renditions}

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert keys_in(bucket) == originals


def test_two_uploads_with_one_name_are_both_kept(bucket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.image(file=ContentFile(pictures.jpeg((64, 48)), name="a.jpg"))
        second = factories.image(file=ContentFile(pictures.jpeg((48, 64)), name="a.jpg"))

    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= keys_in(bucket)


# Settings ------------------------------------------------------------------------


def test_a_cdn_address_in_media_url_is_what_pages_link_to():
    storage = media_storage(bucket="np-media", media_url="https://cdn.example.org/media/", **KEYS)

    url = S3Storage(**storage.backend["OPTIONS"]).url("images/2026/12/a.320w.webp")

    assert url == "https://cdn.example.org/media/images/2026/12/a.320w.webp"
    assert storage.origin == "https://cdn.example.org"


def test_without_a_bucket_uploads_stay_on_local_disk():
    storage = media_storage(media_url="/media/")
    assert storage.backend == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storage.origin is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"endpoint_url": "http://127.0.0.1:9000"}, "MEDIA_STORAGE_BUCKET is not"),
        ({"bucket": "Media_Bucket"}, "MEDIA_STORAGE_BUCKET='Media_Bucket' is not a bucket name"),
        (
            {"bucket": "media", "endpoint_url": "s3.example.net"},
            "MEDIA_STORAGE_ENDPOINT_URL='s3.example.net' is not an address",
        ),
        ({"bucket": "media", "access_key": "only-one"}, "Set both AWS_ACCESS_KEY_ID and"),
        ({"bucket": "media", "media_url": "ftp://cdn/"}, "MEDIA_URL='ftp://cdn/' is not"),
    ],
)
def test_bad_storage_settings_are_named(values, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(")):
        media_storage(**values)


def test_settings_read_the_bucket_from_the_environment_and_allow_it_in_the_csp():
    """The settings module itself, started as a deploy starts it."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['default'], s.SECURE_CSP['img-src']]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        "DEBUG": "on",
        "MEDIA_STORAGE_BUCKET": "np-media",
        "MEDIA_STORAGE_ENDPOINT_URL": "https://objects.example.net",
        "MEDIA_STORAGE_REGION": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "MEDIA_URL": "/media/",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    backend, img_src = json.loads(result.stdout)

    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {
        key: backend["OPTIONS"][key]
        for key in ("bucket_name", "endpoint_url", "region_name", "access_key", "secret_key")
    } == {
        "bucket_name": "np-media",
        "endpoint_url": "https://objects.example.net",
        "region_name": "eu-central-1",
        "access_key": "key",
        "secret_key": "secret",
    }
    assert img_src[-1] == "https://objects.example.net"
