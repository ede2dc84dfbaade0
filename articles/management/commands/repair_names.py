"""``manage.py repair_names``: proper slugs for rows an older importer named "article".

Before slugs were transliterated, a name in Greek, Cyrillic, Arabic or
Chinese script had nothing left once slugified, and the importer fell back to
``article`` (``article-2`` … for articles). This command gives every author,
publisher, section and tag whose slug is that fallback, or empty, the slug its
name transliterates to, unique as on save.

What it cannot do: two people whose credits were merged into one row look
like one person in the database. Re-importing their export files with
``import_articles --recheck-credits`` credits each picture to the person its
file names again. Article addresses are left alone: they were unique, and
changing them would break links readers already have.
"""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction

from articles.models import Author, Publisher, Section, Tag
from articles.slugs import slug_for_model, unique_slug

OLD_FALLBACK = re.compile(r"article(?:-\d+)?")
MODELS: tuple[type[models.Model], ...] = (Author, Publisher, Section, Tag)


def needs_a_new_slug(row: models.Model) -> bool:
    """An empty slug, or the old fallback where the name transliterates to something else."""
    if not row.slug:
        return True
    base = slug_for_model(type(row), row.name)
    own = row.slug == base or re.fullmatch(re.escape(base) + r"-\d+", row.slug)
    return bool(OLD_FALLBACK.fullmatch(row.slug)) and not own


def repair(row: models.Model) -> str:
    """Give ``row`` the slug of its name, free in its scope; return the new slug."""
    scope = type(row)._default_manager.exclude(pk=row.pk)
    if isinstance(row, Tag):
        scope = scope.filter(kind=row.kind)
    row.slug = unique_slug(scope, slug_for_model(type(row), row.name))
    row.save(update_fields=["slug"])
    return row.slug


class Command(BaseCommand):
    help = (
        "Give authors, publishers, sections and tags whose slug is the old fallback "
        "(article, article-2 …) or empty the transliteration of their name. Prints one "
        "line per row changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        suffix = " (dry run)" if options["dry_run"] else ""
        repaired = people = 0
        with transaction.atomic():
            for model in MODELS:
                label = model._meta.model_name
                for row in model._default_manager.order_by("pk"):
                    if not needs_a_new_slug(row):
                        continue
                    old = row.slug or '""'
                    new = repair(row)
                    self.stdout.write(f"{label} {row.pk} {row.name}: {old} -> {new}{suffix}")
                    repaired += 1
                    people += model is Author
            if options["dry_run"]:
                transaction.set_rollback(True)
        if not repaired:
            self.stdout.write("Nothing to repair: every slug is its name's.")
            return
        self.stdout.write(f"{repaired} slugs repaired{suffix}.")
        if people:
            self.stdout.write(
                "Credits merged into one person cannot be told apart from the database: "
                "re-import the export files with `import_articles --recheck-credits`."
            )
