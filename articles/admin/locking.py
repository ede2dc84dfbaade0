"""Two editors on one article: a save over a change made meanwhile is refused, nothing lost.

The form carries the article's ``version`` as it was when the editor opened it
(a hidden field). On save, inside the admin's transaction, the row is locked
(``SELECT … FOR UPDATE``, so a second save waits for the first) and its version
compared: another save in between makes this one a conflict. The form comes
back with the editor's text as typed, the other editor's change shown above it
(who, when, a word-level diff), and the hidden version moved on, so saving
again, after reading it, is a deliberate choice (the other version stays in
History).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.text.diffs import FieldDiff, body_diff, word_diff
from articles.versioning import changed_fields, versions_of

# How far back History is searched for the version the editor opened.
CONFLICT_LOOKBACK = 30


@dataclass(frozen=True)
class EditConflict:
    """The change that was saved while an editor had the form open."""

    who: str
    when: datetime | None
    diffs: list[FieldDiff] = field(default_factory=list)
    also_changed: list[str] = field(default_factory=list)
    # False when the opened version is not in History: the diffs then show today's text.
    from_opened: bool = True


class EditLockForm(forms.ModelForm):
    """A ModelForm mixin for Article that refuses to save over a newer version."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
            self.fields["opened_version"].required = True
            self.fields["opened_version"].error_messages["required"] = (
                "This form was sent without the version it was opened at: "
                "reload the article and make your change again."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None or "opened_version" not in cleaned:
            return cleaned
        opened = cleaned["opened_version"]
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or current == opened:
            # Saved from the locked row's number, whatever the page was loaded with.
            self.instance.version = current or self.instance.version
            return cleaned
        self.conflict = find_conflict(self.instance.pk, opened)
        # Shown the other change, the editor may now save over it on purpose.
        data = self.data.copy()
        data[self.add_prefix("opened_version")] = str(current)
        self.data = data
        moment = self.conflict.when and timezone.localtime(self.conflict.when)
        when = f" at {moment:%H:%M on %-d %B}" if moment else ""
        raise ValidationError(
            "%(who)s saved this article%(when)s, after you opened it. Your save was refused so "
            "that neither of you loses work: your text is still in the form below, and their "
            "change is shown above it. Bring in what you need and save again; your save will "
            "then replace their version, which stays in History.",
            code="edited-meanwhile",
            params={"who": self.conflict.who, "when": when},
        )


def find_conflict(article_pk: int, opened: int) -> EditConflict:
    """Who saved the article since version ``opened``, when, and what they changed."""
    current = Article.objects.get(pk=article_pk)
    versions = list(versions_of(current)[:CONFLICT_LOOKBACK])
    latest = versions[0] if versions else None
    who = "Someone"
    if latest and latest.revision.user:
        who = latest.revision.user.get_username()
    elif latest:
        who = "An import"
    base = next((v for v in versions if _stored_version(v) == opened), None)
    old = base.field_dict if base else {}
    now = {f.attname: getattr(current, f.attname) for f in Article._meta.concrete_fields}
    diffs = [
        FieldDiff(label, diff)
        for label, diff in (
            ("Headline", word_diff(old.get("headline", ""), current.headline)),
            ("Standfirst", word_diff(old.get("standfirst", ""), current.standfirst)),
            ("Body", body_diff(old.get("body", ""), current.body)),
        )
        if base is None or old.get(_attname(label)) != getattr(current, _attname(label))
    ]
    return EditConflict(
        who=who,
        when=latest.revision.date_created if latest else None,
        diffs=diffs,
        also_changed=changed_fields(old, now) if base else [],
        from_opened=base is not None,
    )


def _attname(label: str) -> str:
    return label.lower()


def _stored_version(version: Any) -> int | None:
    """The article's version number as stored in a revision, read without a query."""
    try:
        return json.loads(version.serialized_data)[0]["fields"].get("version")
    except (ValueError, LookupError, TypeError):
        return None
