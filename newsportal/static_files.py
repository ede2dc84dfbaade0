"""Refuse to serve without collected static files, saying so once, at start-up.

With the manifest storage (WhiteNoise's, the default) every ``{% static %}``
looks its file up in ``STATIC_ROOT/staticfiles.json``; without that file every
page fails with a 500 and a traceback per request. The server should instead
not start, with one line naming the fix: gunicorn.conf.py checks before any
worker boots, newsportal/wsgi.py for any other WSGI server, and
``manage.py check --deploy`` reports it too.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

FIX = "python manage.py collectstatic --noinput"


def missing_manifest() -> str | None:
    """What is missing, in one line with the command that makes it, or None."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.manifest_storage.exists(storage.manifest_name):
        return None
    path = storage.manifest_storage.path(storage.manifest_name)
    return (
        f"static files are not collected: {path} is missing (STATIC_ROOT={settings.STATIC_ROOT}); "
        f"run `{FIX}` before starting the server"
    )


def refuse_without_manifest() -> None:
    """Raise ImproperlyConfigured, one line saying what to run, if the manifest is missing.

    An exception, not SystemExit: a gunicorn worker that exits is started again,
    one whose application fails to load stops the server.
    """
    problem = missing_manifest()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_manifest(**kwargs: object) -> list[checks.CheckMessage]:
    problem = missing_manifest()
    if problem is None:
        return []
    return [checks.Error(problem, hint=f"Run `{FIX}`.", id="newsportal.E001")]
