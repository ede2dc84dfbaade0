"""The search form: what a reader may ask for, and what is wrong when it cannot be asked.

A query is never refused: control characters (NUL among them) are dropped and
anything past ``MAX_QUERY_LENGTH`` characters is cut off, with a note saying
so. A section that does not exist or a date that is not one is a form error
naming the value, shown on the normal page.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import date_format

from articles.search.query import MAX_QUERY_LENGTH, Terms, parse

# A value longer than this is shown cut short in an error message.
SHOWN_CHARACTERS = 40


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"


class QueryField(forms.CharField):
    """Free text, kept whole: characters no one means to search for are removed, not refused."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return text.replace("\x00", " ")


class DayInput(forms.DateInput):
    """A date input that never echoes a value that is not a day.

    HTML allows only a valid date in ``<input type=date value>``; the error
    message names what the reader sent, so the field itself is left empty.
    """

    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                datetime.datetime.strptime(value.strip(), "%Y-%m-%d")
            except ValueError:
                return None
        return super().format_value(value)


class DayField(forms.DateField):
    """A day as a date input sends it, YYYY-MM-DD; a wrong value is named in the error."""

    input_formats = ["%Y-%m-%d"]
    widget = DayInput(format="%Y-%m-%d")

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                "“%(value)s” is not a date: give one as YYYY-MM-DD, for example 2026-02-03.",
                code="invalid",
                params={"value": _shown(str(value).strip())},
            ) from None


class SectionField(forms.ChoiceField):
    """A section's slug, among the choices the form was given."""

    def validate(self, value: str) -> None:
        forms.Field.validate(self, value)
        if value and not self.valid_value(value):
            raise ValidationError(
                "There is no section “%(value)s”: choose one from the list.",
                code="invalid_choice",
                params={"value": _shown(value)},
            )


class SearchForm(forms.Form):
    """``q``, and optionally ``section`` (a slug) and the days ``from`` and ``to``, included."""

    q = QueryField(
        label="Search for",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    section = SectionField(label="Section", required=False)

    def __init__(self, data: QueryDict, sections: Sequence) -> None:
        super().__init__(data)
        self.fields["section"].choices = [
            ("", "All sections"),
            *((section.slug, section.name) for section in sections),
        ]
        self.fields["from"] = DayField(label="From", required=False)
        self.fields["to"] = DayField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error(
                "to",
                f"“To” ({date_format(end, 'j F Y')}) is before “From” "
                f"({date_format(start, 'j F Y')}): give the earlier day first.",
            )
        return cleaned

    @property
    def terms(self) -> Terms:
        """The query as it will be searched (only once the form is valid)."""
        return parse(self.cleaned_data.get("q", ""))

    def query_string(self) -> str:
        """The valid search as a query string, for links to its other pages."""
        params = QueryDict(mutable=True)
        params["q"] = self.terms.text
        for name in ("section", "from", "to"):
            value = self.cleaned_data.get(name)
            if value:
                params[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return params.urlencode()
