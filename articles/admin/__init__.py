"""The newsroom's admin: one module per thing editors work on.

Importing the modules registers their ModelAdmins with the default site.
"""

from articles.admin import article, images, people, taxonomy

__all__ = ["article", "images", "people", "taxonomy"]
