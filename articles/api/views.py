"""The ninjs endpoints: a list of published articles, newest first, and one article."""

import uuid
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from articles.addresses import absolute_url
from articles.api.http import api_view, conditional, error, json_response
from articles.api.params import BadParameter, Cursor, ListQuery, list_query
from articles.formats import ninjs
from articles.models import Article, Author, Section, Tag
from articles.querysets import ArticleQuerySet


@api_view
def article_list(request: HttpRequest) -> HttpResponse:
    """A page of ninjs documents, ``{"items": […], "next": …}``, with a keyset cursor.

    One more article than the page is read, to know whether a next page exists;
    no count and no OFFSET, so page 5,000 costs what page 1 costs.
    """
    try:
        query = list_query(request.GET)
    except BadParameter as bad:
        return error(400, str(bad), parameter=bad.name)
    articles = list(_filtered(query)[: query.limit + 1])
    more = len(articles) > query.limit
    articles = articles[: query.limit]
    if not articles:
        unknown = _unknown_filter(query)
        if unknown:
            return error(400, str(unknown), parameter=unknown.name)
    documents = [ninjs.render(article) for article in articles]
    next_url = _next_url(request, articles[-1]) if more else None
    response = json_response({"items": documents, "next": next_url})
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return conditional(request, response, max(map(_changed, articles), default=None))


@api_view
def article_detail(request: HttpRequest, id: str) -> HttpResponse:
    """One published article by its UUID; drafts and scheduled articles are not found."""
    try:
        key = uuid.UUID(id)
    except ValueError:
        return error(404, f"“{id[:40]}” is not an article id: ids are UUIDs.")
    article = Article.objects.published().for_ninjs().filter(uuid=key).first()
    if article is None:
        return error(404, f"No published article has the id {key}.")
    response = json_response(ninjs.render(article))
    return conditional(request, response, _changed(article))


def _filtered(query: ListQuery) -> ArticleQuerySet:
    articles = Article.objects.published().for_ninjs().order_by("-published_at", "-pk")
    if query.section:
        articles = articles.filter(section__slug=query.section)
    if query.tag:
        articles = articles.with_tag_slug(query.tag, query.tag_kind)
    if query.author:
        articles = articles.by_author_slug(query.author)
    if query.since:
        articles = articles.changed_since(query.since)
    if query.cursor:
        articles = articles.before(query.cursor.published_at, query.cursor.pk)
    return articles


def _unknown_filter(query: ListQuery) -> BadParameter | None:
    """On an empty page, the filter naming nothing that exists, if one does.

    Asked only when the page is empty, so a page with articles costs no lookups.
    """
    if query.section and not Section.objects.filter(slug=query.section).exists():
        return BadParameter("section", f"no section has the slug “{query.section}”.")
    if query.tag:
        tags = Tag.objects.filter(slug=query.tag)
        if query.tag_kind:
            tags = tags.filter(kind=query.tag_kind)
        if not tags.exists():
            kind = f"{query.tag_kind} " if query.tag_kind else ""
            return BadParameter("tag", f"no {kind}tag has the slug “{query.tag}”.")
    if query.author and not Author.objects.filter(slug=query.author).exists():
        return BadParameter("author", f"no author has the slug “{query.author}”.")
    return None


def _next_url(request: HttpRequest, last: Article) -> str:
    params: dict[str, Any] = {k: v for k, v in request.GET.items() if k != "cursor"}
    params["cursor"] = Cursor(last.published_at, last.pk).encode()
    return absolute_url(f"{reverse('api:ninjs-articles')}?{urlencode(params)}")


def _changed(article: Article) -> Any:
    """When the article last changed as its document tells it (``versionCreated``)."""
    return ninjs.version_created(article)
