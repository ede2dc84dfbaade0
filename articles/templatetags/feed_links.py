"""``{% feed_links subject %}``: the <head> links that let a feed reader find a page's feeds."""

from django import template

from articles.feeds import FORMATS, Subject, feed_address, feed_title

register = template.Library()

NAMES = {"rss": "RSS", "atom": "Atom"}


@register.inclusion_tag("articles/includes/feed_links.html")
def feed_links(subject: Subject = None) -> dict[str, list[dict[str, str]]]:
    """The RSS and Atom feeds about ``subject`` (a section, tag or author; none: the site).

    No query: the addresses are built from the subject's slug and kind.
    """
    title = feed_title(subject)
    return {
        "feeds": [
            {
                "type": generator.content_type.split(";")[0],
                "title": f"{title} ({NAMES[generator.format]})",
                "href": feed_address(subject, generator),
            }
            for generator in FORMATS
        ]
    }
