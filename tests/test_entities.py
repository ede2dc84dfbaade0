"""People, places and organisations found in an article's caption and paragraphs."""

from pathlib import Path

from articles.formats.parsed import Entities
from articles.text.entities import extract_entities

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "000_7f91a2f5f40fcb4f.txt"
SEED_CREDIT = " Andrii Nesterenko / AFP"


def seed_texts() -> list[str]:
    """The seed's caption without its credit, then its ten paragraphs."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    caption = lines[3].removesuffix(SEED_CREDIT)
    body = "\n".join(lines[5:]).split("\nRelated News")[0]
    paragraphs = [paragraph.strip() for paragraph in body.split("\n\n") if paragraph.strip()]
    assert len(paragraphs) == 10
    return [caption, *paragraphs]


def test_seed_article_names_its_people_places_and_organisation_in_order_of_first_mention():
    assert extract_entities(seed_texts()) == Entities(
        people=("Mark Rutte", "Volodymyr Zelensky", "Donald Trump"),
        places=(
            "Kyiv",
            "Ukraine",
            "Europe",
            "Moscow",
            "Washington",
            "Abu Dhabi",
            "Black Sea",  # paragraph 7
            "Donbas",  # paragraph 9
            "Greenland",
        ),
        organisations=("NATO",),
    )


def test_seed_article_entities_as_sets():
    entities = extract_entities(seed_texts())
    assert set(entities.people) == {"Mark Rutte", "Volodymyr Zelensky", "Donald Trump"}
    assert set(entities.places) == {
        "Kyiv",
        "Ukraine",
        "Europe",
        "Moscow",
        "Washington",
        "Abu Dhabi",
        "Donbas",
        "Black Sea",
        "Greenland",
    }
    assert set(entities.organisations) == {"NATO"}


def test_seed_article_leaves_out_actors_adjectives_titles_and_dates():
    entities = extract_entities(seed_texts())
    named = {*entities.people, *entities.places, *entities.organisations}
    for word in (
        "Russia",
        "US",
        "United States",
        "Secretary General",
        "President",
        "Parliament",
        "Allies",
        "European",
        "Ukrainian",
        "Russian",
        "February",
        "Wednesday",
        "Rutte",
        "AFP",
    ):
        assert word not in named


def test_empty_input_gives_empty_entities():
    assert extract_entities([]) == Entities()
    assert extract_entities(["", "   "]) == Entities()


def test_country_that_only_acts_is_not_a_place():
    texts = ["France announced new sanctions. France's finance minister spoke first."]
    assert extract_entities(texts).places == ()


def test_name_after_locative_preposition_is_a_place():
    assert extract_entities(["The summit was held in Paris on Monday."]).places == ("Paris",)


def test_places_listed_after_a_locative_preposition_are_all_places():
    texts = ["Troops from France, Germany and Poland joined the drill."]
    assert extract_entities(texts).places == ("France", "Germany", "Poland")


def test_alternate_spelling_from_geonames_is_a_place_as_written():
    assert extract_entities(["Talks in Kiev resumed."]).places == ("Kiev",)


def test_geographic_features_and_regions_are_places_without_the_gazetteer():
    texts = ["Ships left the Red Sea for the Gulf of Aden.", "Shelling hit the Kherson region."]
    assert extract_entities(texts).places == ("Red Sea", "Gulf of Aden", "Kherson")


def test_demonym_before_region_is_not_a_place():
    assert extract_entities(["It hit the Russian region hard."]).places == ()


def test_titled_name_is_a_person_and_later_surname_merges_into_it():
    texts = ["Prime Minister Jane Doe visited the plant.", "Doe said it would stay open."]
    assert extract_entities(texts) == Entities(people=("Jane Doe",))


def test_title_with_affiliation_before_the_name():
    texts = ["President of the European Commission Ursula von der Leyen arrived in Rome."]
    assert extract_entities(texts) == Entities(
        people=("Ursula von der Leyen",),
        places=("Rome",),
        organisations=("European Commission",),
    )


def test_acronym_is_an_organisation():
    assert extract_entities(["Officials said the WHO warned of an outbreak."]).organisations == (
        "WHO",
    )


def test_country_code_used_as_adjective_is_neither_place_nor_organisation():
    assert extract_entities(["US President Joe Biden spoke."]) == Entities(people=("Joe Biden",))


def test_sentence_initial_the_is_dropped_from_a_name():
    texts = ["The European Commission met. The talks ended."]
    assert extract_entities(texts).organisations == ("European Commission",)


def test_bare_organisation_word_is_not_an_organisation():
    texts = ["He spoke before Ukraine's Parliament, then in Parliament again."]
    assert extract_entities(texts).organisations == ()


def test_sentence_initial_word_is_no_name_unless_capitalised_elsewhere():
    texts = ["Addressing European Parliament members, she left.", "Vardenia region was calm."]
    assert extract_entities(texts) == Entities(organisations=("European Parliament",))


def test_sentence_initial_word_capitalised_elsewhere_keeps_its_name():
    texts = ["Vardenia region was calm.", "Later, Vardenia said so."]
    assert extract_entities(texts).places == ("Vardenia",)
