"""Bad options on the command line: one ``error:`` line and a failing status, no traceback.

``call_command`` turns argparse's errors into a CommandError whatever the type
function raised, so these tests run the commands as ``manage.py`` does
(``run_from_argv``), where a type function that raises anything but
``argparse.ArgumentTypeError`` escapes as a traceback.
"""

import pytest
from django.core.management import load_command_class

pytestmark = pytest.mark.django_db


def run_from_command_line(name: str, *argv: str, capsys) -> tuple[int, str]:
    """The exit status and what the command wrote to stderr, run as from a shell."""
    command = load_command_class("articles", name)
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["manage.py", name, *argv])
    return exited.value.code, capsys.readouterr().err


def error_lines(stderr: str) -> list[str]:
    """What the command wrote to stderr, line by line: one line that says what is wrong."""
    return stderr.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--published", "2026-13-40", "x.txt"],
            "argument --published: a date as YYYY-MM-DD, not '2026-13-40'",
        ),
        (["--published", "", "x.txt"], "argument --published: a date as YYYY-MM-DD, not ''"),
        (["--published", "3 March", "x.txt"], "argument --published: a date as YYYY-MM-DD"),
        (["--published"], "argument --published: expected one argument"),
        (["--fixture"], "argument --fixture: expected one argument"),
        (["--verbosity", "9", "x.txt"], "argument -v/--verbosity: invalid choice"),
        ([], "the following arguments are required: PATH"),
        (["--no-such-option", "x.txt"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_import_articles_bad_options_print_one_error_line(capsys, argv, message):
    status, stderr = run_from_command_line("import_articles", *argv, capsys=capsys)
    assert status == 2
    assert "Traceback" not in stderr
    assert len(error_lines(stderr)) == 1
    assert error_lines(stderr)[0].startswith("error: ")
    assert error_lines(stderr)[0].endswith("(see: manage.py import_articles --help)")
    assert message in error_lines(stderr)[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "2026-13-40", "out"], "argument --since: a date as YYYY-MM-DD"),
        (["--until", "", "out"], "argument --until: a date as YYYY-MM-DD, not ''"),
        (["--since"], "argument --since: expected one argument"),
        (["--format"], "argument --format: expected one argument"),
        (["--section"], "argument --section: expected one argument"),
        (["--publisher"], "argument --publisher: expected one argument"),
        (["--verbosity", "x", "out"], "argument -v/--verbosity: invalid int value: 'x'"),
        ([], "the following arguments are required: OUTDIR"),
    ],
)
def test_export_articles_bad_options_print_one_error_line(capsys, argv, message):
    status, stderr = run_from_command_line("export_articles", *argv, capsys=capsys)
    assert status == 2
    assert "Traceback" not in stderr
    assert len(error_lines(stderr)) == 1
    assert message in error_lines(stderr)[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "xml"],
        ["--format", ""],
        ["--section", "nowhere"],
        ["--section", ""],
        ["--publisher", "nobody"],
        ["--since", "2026-02-04", "--until", "2026-02-03"],
    ],
)
def test_export_articles_refused_values_print_one_line(capsys, tmp_path, argv):
    status, stderr = run_from_command_line(
        "export_articles", *argv, str(tmp_path / "out"), capsys=capsys
    )
    assert status != 0
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


def test_export_articles_into_a_file_prints_one_line(capsys, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("")
    status, stderr = run_from_command_line("export_articles", str(target), capsys=capsys)
    assert status != 0
    assert stderr.strip() == f"CommandError: {target} is a file, not a directory."


@pytest.mark.parametrize(
    "argv",
    [
        ["missing.txt"],
        ["--fixture", "/no/such/directory/out.json", "SEED"],
    ],
)
def test_import_articles_refused_values_print_no_traceback(capsys, seed_path, argv):
    argv = [str(seed_path) if arg == "SEED" else arg for arg in argv]
    status, stderr = run_from_command_line("import_articles", *argv, capsys=capsys)
    assert status != 0
    assert "Traceback" not in stderr
    assert stderr.strip()
