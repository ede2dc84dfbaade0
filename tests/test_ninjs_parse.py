"""ninjs.parse(): a ninjs text item as the importer's ParsedArticle, or a ParseError naming why."""

import contextlib
import datetime
import json
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.formats.ninjs import parse
from articles.formats.parsed import ParsedArticle, ParsedPerson, ParsedTag, ParseError

STANDARDS = Path(__file__).parent / "standards"
ARTICLE_UUID = uuid.UUID("0b6e3f8c-4b7a-4b53-9f1e-2a6c1d9e5f70")


def iptc_text_item() -> dict:
    return json.loads((STANDARDS / "ninjs-example-text-item.json").read_text(encoding="utf-8"))


def document(**changes) -> dict:
    """A small valid text item as render() writes one; keys set to None are removed."""
    doc = {
        "uri": f"urn:newsportal:article:{ARTICLE_UUID}",
        "type": "text",
        "pubStatus": "usable",
        "headlines": [{"role": "main", "value": "Council approves the new tram line"}],
        "descriptions": [{"role": "lead", "value": "The council said yes."}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Work starts.</p>"}],
        "copyrightHolder": "The Brussels Times",
        "copyrightNotice": "Copyright © 2026 The Brussels Times. All Rights Reserved.",
        "firstCreated": "2026-03-02T09:30:00+01:00",
        "versionCreated": "2026-03-02T10:00:00+01:00",
    }
    doc.update(changes)
    return {key: value for key, value in doc.items() if value is not None}


def reason(doc: object) -> str:
    with pytest.raises(ParseError) as caught:
        parse(doc if isinstance(doc, str) else json.dumps(doc))
    return str(caught.value)


def test_iptc_example_reads_headline_standfirst_body_byline_and_subjects():
    parsed = parse(json.dumps(iptc_text_item()))

    assert parsed.headline == (
        "Anti-doping measures at the 'Tour Down Under' will be the toughest ever"
    )
    assert parsed.standfirst.startswith("The Australian Sports Anti-Doping Authority (ASADA)")
    # The text/plain body, as paragraphs (the NITF body is not read).
    assert parsed.body_html is None
    assert parsed.paragraphs[0].startswith("The initiatives are being implemented")
    assert (
        parsed.paragraphs[-1] == "Work: +61 (0)2 6206 0208 Mobile: +61 (0)418 450 113 "
        "Email: media@asada.gov.au"
    )
    assert len(parsed.paragraphs) == 12
    assert parsed.bylines == (ParsedPerson("Trond Husø", "The Anti-Doping Database"),)
    assert parsed.tags == (
        ParsedTag("topic", "Sport"),
        ParsedTag("topic", "drug abuse in sport"),
        ParsedTag("topic", "Cycling"),
    )
    assert parsed.language == "en"
    assert parsed.version_created == datetime.datetime.fromisoformat("2023-10-08T02:34:03+02:00")
    # A foreign uri names none of our articles; no holder named, so the uri's site publishes.
    assert parsed.uuid is None
    assert parsed.publisher == "antidopingdatabase.com"


def test_portal_document_keeps_its_uuid_and_html_body():
    parsed = parse(json.dumps(document()))

    assert parsed.uuid == ARTICLE_UUID
    assert parsed.body_html == "<p>Work starts.</p>"
    assert parsed.standfirst == "The council said yes."
    assert parsed.publisher == "The Brussels Times"
    assert parsed.copyright_year == 2026
    assert parsed.published is True
    assert parsed.first_created.isoformat() == "2026-03-02T09:30:00+01:00"


def test_people_split_into_bylines_in_order_and_person_tags():
    parsed = parse(
        json.dumps(
            document(
                people=[
                    {"name": "Jane Doe", "rel": "reporter", "literal": "jane-doe"},
                    {"name": "Mark Rutte", "rel": "about"},
                    {"name": "Ann Lee", "rel": "columnist"},
                ],
                subjects=[{"name": "Europe", "rel": "section", "literal": "europe"}],
                places=[{"name": "Kyiv", "rel": "about"}],
                organisations=[{"name": "NATO", "rel": "about"}],
            )
        )
    )

    assert parsed.bylines == (
        ParsedPerson("Jane Doe", role="reporter", slug="jane-doe"),
        ParsedPerson("Ann Lee", role="columnist"),
    )
    assert parsed.tags == (
        ParsedTag("person", "Mark Rutte"),
        ParsedTag("place", "Kyiv"),
        ParsedTag("organisation", "NATO"),
    )
    assert parsed.section == "Europe"


def test_withheld_document_is_not_published():
    assert parse(json.dumps(document(pubStatus="withheld"))).published is False


def test_lead_picture_reads_caption_alt_credit_and_copyright():
    picture = {
        "uri": "urn:newsportal:image:5d0c7f1e-7f55-4f0a-9d0e-3b7f8a2c1e44",
        "name": "Rutte at the podium",
        "rel": "lead",
        "type": "picture",
        "descriptions": [
            {"role": "caption", "value": "Mark Rutte in Kyiv."},
            {"role": "alt", "value": "Rutte at the podium"},
        ],
        "people": [{"name": "Andrii Nesterenko", "rel": "photographer"}],
        "infoSources": [{"name": "AFP", "role": "agency"}],
        "copyrightNotice": "© AFP 2026",
    }
    image = parse(json.dumps(document(associations=[picture]))).lead_image

    assert image.caption == "Mark Rutte in Kyiv."
    assert image.alt_text == "Rutte at the podium"
    assert (image.credit.photographer, image.credit.agency) == ("Andrii Nesterenko", "AFP")
    assert image.copyright_notice == "© AFP 2026"
    assert str(image.uuid) == "5d0c7f1e-7f55-4f0a-9d0e-3b7f8a2c1e44"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        (" \n", "the file holds only whitespace"),
        ("{", "line 1: not JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('{"uri": "x",\n "type": }', "line 2: not JSON: Expecting value (column 10)"),
        ("[]", "not a ninjs document: the JSON is an array, not an object"),
        ('"text"', "not a ninjs document: the JSON is a string, not an object"),
        ("[" * 100_000, "not JSON the importer can read: nested too deeply"),
    ],
)
def test_text_that_is_not_a_json_object_is_refused(text, expected):
    assert reason(text) == expected


