"""How long an article takes to read."""

import math
import re

from django.utils.html import strip_tags

# Adult silent reading of non-fiction runs at about 238 words a minute (Brysbaert 2019).
WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def word_count(*texts: str) -> int:
    """Words in plain text or HTML (tags are not words)."""
    return sum(len(_WORD.findall(strip_tags(text))) for text in texts)


def reading_minutes(*texts: str) -> int:
    """Whole minutes to read, rounded up; at least one for any text at all."""
    words = word_count(*texts)
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0
