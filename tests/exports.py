"""Build plain-text export files for tests, in the newsroom's layout."""

from collections.abc import Sequence
from pathlib import Path


def export_text(
    headline: str = "Council approves the new tram line",
    paragraphs: Sequence[str] = (
        "The city council approved the new tram line on 2 March 2026.",
        "Work starts in the spring.",
    ),
    *,
    caption: str | None = "The tram depot in Brussels. Jane Doe / Belga",
    related: Sequence[str] = (),
    copyright_line: str = "Copyright © 2026 The Brussels Times. All Rights Reserved.",
) -> str:
    parts = [headline, ""]
    if caption is not None:
        parts += [headline, caption, ""]
    for paragraph in paragraphs:
        parts += [paragraph, ""]
    if related:
        parts += ["Related News", *related, ""]
    parts.append(copyright_line)
    return "\n".join(parts)


def write_export(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
