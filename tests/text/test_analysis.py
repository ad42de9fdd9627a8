"""The one text analysis: folding, base forms, compounds, the bilingual vocabulary, stop words."""
import pytest

from app.text import analyse, fold, tokenise
from app.text.analysis import split_compound, term
from app.text.search import parse, snippet
from app.text.vocabulary import entries


@pytest.mark.parametrize("word,folded", [
    ("Ängelholm", "ängelholm"), ("CAFÉ", "cafe"), ("Åsa", "åsa"), ("Ørsted", "örsted"), ("Æble", "äble"),
    ("Müller", "muller"), ("Straße", "strasse"), ("façade", "facade"),
])
def test_folding_keeps_å_ä_ö_and_removes_other_accents(word, folded):
    assert fold(word) == folded


def test_words_short_numbers_and_hyphens():
    assert tokenise("E-tjänster för 12 barn år 2030, i Malmö!") == ["tjänster", "för", "barn", "år", "2030", "malmö"]


@pytest.mark.parametrize("forms", [
    ("klimatet", "klimat"), ("ungdomar", "ungdomarna", "ungdom"), ("barnen", "barn", "barnet"),
    ("cyklar", "cykel"), ("konferenser", "konferens"), ("mötet", "möte"), ("kvinnor", "kvinna"),
    ("föreningar", "förening", "föreningen"),
])
def test_inflected_swedish_forms_give_one_term(forms):
    assert len({term(fold(f), "sv") for f in forms}) == 1, {f: term(fold(f), "sv") for f in forms}


@pytest.mark.parametrize("compound,parts", [
    ("föreningsidrotten", ("förening", "idrott")), ("eftermiddagsfika", ("eftermiddag", "fika")),
    ("arbetsmarknadskonferens", ("arbetsmarknad", "konferens")), ("läxhjälpen", ()), ("ungdomar", ()),
])
def test_compounds_split_into_known_words(compound, parts):
    assert {term(p, "sv") for p in split_compound(fold(compound))} == {term(p, "sv") for p in parts}


def test_a_compound_indexes_itself_and_its_parts():
    terms = analyse("", "Föreningsidrotten i Skåne", "sv").terms
    assert {term("föreningsidrotten", "sv"), term("förening", "sv"), term("idrott", "sv")} <= set(terms)


def test_the_vocabulary_joins_the_two_languages():
    assert len(entries()) >= 150
    assert term("climate", "en") == term("klimatet", "sv")
    assert term("loneliness", "en") == term("ensamhet", "sv")
    assert term("recycling", "en") == term("återbruk", "sv") == term("återvinning", "sv")
    assert term("employment", "en") == term("sysselsättning", "sv") == term("arbete", "sv")
    assert set(analyse("Climate", "", "en").terms) & set(analyse("Klimatet", "", "sv").terms)


def test_language_is_detected_and_its_stop_words_dropped():
    assert analyse("Lunch för personalen", "Vi vill ha lunch och fika till våra möten.").language == "sv"
    assert analyse("Lunch for the staff", "We want lunch and coffee for our meetings.").language == "en"
    assert "och" not in analyse("", "barn och unga", "sv").terms


def test_a_query_word_matches_in_both_languages_and_as_a_prefix():
    (group,) = parse("gard")
    assert group.prefix == "gard" and group.match("garden")
    (cycling,) = parse("cycling")
    assert term("cykel", "sv") in cycling.terms
    assert parse("och the i") == []


def test_snippets_escape_and_mark_the_matching_words():
    marked = snippet("<b>Klimatet</b> och barnen i föreningsidrotten", parse("klimat idrott"))
    assert "&lt;b&gt;<mark>Klimatet</mark>&lt;/b&gt;" in marked and "<mark>föreningsidrotten</mark>" in marked
