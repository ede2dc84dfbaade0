"""Short forms of long text: what a card shows of a standfirst."""

ELLIPSIS = "…"


def excerpt(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word's end, with "…" when cut.

    A single word longer than the limit (a pasted address, a run of letters)
    is cut mid-word rather than kept whole: the card must stay short.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    # One character more than fits: a space there means the cut falls between words.
    space = text.rfind(" ", 0, room + 1)
    cut = text[:space] if space > room // 2 else text[:room]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS
