"""The next batch of plain-text exports parsed in a second process while this one is written.

Parsing (the entity rules above all) is a third of a large import's time and
needs no database, so on a machine with a second core it runs there, a batch
ahead of the writes. A run too small to pay for starting the process parses
where it writes, and so does a run whose second process cannot start or dies:
the results are the same either way.

The second process is a fresh interpreter running this module, fed pickled
export bytes on its standard input and answering pickled articles on its
standard output; one thread here does each batch's round trip in turn. Not
``multiprocessing``: its spawned children import the caller's main script
again, which re-runs any script that calls the command without a
``__name__ == "__main__"`` guard.

ninjs documents are always parsed where they are written: their parser reads
the site's settings (its own addresses), which only that process is sure to have.
"""

import contextlib
import os
import pickle
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from articles.formats import plaintext
from articles.formats.parsed import ParsedArticle, ParseError
from articles.sources import Source, is_ninjs

# Plain-text files to parse from which a second process is started (it takes about
# a third of a second to start; a run of this many files takes about two).
AHEAD_FROM = 300
ROOT = Path(__file__).resolve().parent.parent

Parsed = ParsedArticle | ParseError


def parse_exports(texts: list[bytes]) -> list[Parsed]:
    """Each plain-text export's article, or the ParseError saying why it is none."""
    parsed: list[Parsed] = []
    for data in texts:
        try:
            parsed.append(plaintext.parse(plaintext.decode(data)))
        except ParseError as exc:
            parsed.append(exc)
    return parsed


def parsed_here(source: Source) -> bool:
    """Whether a source to import must be parsed in the writing process (ninjs, unread)."""
    return source.data is None or source.error is not None or is_ninjs(source)


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The second process: parse each batch it is sent, until its input ends."""
    while True:
        try:
            texts = pickle.load(requests)  # noqa: S301 (sent by the process that started this one)
        except EOFError:
            return
        pickle.dump(parse_exports(texts), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


class Pending:
    """A batch's plain-text files being parsed elsewhere, by their place in the batch."""

    def __init__(self, places: list[int], job: Future) -> None:
        self._places, self._job = places, job

    def results(self) -> dict[int, Parsed] | None:
        """The parsed files by place, or None if the second process failed them."""
        try:
            return dict(zip(self._places, self._job.result(), strict=True))
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            return None


class ParseAhead:
    """The second process, when the run is worth one: ``submit()`` a batch, read it later."""

    def __init__(self, files: int) -> None:
        self._process: subprocess.Popen | None = None
        self._trips: ThreadPoolExecutor | None = None
        if files < AHEAD_FROM or (os.cpu_count() or 1) < 2:
            return
        command = [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from articles import parse_ahead; "
            "parse_ahead.serve(sys.stdin.buffer, sys.stdout.buffer)",
            str(ROOT),
        ]
        try:
            # A fixed command: this interpreter, this module.
            self._process = subprocess.Popen(  # noqa: S603
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        except OSError:
            return
        self._trips = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse-ahead")

    def submit(self, batch: list[tuple[Source, str, str | None]]) -> Pending | None:
        """Start parsing the batch's plain-text files that are to be imported (not known
        unchanged); None when they are parsed where they are written."""
        if self._trips is None:
            return None
        places = [
            at
            for at, (source, _, unchanged_at) in enumerate(batch)
            if unchanged_at is None and not parsed_here(source)
        ]
        if not places:
            return None
        texts = [batch[at][0].data for at in places]
        return Pending(places, self._trips.submit(self._round_trip, texts))

    def _round_trip(self, texts: list[bytes]) -> list[Parsed]:
        process = self._process
        pickle.dump(texts, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
        return pickle.load(process.stdout)  # noqa: S301 (this process's own child answers)

    def close(self) -> None:
        """Let the second process finish and end (its input closed)."""
        if self._trips is not None:
            self._trips.shutdown(wait=True, cancel_futures=True)
            self._trips = None
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def __enter__(self) -> "ParseAhead":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