def test_picture_item_is_not_a_text_item():
    picture = json.loads((STANDARDS / "ninjs-example-picture-item.json").read_text("utf-8"))
    assert reason(picture) == 'not a ninjs text item: its type is "picture"'


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (document(uri=None), '$ has no "uri"'),
        (document(headlines="Tram"), "$.headlines must be an array, not a string"),
        (
            document(headlines=[{"role": "main", "value": 7}]),
            "$.headlines[0].value must be a string, not a number",
        ),
        (document(headlines=[{"role": "main"}]), '$.headlines[0] has no "value"'),
        (document(urgency=12), "$.urgency is 12; the maximum is 9"),
        (
            document(pubStatus="gone"),
            '$.pubStatus is gone; it must be one of "usable", "withheld", "canceled"',
        ),
        (
            document(colour="red"),
            "$: Unevaluated properties are not allowed ('colour' was unexpected)",
        ),
    ],
)
def test_schema_errors_name_the_json_path(doc, expected):
    assert reason(doc) == f"not a valid ninjs 3.1 document: {expected}"


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (document(headlines=None), 'no headline: "headlines" holds no headline with text'),
        (
            document(headlines=[{"value": "  "}]),
            'no headline: "headlines" holds no headline with text',
        ),
        (
            document(headlines=[{"value": "x" * 301}]),
            "$.headlines[0]: the headline is 301 characters long; the limit is 300",
        ),
        (
            document(copyrightHolder="B" * 201),
            "$.copyrightHolder: the publisher is 201 characters long; the limit is 200",
        ),
        (
            document(firstCreated="yesterday"),
            '$.firstCreated: "yesterday" is not a date and time (ISO 8601)',
        ),
        (
            document(firstCreated="2026-03-02T09:30:00"),
            '$.firstCreated: "2026-03-02T09:30:00" has no time zone offset',
        ),
        (
            document(uri="urn:newsportal:article:42"),
            '$.uri: "urn:newsportal:article:42" names no article: not a UUID after the prefix',
        ),
        (
            document(descriptions=[{"role": "lead", "value": "a\x00b"}]),
            "$.descriptions[0].value holds a NUL character",
        ),
        (document(slugline="\ud800"), "$.slugline holds U+D800, which is not a character"),
    ],
)
def test_documents_the_portal_cannot_store_are_refused_by_name(doc, expected):
    assert reason(doc) == expected


