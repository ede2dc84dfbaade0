"""Command-line options as operators meet them: a date type, and bad options told in one line."""

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class OneLineErrorsCommand(BaseCommand):
    """A bad option prints ``error: …`` on one line and exits with status 2.

    Django's parser prints argparse's usage block first, which buries the one
    line that says what is wrong; ``--help`` still shows the usage.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str) -> None:
            if parser.called_from_command_line:
                parser.exit(2, f"error: {message} (see: {prog_name} {subcommand} --help)\n")
            raise CommandError(f"Error: {message}")

        parser.error = error
        return parser


def day(value: str) -> datetime.date:
    """A ``YYYY-MM-DD`` option's date, or argparse's "argument --since: …" error.

    ``ArgumentTypeError``, not ``CommandError``: argparse turns only the former
    into its own error line; anything else escapes ``manage.py`` as a traceback.
    """
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {value!r}") from exc
