"""A million articles for bench/site.py: the importer's rows, written with PostgreSQL COPY.

Importing a million export files takes hours (parsing alone, entity finding
most of it, is ~7 ms a file here). The newsroom's articles are
made of ``STORIES`` stories (bench/newsroom.py): article ``n`` tells story
``n % STORIES`` with its own headline, date and Related News. So this loader
runs the importer's own code once a story (``plaintext.parse``,
``importer.build``, ``tagging.persist_tags``, ``importer.persist_person``)
and, for each article, only the parts that depend on ``n``, with the same
functions the importer uses: ``uuid5`` identity, ``slug_for_model``,
``headline_key``, ``publication_time``, ``checksum`` of the parsed article,
``file_checksum`` of the file's bytes, ``content_fingerprint``, the
``StateChange`` of an import, Related News with their targets, tags, the
search vector (``articles.search.postgresql._VECTOR``, parts shared by a
story computed once) and the bench's own sections, bylines and picture files
(bench/newsroom.py's ``section_at``, ``reporters_at``, ``picture_at``).

It writes the ``count - newest`` oldest articles, ids 1 upwards in file order,
as ``import_articles`` would over the whole corpus; the ``newest`` ones are
then imported for real by bench/site.py (whose links to them it resolves as
for any import). Not written: django-reversion's revision rows (one per
import; no page reads them), so an editor's first save starts an article's
history. tests/test_bench_bulk.py loads a small corpus both ways and compares
every other table, row for row. Before it writes, ``check()`` parses a sample
of the articles it is about to write the way the importer does and stops if
any differs from what it derived (parsed article, file bytes, checksum).

Speed: 998,000 articles in 938 s on the shared 2-core machine (load average
2-3), about 1,060 a second, so a million takes ~16 minutes there; most of it is
Python building each row (JSON checksums, hashes, COPY text) and PostgreSQL
keeping the article table's indexes during COPY.
"""

import dataclasses
import datetime
import hashlib
import io
import json
import random
import time
import uuid
from types import SimpleNamespace

from bench import newsroom

CHUNK = 20_000
CHECKED = 50


def _parsed(n: int):
    from articles.formats import plaintext

    return plaintext.parse(plaintext.decode(_bytes(n)))


def _bytes(n: int, article=None) -> bytes:
    from articles.formats.plaintext import render

    return render(article or newsroom.article_of(n)).encode("utf-8")


def _derived(story, n: int, article=None):
    """The ParsedArticle of article ``n`` from its story's: what parsing its file gives."""
    article = article or newsroom.article_of(n)
    return dataclasses.replace(
        story,
        headline=article.headline,
        copyright_year=article.copyright_year,
        lead_image=dataclasses.replace(story.lead_image, caption=article.lead_image.caption),
        related_headlines=article.related_headlines,
        publication_date=newsroom.day_of(n),
    )


