"""Finding tag names and aliases in running text: whole words, case as the kind says."""

from hypothesis import given
from hypothesis import strategies as st

from articles.text.vocabulary import Vocabulary


def vocabulary(*entries: tuple[str, str, list[str]]) -> Vocabulary[str]:
    """Items are their names, so a test reads as what it finds."""
    found: Vocabulary[str] = Vocabulary(folded=["topic"])
    for kind, name, aliases in entries:
        found.add(name, kind, name, aliases)
    return found


def test_a_name_is_found_as_whole_words():
    known = vocabulary(("place", "Ukraine", []))

    assert known.mentioned_in(["Drones struck Ukraine overnight."]) == ["Ukraine"]


def test_a_name_inside_a_longer_word_is_not_found():
    known = vocabulary(("place", "Ukraine", []))

    assert known.mentioned_in(["Ukrainian drones struck overnight."]) == []


def test_a_possessive_or_hyphenated_use_names_the_place():
    known = vocabulary(("place", "Kyiv", []))

    assert known.mentioned_in(["Kyiv’s mayor spoke."]) == ["Kyiv"]
    assert known.mentioned_in(["A Kyiv-based charity helped."]) == ["Kyiv"]


def test_an_alias_finds_its_item():
    known = vocabulary(("person", "Volodymyr Zelensky", ["Zelenskyy", "Zelenskiy"]))

    assert known.mentioned_in(["Zelenskyy said no."]) == ["Volodymyr Zelensky"]


def test_a_multi_word_name_does_not_span_a_full_stop():
    known = vocabulary(("person", "Mark Rutte", []))

    assert known.mentioned_in(["They waited for Mark. Rutte arrived later."]) == []


def test_a_proper_name_is_found_only_as_written():
    known = vocabulary(("place", "Nice", []))

    assert known.mentioned_in(["It was a nice day."]) == []


def test_a_topic_is_found_in_any_case():
    known = vocabulary(("topic", "Climate change", []))

    assert known.mentioned_in(["Ministers discussed CLIMATE CHANGE and climate change."]) == [
        "Climate change"
    ]


def test_items_come_in_order_of_first_mention_across_texts():
    known = vocabulary(("place", "Kyiv", []), ("organisation", "NATO", []))

    assert known.mentioned_in(["NATO met.", "In Kyiv, NATO again."]) == ["NATO", "Kyiv"]


def test_a_name_in_greek_script_is_found():
    known = vocabulary(("place", "Πειραιάς", []))

    assert known.mentioned_in(["Απεργία στον Πειραιάς σήμερα."]) == ["Πειραιάς"]


def test_named_prefers_a_name_to_another_items_alias():
    known = vocabulary(("place", "Georgia", []), ("place", "Sakartvelo", ["Georgia"]))

    assert known.named("place", "Georgia") == "Georgia"


def test_named_finds_an_item_by_alias_of_the_same_kind_only():
    known = vocabulary(("person", "Volodymyr Zelensky", ["Zelenskyy"]))

    assert known.named("person", "Zelenskyy") == "Volodymyr Zelensky"
    assert known.named("place", "Zelenskyy") is None


def test_an_empty_vocabulary_finds_nothing():
    assert vocabulary().mentioned_in(["Anything at all."]) == []


NAMES = st.text(
    alphabet=st.characters(categories=["L", "Nd", "P", "Zs"]), min_size=1, max_size=40
).filter(lambda name: any(ch.isalnum() for ch in name))


@given(NAMES, st.sampled_from(["person", "topic"]))
def test_any_name_is_found_where_the_text_holds_it_between_spaces(name, kind):
    known = vocabulary((kind, name, []))

    assert known.mentioned_in([f"Before {name} after."]) == [name]


@given(st.text(max_size=500))
def test_any_text_is_searched_without_error(text):
    known = vocabulary(("person", "Mark Rutte", ["Rutte"]), ("topic", "Energy", []))

    assert set(known.mentioned_in([text])) <= {"Mark Rutte", "Energy"}


def test_a_copy_learns_names_the_original_does_not_know():
    known = vocabulary(("place", "Kyiv", []), ("topic", "climate change", []))
    copy = known.copy()
    copy.add("Mark Rutte", "person", "Mark Rutte", ["Rutte"])
    copy.add("energy prices", "topic", "energy prices")
    text = ["Rutte spoke of climate change and energy prices in Kyiv."]

    assert copy.mentioned_in(text) == ["Mark Rutte", "climate change", "energy prices", "Kyiv"]
    assert copy.named("person", "Rutte") == "Mark Rutte"
    assert known.mentioned_in(text) == ["climate change", "Kyiv"]
    assert known.named("person", "Mark Rutte") is None
