"""The lead image's caption line: the caption, then the credit at its end."""

from articles.formats.parsed import Credit, ParsedImage
from articles.text.credits import is_agency, split_caption

SEED_CAPTION = (
    "Secretary General of NATO Mark Rutte addresses members of the Ukrainian parliament in "
    "Kyiv, on February 3, 2026, amid the Russian invasion of Ukraine."
)


def test_seed_caption_keeps_its_final_full_stop():
    assert split_caption(f"{SEED_CAPTION} Andrii Nesterenko / AFP").caption == SEED_CAPTION


def test_seed_credit_names_photographer_and_agency():
    credit = split_caption(f"{SEED_CAPTION} Andrii Nesterenko / AFP").credit

    assert credit == Credit(photographer="Andrii Nesterenko", agency="AFP")


def test_credit_label_with_agency_gives_agency_only():
    assert split_caption("The Atomium at night. Credit: AFP") == ParsedImage(
        caption="The Atomium at night.", credit=Credit(agency="AFP")
    )


def test_credit_label_with_a_person_gives_photographer_only():
    assert split_caption("The Atomium at night. Credit: Jane Doe") == ParsedImage(
        caption="The Atomium at night.", credit=Credit(photographer="Jane Doe")
    )


def test_photo_label_with_name_and_agency_gives_both():
    assert split_caption("The Atomium at night. Photo: Jane Doe / Belga") == ParsedImage(
        caption="The Atomium at night.", credit=Credit(photographer="Jane Doe", agency="Belga")
    )


def test_photo_label_with_all_caps_name_gives_agency():
    assert split_caption("The Atomium at night. Photo: ANP").credit == Credit(agency="ANP")


def test_copyright_sign_with_known_agency_gives_agency():
    assert split_caption("The Atomium at night. © Reuters") == ParsedImage(
        caption="The Atomium at night.", credit=Credit(agency="Reuters")
    )


def test_copyright_sign_with_person_gives_photographer():
    assert split_caption("The Atomium at night. © Jane Doe").credit == Credit(
        photographer="Jane Doe"
    )


def test_parenthesised_photo_credit_is_split_off():
    assert split_caption("The Atomium at night. (Photo: John Smith)") == ParsedImage(
        caption="The Atomium at night.", credit=Credit(photographer="John Smith")
    )


def test_parenthesised_photo_credit_with_agency_gives_both():
    assert split_caption("The Atomium. (Photo: John Smith / EPA)").credit == Credit(
        photographer="John Smith", agency="EPA"
    )


def test_well_known_agency_in_mixed_case_is_an_agency():
    assert split_caption("The Atomium. Credit: Getty Images").credit == Credit(
        agency="Getty Images"
    )


def test_agency_written_before_the_photographer_is_still_the_agency():
    assert split_caption("The Atomium. Photo: Belga / Jane Doe").credit == Credit(
        photographer="Jane Doe", agency="Belga"
    )


def test_caption_without_credit_is_all_caption():
    line = "Mark Rutte in Kyiv on February 3, 2026."

    assert split_caption(line) == ParsedImage(caption=line, credit=None)


def test_slash_inside_a_sentence_is_not_a_credit():
    line = "Leaders at the EU / NATO summit in Brussels."

    assert split_caption(line) == ParsedImage(caption=line, credit=None)


def test_slash_inside_a_sentence_before_a_real_credit_is_kept_in_the_caption():
    assert split_caption("The EU / NATO summit. Jane Doe / Belga") == ParsedImage(
        caption="The EU / NATO summit.", credit=Credit(photographer="Jane Doe", agency="Belga")
    )


def test_slash_in_an_unfinished_last_sentence_is_not_a_credit():
    line = "Prices rose. Bread / milk costs more"

    assert split_caption(line).credit is None


def test_caption_without_sentence_end_gives_up_its_trailing_name():
    assert split_caption("Mark Rutte in Kyiv Andrii Nesterenko / AFP") == ParsedImage(
        caption="Mark Rutte in Kyiv", credit=Credit(photographer="Andrii Nesterenko", agency="AFP")
    )


def test_credit_alone_has_an_empty_caption():
    assert split_caption("Jane Doe / Belga") == ParsedImage(
        caption="", credit=Credit(photographer="Jane Doe", agency="Belga")
    )


def test_initial_in_the_name_is_not_a_sentence_end():
    assert split_caption("The Atomium. J. Smith / AP").credit == Credit(
        photographer="J. Smith", agency="AP"
    )


def test_name_particles_stay_in_the_name():
    assert split_caption("The Atomium. Ludwig van Beethoven / ANP").credit == Credit(
        photographer="Ludwig van Beethoven", agency="ANP"
    )


def test_sentence_ending_in_a_closing_quote_is_a_sentence_end():
    assert split_caption('He said "never." Jane Doe / EPA') == ParsedImage(
        caption='He said "never."', credit=Credit(photographer="Jane Doe", agency="EPA")
    )


def test_surrounding_whitespace_is_ignored():
    assert split_caption("  The Atomium. Credit: AFP \t").caption == "The Atomium."


def test_all_caps_name_is_an_agency():
    assert is_agency("EPA-EFE")


def test_listed_agency_name_is_an_agency_whatever_its_case():
    assert is_agency("associated press")


def test_person_name_is_not_an_agency():
    assert not is_agency("Jane Doe")


def test_parenthesised_remark_without_label_is_not_a_credit():
    line = "The Atomium. (Picture taken in 2020)"

    assert split_caption(line) == ParsedImage(caption=line, credit=None)


def test_greek_name_before_an_agency_is_the_photographer():
    assert split_caption("The harbour of Piraeus. Γιώργος Νικολάου / Eurokinissi") == ParsedImage(
        caption="The harbour of Piraeus.",
        credit=Credit(photographer="Γιώργος Νικολάου", agency="Eurokinissi"),
    )


def test_greek_capitals_after_a_greek_name_are_the_agency():
    assert split_caption("The port at dawn. Γιώργος Νικολάου / ΑΠΕ-ΜΠΕ").credit == Credit(
        photographer="Γιώργος Νικολάου", agency="ΑΠΕ-ΜΠΕ"
    )


def test_cyrillic_name_after_a_photo_label_is_the_photographer():
    assert split_caption("A square in Kyiv. Photo: Андрій Нестеренко").credit == Credit(
        photographer="Андрій Нестеренко"
    )


def test_chinese_name_without_capitals_is_the_photographer():
    assert split_caption("A street in Beijing. 王伟 / Xinhua") == ParsedImage(
        caption="A street in Beijing.", credit=Credit(photographer="王伟", agency="Xinhua")
    )


def test_chinese_full_stop_ends_the_caption_before_the_name():
    assert split_caption("北京的街道。王伟 / Xinhua") == ParsedImage(
        caption="北京的街道。", credit=Credit(photographer="王伟", agency="Xinhua")
    )


def test_arabic_name_before_an_agency_is_the_photographer():
    assert split_caption("A market in Cairo. محمد علي / AFP").credit == Credit(
        photographer="محمد علي", agency="AFP"
    )


def test_turkish_dotless_i_is_kept_in_the_name():
    assert split_caption("A crowd in Istanbul. Yiğit Yıldırım / AFP").credit == Credit(
        photographer="Yiğit Yıldırım", agency="AFP"
    )
