"""The slug field in the admin: optional, made on the server from the name.

Django's prepopulated slugs come from the browser's URLify, which writes Greek
θ as "8" and drops Chinese altogether, and differs from what the importer
makes. So these forms do not prepopulate: an empty slug is filled on save by
the model, with the transliteration every other way in uses.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import Field
from django.http import HttpRequest


class SlugFromNameAdmin(admin.ModelAdmin):
    """A ModelAdmin whose slug may be left empty, to be made from ``slug_source``."""

    slug_source = "name"

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.required = False
            field.help_text = (
                f"Used in addresses. Leave it empty to have it made from the {self.slug_source} "
                "when you save: Γιώργος Νικολάου becomes giorgos-nikolaou."
            )
        return field
