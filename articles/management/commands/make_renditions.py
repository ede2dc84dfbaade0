"""``manage.py make_renditions``: make the resized copies of pictures already stored.

Uploads get theirs when they are saved (a task the worker runs); this is for
pictures stored before that, and for operators who changed PICTURE_WIDTHS or
PICTURE_CARD_WIDTHS. With ``--queue`` the pictures go to the worker instead of
being made in this process.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import Image
from articles.renditions import is_queued, queue, remake


class Command(BaseCommand):
    help = (
        "Make the renditions (resized AVIF, WebP and JPEG copies, and card crops) of every "
        "picture with a file, replacing those it had. Prints one line per picture: "
        "made <count> <file>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only pictures that have no renditions yet and none waiting in the queue.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Put each picture on the task queue for the worker; prints queued <file>.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        images = Image.objects.exclude(file="").order_by("pk")
        if options["missing"]:
            images = images.filter(renditions=[])
        failures = 0
        for image in images.iterator():
            if options["missing"] and is_queued(image):
                continue
            if options["queue"]:
                queue(image.pk, image.file.name, (image.focal_x, image.focal_y))
                self.stdout.write(f"queued {image.file.name}")
                continue
            try:
                made = remake(image)
            except Exception as exc:  # one unreadable picture must not stop the rest
                failures += 1
                self.stderr.write(f"failed {image.file.name}: {exc}")
                continue
            self.stdout.write(f"made {len(made)} {image.file.name}")
        if failures:
            raise CommandError(f"{failures} picture(s) could not be read; they show the original.")