def test_places_with_geojson_validate_without_fetching_its_schema():
    place = {
        "name": "Turkey",
        "rel": "about",
        "geoJSON": {"type": "Point", "coordinates": [35, 39]},
    }
    assert parse(json.dumps(document(places=[place]))).tags == (ParsedTag("place", "Turkey"),)


FREE_TEXT = st.text(max_size=60)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | FREE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FREE_TEXT, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    headline=FREE_TEXT,
    standfirst=FREE_TEXT,
    by=FREE_TEXT,
    holder=FREE_TEXT,
    notice=FREE_TEXT,
    person=FREE_TEXT,
    rel=st.sampled_from(["about", "reporter", "photographer", "x", ""]),
    body=FREE_TEXT,
    content_type=st.sampled_from(["text/html", "text/plain", "text/x"]),
    slugline=FREE_TEXT,
    time=st.one_of(FREE_TEXT, st.just("2026-03-02T09:30:00+01:00")),
)
def test_free_text_fields_give_an_article_or_a_parse_error(
    headline, standfirst, by, holder, notice, person, rel, body, content_type, slugline, time
):
    doc = document(
        headlines=[{"role": "main", "value": headline}],
        descriptions=[{"role": "lead", "value": standfirst}],
        bodies=[{"contentType": content_type, "value": body}],
        by=by,
        copyrightHolder=holder,
        copyrightNotice=notice,
        people=[{"name": person, "rel": rel}],
        slugline=slugline,
        firstCreated=time,
        associations=[
            {
                "uri": "urn:x",
                "name": person,
                "type": "picture",
                "by": by,
                "descriptions": [{"role": "caption", "value": standfirst}],
            }
        ],
    )
    try:
        parsed = parse(json.dumps(doc))
    except ParseError as exc:
        assert str(exc)
    else:
        assert isinstance(parsed, ParsedArticle)
        assert parsed.headline.strip()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "uri",
                "type",
                "headlines",
                "people",
                "subjects",
                "associations",
                "bodies",
                "descriptions",
                "copyrightHolder",
                "firstCreated",
                "versionCreated",
                "pubStatus",
                "by",
            ]
        ),
        JSON_VALUES,
    )
)
def test_any_json_in_any_field_gives_an_article_or_a_parse_error(changes):
    with contextlib.suppress(ParseError):
        parse(json.dumps(document(**changes)))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_an_article_or_a_parse_error(text):
    with contextlib.suppress(ParseError):
        parse(text)


@pytest.mark.parametrize(
    ("notice", "year"),
    [
        ("Copyright © 2026 Publisher 1332. All Rights Reserved.", 2026),
        ("© 2024–2026 Le Soir", 2026),
        ("(c) 2025 De Standaard", 2025),
        ("All rights reserved, 2023, Agency 2000", 2023),
        ("All rights reserved", None),
    ],
)
def test_copyright_year_is_the_one_after_the_sign_not_a_number_in_the_name(notice, year):
    assert parse(json.dumps(document(copyrightNotice=notice))).copyright_year == year