class _Story:
    """What one story's articles share, worked out once: the file's middle, the checksum's facts."""

    def __init__(self, k: int, parsed) -> None:
        from articles.formats.plaintext import caption_line_of, render

        article = newsroom.article_of(k)
        rendered = render(article)
        caption = caption_line_of(article.lead_image)
        head = f"{article.headline}\n\n{article.headline}\n{caption}\n\n"
        self.middle = rendered[len(head) : rendered.index("Related News\n")]
        self.credit = caption[len(article.lead_image.caption) :]
        self.parsed = parsed
        self.facts = dataclasses.asdict(parsed)

    def file(self, article) -> bytes:
        """The export file of ``article`` (one of this story's), as ``render()`` writes it."""
        from articles.formats.plaintext import RELATED_MARKER, copyright_line

        related = "".join(text + "\n" for text in article.related_headlines)
        return (
            f"{article.headline}\n\n{article.headline}\n{article.lead_image.caption}"
            f"{self.credit}\n\n{self.middle}{RELATED_MARKER}\n\n{related}\n"
            f"{copyright_line(article.copyright_year, article.publisher)}\n"
        ).encode()

    def checksum(self, parsed, options) -> str:
        """``importer.checksum(parsed)``, from the story's facts with this article's put in."""
        from articles import importer

        facts = {
            **self.facts,
            "headline": parsed.headline,
            "copyright_year": parsed.copyright_year,
            "lead_image": {**self.facts["lead_image"], "caption": parsed.lead_image.caption},
            "related_headlines": parsed.related_headlines,
            "publication_date": parsed.publication_date,
        }
        payload = {"article": importer._facts(facts), "published": options.published}
        encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def check(count: int, newest: int, stories: dict, options) -> None:
    """Parse a sample of the articles to be written, as the importer would; stop on a difference."""
    from articles import importer

    rng = random.Random(count)  # noqa: S311 - a repeatable sample
    sample = [newest, count - 1, *rng.sample(range(newest, count), min(CHECKED, count - newest))]
    for n in sample:
        story = stories[n % newsroom.STORIES]
        parsed = _parsed(n)
        derived = _derived(story.parsed, n)
        if parsed != derived:
            raise SystemExit(f"bench/bulk.py: article {n} parses otherwise than derived")
        if story.file(newsroom.article_of(n)) != _bytes(n):
            raise SystemExit(f"bench/bulk.py: article {n}'s file is not the one derived")
        if story.checksum(derived, options) != importer.checksum(parsed, options):
            raise SystemExit(f"bench/bulk.py: article {n}'s checksum is not the one derived")


def _copy(cursor, table: str, columns: str, buffer: io.StringIO) -> None:
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


class _Raw(str):
    """Text already escaped for COPY."""


def _text(value) -> str:
    if isinstance(value, _Raw):
        return value
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _row(*values) -> str:
    return "\t".join(_text(value) for value in values) + "\n"


