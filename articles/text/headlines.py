"""One headline, many spellings: the key that recognises it."""

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
    }
)
_SPACES = re.compile(r"\s+")


def headline_key(headline: str) -> str:
    """Case, spacing, quote and dash style removed: what makes two headlines the same."""
    text = unicodedata.normalize("NFKC", headline).casefold().translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()
