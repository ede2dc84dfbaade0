"""The one place an article changes state: which moves exist, who may make them, their record.

Stored statuses are draft, in review, published and unpublished; "scheduled"
is a published article whose time has not come (``state_of()``), so it becomes
"published" by the clock alone, with no job and no write, exactly when
``Article.objects.published()`` starts to show it.

The admin's form and list actions and the importer all go through here:
``allowed_statuses()`` and ``refusal()`` decide, ``record()`` and ``move()``
write the change and its ``StateChange`` row.
"""

import datetime
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, State, StateChange

Status = Article.Status

PUBLISH_PERMISSION = "articles.publish_article"
EDIT_ANY_PERMISSION = "articles.edit_any_article"
CHANGE_PERMISSION = "articles.change_article"

# Who may make a move: SUBMIT, anyone who may edit the article (a contributor
# their own draft); PUBLISH, those with the publish permission (editors).
SUBMIT = "submit"
PUBLISH = "publish"
TRANSITIONS: dict[State, dict[State, str]] = {
    State.DRAFT: {State.REVIEW: SUBMIT, State.SCHEDULED: PUBLISH, State.PUBLISHED: PUBLISH},
    State.REVIEW: {State.DRAFT: PUBLISH, State.SCHEDULED: PUBLISH, State.PUBLISHED: PUBLISH},
    State.SCHEDULED: {State.PUBLISHED: PUBLISH, State.UNPUBLISHED: PUBLISH},
    State.PUBLISHED: {State.SCHEDULED: PUBLISH, State.UNPUBLISHED: PUBLISH},
    State.UNPUBLISHED: {State.DRAFT: PUBLISH, State.SCHEDULED: PUBLISH, State.PUBLISHED: PUBLISH},
}
# The stored status each state is kept as.
STATUS_OF = {
    State.DRAFT: Status.DRAFT,
    State.REVIEW: Status.REVIEW,
    State.SCHEDULED: Status.PUBLISHED,
    State.PUBLISHED: Status.PUBLISHED,
    State.UNPUBLISHED: Status.UNPUBLISHED,
}


def state_for(
    status: str, published_at: datetime.datetime | None, now: datetime.datetime | None = None
) -> State:
    """The state of an article with this status and time: "scheduled" while its time is to come."""
    if status == Status.PUBLISHED:
        now = now or timezone.now()
        if published_at is not None and published_at > now:
            return State.SCHEDULED
        return State.PUBLISHED
    return State(status)


def state_of(article: Article, now: datetime.datetime | None = None) -> State:
    return state_for(article.status, article.published_at, now)


def can_publish(user: Any) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user: Any, article: Article | None) -> bool:
    """Whether ``user`` may change ``article``: editors every one, contributors their own drafts."""
    if not user.has_perm(CHANGE_PERMISSION):
        return False
    if article is None or user.has_perm(EDIT_ANY_PERMISSION):
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


def may_move(user: Any, before: State | None, after: State) -> bool:
    """Whether ``user`` may take an article from ``before`` (None: a new one) to ``after``."""
    if before == after:
        return True  # Saving without a change of state (a new time too): editing rights decide.
    rule = TRANSITIONS[before or State.DRAFT].get(after)
    if before is None and after == State.DRAFT:
        rule = SUBMIT
    if rule is None:
        return False
    return rule == SUBMIT or can_publish(user)


def refusal(user: Any, before: State | None, after: State) -> str | None:
    """Why the move is refused, in the desk's words, or None when it is allowed."""
    if may_move(user, before, after):
        return None
    if TRANSITIONS[before or State.DRAFT].get(after) == PUBLISH:
        return f"You may not make an article {after.label.lower()}: an editor does that."
    named = before.label.lower() if before else "new"
    return f"An article cannot go from {named} to {after.label.lower()}."


def allowed_statuses(user: Any, before: State | None) -> list[str]:
    """The stored statuses ``user`` may choose from ``before``, the current one first."""
    reachable = [state for state in State if may_move(user, before, state)]
    statuses = []
    for state in ([before] if before else []) + reachable:
        status = STATUS_OF[state]
        if status not in statuses:
            statuses.append(status)
    return statuses


def record(
    article: Article, before: State | None, after: State, user: Any, via: str
) -> StateChange | None:
    """Write the record of a move (nothing when the state stayed the same)."""
    if before == after:
        return None
    return StateChange.objects.create(
        article=article,
        user=user if getattr(user, "pk", None) else None,
        from_state=before or "",
        to_state=after,
        via=via,
    )


def move(articles: QuerySet, after: State, user: Any, message: str) -> list[int]:
    """Move every article of ``articles`` that ``user`` may move to ``after``, in a few queries.

    For the admin's list actions. Publishing keeps a time already set (a
    scheduled article stays scheduled) and gives the others "now". The rows are
    changed with ``update()``, which sends no signal, so the copies, the cache
    generation, the search index and the history are kept here. Returns the
    ids of the articles moved.
    """
    from articles.caching import bump_generation
    from articles.listing_copies import copy_to_links
    from articles.search import indexing

    now = timezone.now()
    status = STATUS_OF[after]
    rows = list(articles.values_list("pk", "status", "published_at", "created_by_id"))
    moves: dict[int, tuple[State, State]] = {}
    for pk, stored, published_at, owner in rows:
        before = state_for(stored, published_at, now)
        if status == Status.PUBLISHED:
            target = state_for(status, published_at or now, now)
        else:
            target = after
        if before == target or not may_move(user, before, target):
            continue
        if before == State.DRAFT and not can_edit(user, _Owned(owner, stored)):
            continue
        moves[pk] = (before, target)
    pks = list(moves)
    if not pks:
        return []
    # The version too: an edit form opened before this change is refused (admin/locking.py).
    changed = {"status": status, "updated_at": now, "version": F("version") + 1}
    if status == Status.PUBLISHED:
        changed["published_at"] = Coalesce("published_at", now)
    Article.objects.filter(pk__in=pks).update(**changed)
    copy_to_links(pks)
    bump_generation()
    indexing.schedule(pks)  # Their search documents copy the publication time.
    StateChange.objects.bulk_create(
        StateChange(
            article_id=pk,
            user=user,
            at=now,
            from_state=before,
            to_state=target,
            via=StateChange.Via.ACTION,
        )
        for pk, (before, target) in moves.items()
    )
    LogEntry.objects.log_actions(user.pk, Article.objects.filter(pk__in=pks), CHANGE, message)
    return pks


class _Owned:
    """Just enough of an article for ``can_edit()`` from a row's values."""

    def __init__(self, created_by_id: int | None, status: str) -> None:
        self.created_by_id = created_by_id
        self.status = status


def imported(article: Article, created: bool, before: State | None) -> StateChange | None:
    """The record of an import: the state a new article came in with, or a change of it."""
    after = state_of(article)
    if created:
        before = None
    return record(article, before, after, None, StateChange.Via.IMPORT)