def load(count: int, newest: int) -> dict[str, float]:
    """Write articles ``newest`` … ``count - 1`` (the oldest) as the importer would: figures.

    Call on an empty, migrated PostgreSQL database, before importing the
    ``newest`` files.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from articles import importer, tagging
    from articles.models import Article, StateChange
    from articles.search import documents as search_documents
    from articles.search.postgresql import CONFIG
    from articles.shown_bylines import copy_of
    from articles.shown_tags import copy_of as tags_copy_of
    from articles.slugs import slug_for_model
    from articles.text.headlines import fold_headline, headline_key
    from articles.versioning import content_fingerprint

    if connection.vendor != "postgresql":
        raise SystemExit("bench/bulk.py writes with PostgreSQL COPY: use --db postgres")
    if newest >= count:
        return {"bulk_articles": 0}
    started = time.perf_counter()
    options = importer.ImportOptions()
    stories = {k: _Story(k, _parsed(k)) for k in range(min(newsroom.STORIES, count))}
    check(count, newest, stories, options)
    now = timezone.now()
    lookups = importer.Lookups()
    vocabulary = tagging.load_vocabulary()
    built = {k: importer.build(story.parsed, options, vocabulary) for k, story in stories.items()}
    publisher = importer.persist_publisher(built[0].publisher, lookups)
    # Every photographer of the corpus in file order, then the desk's reporters: the
    # people's ids and slugs are then those of importing every file, then enrich().
    for n in range(count - 1, max(-1, count - 1 - newsroom.STORIES), -1):
        importer.persist_person(built[n % newsroom.STORIES].photographer, lookups)
    sections, reporters = newsroom.desk()
    tag_ids: dict[tuple[str, str], int] = {}
    story_tags: dict[int, list[int]] = {}
    story_names: dict[int, str] = {}
    story_copies: dict[int, str] = {}
    slugs: set[str] = set()
    escaped: dict[int, tuple[str, str]] = {}
    keys: dict[int, str] = {}
    links = taggings = 0
    figures: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_text (article_id bigint, story int, headline text,"
            " caption text) ON COMMIT DROP"
        )
        buffers = {name: io.StringIO() for name in ("a", "i", "t", "r", "s", "b", "x")}
        first_file = count - 1  # n of the oldest article: file 0, id 1
        for n in range(count - 1, newest - 1, -1):
            pk = first_file - n + 1
            k = n % newsroom.STORIES
            graph = built[k]
            if k not in story_tags:
                # The story's tags, found or made in file order as the importer does.
                graph = importer.build(stories[k].parsed, options, vocabulary)
                rows, created = tagging.persist_tags(graph.tags)
                for tag in created:
                    tagging.learn(vocabulary, tag)
                for tag in rows:
                    tag_ids[(tag.kind, tag.name)] = tag.pk
                story_tags[k] = [tag.pk for tag in rows]
                story_names[k] = " ".join(sorted(tag.name for tag in rows))
                story_copies[k] = json.dumps(tags_copy_of(rows))
                built[k] = graph
                escaped[k] = (_text(graph.article.standfirst), _text(graph.article.body))
            photographer = importer.persist_person(graph.photographer, lookups)
            article = newsroom.article_of(n)
            parsed = _derived(stories[k].parsed, n, article)
            headline = parsed.headline
            # An article's key was worked out for the Related News of the one before it.
            key = keys.pop(n, None) or headline_key(headline)
            article_uuid = uuid.uuid5(
                importer.NAMESPACE, f"{publisher.slug}\n{fold_headline(headline)}"
            )
            slug = slug_for_model(Article, headline)
            if slug in slugs:
                raise SystemExit(f"bench/bulk.py: two articles would share the slug {slug}")
            slugs.add(slug)
            published_at = importer.publication_time(parsed, options)
            image = SimpleNamespace(
                caption=parsed.lead_image.caption,
                agency=graph.image.agency,
                photographer_id=photographer.pk,
                alt_text="",
            )
            related = []
            for position, text in enumerate(parsed.related_headlines):
                m = max(0, n - 3) + position
                if m not in keys:
                    keys[m] = headline_key(text)
                link_key = keys[m]
                if link_key != key:
                    related.append((text, link_key, position))
            fingerprint = content_fingerprint(
                SimpleNamespace(
                    headline=headline,
                    standfirst=graph.article.standfirst,
                    body=graph.article.body,
                    copyright_year=parsed.copyright_year,
                    section_id=None,
                    lead_image_id=pk,
                    lead_image=image,
                ),
                tag_ids=story_tags[k],
                author_ids=[],
                links=[(None, text) for text, _, _ in related],
            )
            index = pk - 1
            buffers["i"].write(
                _row(
                    pk,
                    uuid.uuid5(article_uuid, "lead-image"),
                    newsroom.picture_at(index),
                    newsroom.PICTURE_SIZE[0],
                    newsroom.PICTURE_SIZE[1],
                    "",
                    image.caption,
                    image.agency,
                    "",
                    now,
                    photographer.pk,
                    50,
                    50,
                    "[]",
                )
            )
            buffers["a"].write(
                _row(
                    pk,
                    article_uuid,
                    headline,
                    slug,
                    _Raw(escaped[k][0]),
                    _Raw(escaped[k][1]),
                    Article.Status.PUBLISHED,
                    published_at,
                    now,
                    now,
                    parsed.copyright_year,
                    key,
                    key,
                    stories[k].checksum(parsed, options),
                    pk,
                    publisher.pk,
                    sections[newsroom.section_at(index)].pk,
                    False,
                    photographer.pk,
                    fingerprint,
                    1,
                    None,
                    "[]",
                    0,
                    None,
                    "",
                    importer.file_checksum(stories[k].file(article), False, options),
                    json.dumps(copy_of(reporters[m] for m in newsroom.reporters_at(index))),
                    story_copies[k],
                )
            )
            for tag_id in story_tags[k]:
                buffers["t"].write(_row(pk, tag_id, "published", published_at))
                taggings += 1
            for text, link_key, position in related:
                m = max(0, n - 3) + position
                # The link's target: an older bulk row, or one the real import adds later.
                target = first_file - m + 1 if m >= newest else None
                buffers["r"].write(_row(text, link_key, position, pk, target))
                links += 1
            buffers["s"].write(_row(pk, now, "", "published", StateChange.Via.IMPORT, pk, None))
            for position, number in enumerate(newsroom.reporters_at(index)):
                byline = (pk, reporters[number].pk, position, "published", published_at)
                buffers["b"].write(_row(*byline))
            buffers["x"].write(
                _row(
                    pk,
                    k,
                    search_documents.plain_text(headline),
                    search_documents.plain_text(image.caption),
                )
            )
            if n == newest or (first_file - n + 1) % CHUNK == 0:
                _flush(cursor, buffers)
        figures["bulk_rows_seconds"] = time.perf_counter() - started
        # The search vectors: the standfirst's (with the tags' names) and the body's
        # are a story's, computed once; headline and caption are each article's.
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_story (story int, b tsvector, d tsvector) ON COMMIT DROP"
        )
        story_rows = io.StringIO()
        for k in story_tags:
            story_rows.write(
                _row(
                    k,
                    search_documents.plain_text(built[k].article.standfirst)
                    + " "
                    + search_documents.plain_text(story_names[k]),
                    search_documents.text_of_html(built[k].article.body),
                )
            )
        cursor.execute("CREATE TEMPORARY TABLE bulk_story_text (story int, b text, d text)")
        _copy(cursor, "bulk_story_text", "story, b, d", story_rows)
        cursor.execute(
            "INSERT INTO bulk_story SELECT story,"
            " setweight(to_tsvector(%s::regconfig, b), 'B'),"
            " setweight(to_tsvector(%s::regconfig, d), 'D') FROM bulk_story_text",
            [CONFIG, CONFIG],
        )
        cursor.execute(
            "INSERT INTO articles_searchdocument (article_id, vector, published_at)"
            " SELECT t.article_id, setweight(to_tsvector(%s::regconfig, t.headline), 'A')"
            " || s.b || setweight(to_tsvector(%s::regconfig, t.caption), 'C') || s.d,"
            " a.published_at FROM bulk_text t JOIN bulk_story s USING (story)"
            " JOIN articles_article a ON a.id = t.article_id",
            [CONFIG, CONFIG],
        )
        cursor.execute("DROP TABLE bulk_story_text")
        for table in (
            "articles_article",
            "articles_image",
            "articles_article_tags",
            "articles_relatedlink",
            "articles_statechange",
            "articles_byline",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608 (names above)
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    figures.update(
        bulk_articles=count - newest,
        bulk_taggings=taggings,
        bulk_links=links,
        bulk_seconds=time.perf_counter() - started,
    )
    print(
        f"bulk: {count - newest} articles in {figures['bulk_seconds']:.0f} s"
        f" ({taggings} taggings, {links} links)",
        flush=True,
    )
    return figures


def _flush(cursor, buffers: dict[str, io.StringIO]) -> None:
    """COPY the rows gathered so far, pictures before the articles that show them."""
    tables = {
        "i": (
            "articles_image",
            "id, uuid, file, width, height, alt_text, caption, agency, copyright_notice,"
            " created_at, photographer_id, focal_x, focal_y, renditions",
        ),
        "a": (
            "articles_article",
            "id, uuid, headline, slug, standfirst, body, status, published_at, created_at,"
            " updated_at, copyright_year, headline_key, source_key, source_checksum,"
            " lead_image_id, publisher_id, section_id, featured, lead_photographer_id,"
            " imported_fingerprint, version, corrected_at, correction_notes, preview_version,"
            " created_by_id, embargo_note, source_file_checksum, byline_copy,"
            " tags_copy",
        ),
        "t": ("articles_article_tags", "article_id, tag_id, status, published_at"),
        "r": ("articles_relatedlink", "headline, headline_key, position, source_id, target_id"),
        "s": ("articles_statechange", "id, at, from_state, to_state, via, article_id, user_id"),
        "b": ("articles_byline", "article_id, author_id, position, status, published_at"),
        "x": ("bulk_text", "article_id, story, headline, caption"),
    }
    for name, (table, columns) in tables.items():
        _copy(cursor, table, columns, buffers[name])
        buffers[name].seek(0)
        buffers[name].truncate()
