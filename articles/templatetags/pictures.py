"""``{% picture image crop=crop as picture %}``: what figure.html's ``<picture>`` shows."""

from django import template

from articles.models import Image
from articles.renditions import Picture, picture_for

register = template.Library()


@register.simple_tag
def picture(image: Image, crop: bool = False) -> Picture | None:
    """Read from the stored renditions list: no query and no storage access.

    A tag rather than a filter: an include that was not given ``crop`` passes ""
    here, where a filter's missing argument would stop the page.
    """
    return picture_for(image, crop=bool(crop))
