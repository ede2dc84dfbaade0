"""Writing in the article form as an editor does: the body is a rich-text editor."""


def replace_body(page, text: str) -> None:
    """Replace the body's text by typing ``text`` into the rich-text editor (one paragraph)."""
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
