"""Managers that find rows by natural key, so fixtures carry no database ids.

A fixture made by ``import_articles --fixture`` names its objects by slug or
UUID; ``loaddata`` then matches rows already in the database instead of
overwriting whatever happens to share an id.
"""

from typing import Any

from django.db import models


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Any:
        return self.get(slug=slug)


class UUIDManager(models.Manager):
    def get_by_natural_key(self, uuid: str) -> Any:
        return self.get(uuid=uuid)
