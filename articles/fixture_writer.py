"""Articles as a ``loaddata`` fixture, written without touching the database.

The fixture names every object by natural key (slug or UUID), never by id, so
loading it into a database that already holds some of them updates those rows
instead of overwriting unrelated ones.
"""

import json
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer

from articles.importer import ArticleGraph
from articles.text.headlines import headline_key


class _UnsavedSerializer(Serializer):
    """Django's serializer, taking many-to-many values from the graph, not the database."""

    def __init__(self, m2m: dict[int, dict[str, list[Any]]]) -> None:
        super().__init__()
        self._m2m = m2m

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        if field.remote_field.through._meta.auto_created:
            related = self._m2m.get(id(obj), {}).get(field.name, [])
            self._current[field.name] = [item.natural_key() for item in related]


def write_fixture(graphs: Iterable[ArticleGraph], out: TextIO) -> int:
    """Write the articles and what they need; return how many objects were written."""
    graphs = list(graphs)
    by_key = {graph.article.headline_key: graph.article for graph in graphs}
    shared: dict[tuple[str, tuple], Any] = {}
    articles, images, links, m2m = [], [], [], {}
    slugs: set[str] = set()

    def once(obj: Any) -> Any:
        key = (obj._meta.label_lower, obj.natural_key())
        return shared.setdefault(key, obj)

    for graph in graphs:
        article = graph.article
        article.publisher = once(graph.publisher)
        base, n = article.slug, 2
        while article.slug in slugs:
            article.slug, n = f"{base}-{n}", n + 1
        slugs.add(article.slug)
        if graph.image:
            if graph.photographer:
                graph.image.photographer = once(graph.photographer)
            images.append(graph.image)
        m2m[id(article)] = {"tags": [once(tag) for tag in graph.tags]}
        articles.append(article)
        for link in graph.related:
            link.target = by_key.get(headline_key(link.headline))
            links.append(link)

    objects = [*shared.values(), *images, *articles, *links]
    data = _UnsavedSerializer(m2m).serialize(
        objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    json.dump(data, out, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    out.write("\n")
    return len(objects)
