"""Plain-text exports parsed in a second process import exactly as those parsed in the writer."""

import pickle

import pytest

from articles import parse_ahead
from articles.formats.parsed import ParseError
from articles.management.commands import import_articles
from tests.exports import export_text, write_export
from tests.import_corpus import corpus, empty_the_database, imported, run, stored_story

pytestmark = pytest.mark.django_db


def files(tmp_path) -> list[str]:
    batch = tmp_path / "batch"
    batch.mkdir()
    paths = corpus(batch)
    no_copyright = export_text("Unsigned story", copyright_line="The end.")
    paths.append(str(write_export(batch, "08.txt", no_copyright)))
    return paths


@pytest.fixture
def ahead_used(monkeypatch):
    """Batches of three, every run parsed ahead; counts the batches the second process parsed."""
    monkeypatch.setattr(import_articles, "BATCH", 3)
    monkeypatch.setattr(parse_ahead, "AHEAD_FROM", 1)
    used = []
    real = parse_ahead.Pending.results

    def results(self):
        found = real(self)
        used.append(found is not None)
        return found

    monkeypatch.setattr(parse_ahead.Pending, "results", results)
    return used


def test_files_parsed_ahead_import_as_files_parsed_by_the_writer(
    tmp_path, monkeypatch, ahead_used, django_capture_on_commit_callbacks
):
    stored, paths = stored_story(tmp_path), files(tmp_path)

    ahead_lines, ahead = imported(stored, paths, django_capture_on_commit_callbacks)
    assert ahead_used and all(ahead_used)  # every batch came from the second process
    empty_the_database()
    monkeypatch.setattr(parse_ahead, "AHEAD_FROM", 10**9)
    here_lines, here = imported(stored, paths, django_capture_on_commit_callbacks)

    assert ahead_lines == here_lines
    assert ahead == here
    # The reason and its line came back from the second process whole.
    unsigned = [line for line in ahead_lines if paths[-1] in line]
    assert len(unsigned) == 1
    assert unsigned[0].startswith(f"error: {paths[-1]}: line 10: no copyright line")


def test_a_second_process_that_dies_leaves_the_writer_to_parse(tmp_path, monkeypatch, ahead_used):
    real = parse_ahead.ParseAhead._round_trip

    def killed_first(self, texts):
        self._process.kill()
        self._process.wait()
        return real(self, texts)

    monkeypatch.setattr(parse_ahead.ParseAhead, "_round_trip", killed_first)
    paths = files(tmp_path)

    lines = run(*paths)

    assert ahead_used and not any(ahead_used)
    assert sorted(line.split()[0] for line in lines) == sorted(
        ["created"] * 5 + ["unchanged", "error:", "error:", "2"]
    )


def test_a_parse_error_keeps_its_line_across_processes():
    error = pickle.loads(pickle.dumps(ParseError("no copyright line", 8)))  # noqa: S301

    assert (error.reason, error.line, str(error)) == (
        "no copyright line",
        8,
        "line 8: no copyright line",
    )
