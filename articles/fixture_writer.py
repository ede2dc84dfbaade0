"""Articles as a ``loaddata`` fixture, written without touching the database.

The fixture names every object by natural key (slug or UUID), never by id, so
loading it into a database that already holds some of them updates those rows
instead of overwriting unrelated ones.

As the importer does, it tells people, publishers and tags apart by name (and
kind), never by slug, and makes each slug unique within the fixture with the
same ``-2``, ``-3`` suffixes an import into an empty database gives. Without a
database it cannot know the slugs a site already uses: a fixture is for a new
site, or for one holding the same exports, where a slug names the same thing.
"""

import json
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer

from articles.importer import ArticleGraph
from articles.models import Byline
from articles.slugs import first_free
from articles.text.headlines import headline_key


class _UnsavedSerializer(Serializer):
    """Django's serializer, taking many-to-many values from the graph, not the database.

    Tags are written as the article's list, as for a plain many-to-many, though
    they go through ``Tagging``: ``loaddata`` sets them with ``article.tags``,
    which fills the taggings' copies of the article's status and time.
    """

    def __init__(self, m2m: dict[int, dict[str, list[Any]]]) -> None:
        super().__init__()
        self._m2m = m2m

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        # Bylines, written as rows of their own, are not among the graph's values.
        values = self._m2m.get(id(obj), {})
        if field.name in values:
            self._current[field.name] = [item.natural_key() for item in values[field.name]]


def write_fixture(graphs: Iterable[ArticleGraph], out: TextIO) -> int:
    """Write the articles and what they need; return how many objects were written."""
    graphs = list(graphs)
    by_key = {graph.article.headline_key: graph.article for graph in graphs}
    shared: dict[tuple, Any] = {}
    slugs: dict[tuple, set[str]] = {}
    articles, images, links, bylines, m2m = [], [], [], [], {}

    def unique(obj: Any, scope: tuple) -> None:
        taken = slugs.setdefault(scope, set())
        obj.slug = first_free(obj.slug, taken, obj._meta.get_field("slug").max_length)
        taken.add(obj.slug)

    def once(obj: Any) -> Any:
        """The first object of this name (tags: kind and name), its slug made unique."""
        label = obj._meta.label_lower
        scope = (label, obj.kind) if label == "articles.tag" else (label,)
        key = (*scope, obj.name)
        if key not in shared:
            shared[key] = obj
            unique(obj, scope)
        return shared[key]

    for graph in graphs:
        article = graph.article
        article.publisher = once(graph.publisher)
        unique(article, ("articles.article",))
        if graph.image:
            if graph.photographer:
                graph.image.photographer = once(graph.photographer)
            images.append(graph.image)
        if graph.section:
            article.section = once(graph.section)
        for position, author in enumerate(graph.authors or ()):
            bylines.append(Byline(article=article, author=once(author), position=position))
        m2m[id(article)] = {"tags": [once(tag) for tag in graph.tags]}
        articles.append(article)
        for link in graph.related:
            link.target = by_key.get(headline_key(link.headline))
            links.append(link)

    objects = [*shared.values(), *images, *articles, *links, *bylines]
    data = _UnsavedSerializer(m2m).serialize(
        objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    json.dump(data, out, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    out.write("\n")
    return len(objects)
