"""Commands whose bad options are told in one line, as operators read them in a shell."""

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
