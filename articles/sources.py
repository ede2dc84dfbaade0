"""Where export files come from: paths, directories and standard input.

Reading is apart from parsing so that every way a source can fail (missing,
unreadable, too large, a directory with nothing to import, a link that loops)
is reported once, with the path, before any text is looked at. Finding files
is apart from reading them: an archive of many thousands of files is listed
first (so progress can show "12/1000") and read one file at a time, never held
in memory all at once.
"""

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"
# What a directory is searched for: the plain-text export and ninjs documents.
EXTENSIONS = (".txt", ".json")


@dataclass(frozen=True)
class Source:
    """One export file to import: found (``path``), read (``data``) or failed (``error``)."""

    name: str
    data: bytes | None = None
    error: str | None = None
    path: Path | None = None

    def read(self) -> "Source":
        """This source with its bytes, or with the reason they cannot be had."""
        if self.path is None or self.data is not None or self.error is not None:
            return self
        return _read(self.path)


def is_ninjs(source: Source) -> bool:
    """Whether a source is read as ninjs: a ``*.json`` file, or standard input starting ``{``.

    Files are told by their extension alone (any other is the plain-text
    export). Standard input has none, so its first character decides: a
    plain-text export starts with its headline, and no headline starts with "{".
    """
    if source.path is not None or source.name != STDIN_NAME:
        return source.name.lower().endswith(".json")
    return (source.data or b"").lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _read(path: Path) -> Source:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Source(name, error=_too_large(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Source(name, error="no such file")
    except PermissionError:
        return Source(name, error="permission denied: the file cannot be read")
    except IsADirectoryError:
        return Source(name, error="is a directory")
    except OSError as exc:
        return Source(name, error=f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return Source(name, error=_too_large(len(data)))
    return Source(name, data)


def _too_large(size: int) -> str:
    return f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB"


def _walk(directory: Path) -> Iterator[Path]:
    """Every ``*.txt`` and ``*.json`` below ``directory``, sorted, each directory visited once.

    Symbolic links are followed, but a directory already seen (by device and
    inode) is skipped, so a link that points back up the tree cannot loop.
    """
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(directory, followlinks=True):
        stat = os.stat(root)
        if (stat.st_dev, stat.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs.sort()
        for filename in sorted(files):
            if filename.endswith(EXTENSIONS):
                yield Path(root) / filename


def find_sources(paths: list[str], stdin: object = None) -> Iterator[Source]:
    """Each file the operator named, in order, not yet read.

    Directories expand to ``*.txt`` and ``*.json``.

    Standard input is read here, as it can be read only once.
    """
    for raw in paths:
        if raw == STDIN:
            stream = stdin or sys.stdin
            data = (
                stream.buffer.read(MAX_BYTES + 1)
                if hasattr(stream, "buffer")
                else stream.read(MAX_BYTES + 1)
            )
            if isinstance(data, str):
                data = data.encode("utf-8")
            if len(data) > MAX_BYTES:
                yield Source(STDIN_NAME, error=_too_large(len(data)))
            else:
                yield Source(STDIN_NAME, data)
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield Source(raw, error=f"cannot be read: {exc.strerror or exc}")
            continue
        if not is_dir:
            yield Source(raw, path=path)
            continue
        if not os.access(path, os.R_OK | os.X_OK):
            yield Source(raw, error="permission denied: the directory cannot be read")
            continue
        found = False
        for file_path in _walk(path):
            found = True
            yield Source(str(file_path), path=file_path)
        if not found:
            yield Source(raw, error="the directory holds no *.txt or *.json files")
