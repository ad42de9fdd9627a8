"""The match engine on its own: analysis, filters, scores that add up, hand-checked ranking."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import engine
from app.matching.engine import NeedProfile, OfferingProfile
from app.text.ranking import self_weight


def offering(id, category="cleaning", municipalities=("1280",), whole_region=False, home="1280",
             languages=("sv",), capacity=1, available=True, themes=(), certified=False, past_success=0.0):
    return OfferingProfile(id=id, organisation_id=100 + id, category=category, municipalities=frozenset(municipalities),
                           whole_region=whole_region, home_municipality=home, languages=frozenset(languages),
                           capacity=capacity, available=available, themes=frozenset(themes), certified=certified,
                           past_success=past_success)


def need(id=1, category="cleaning", municipality="1280", language="sv", required_capacity=0, is_open=True,
         themes=(), past_success=0.0):
    return NeedProfile(id=id, organisation_id=1, category=category, municipality=municipality, language=language,
                       required_capacity=required_capacity, is_open=is_open, themes=frozenset(themes),
                       past_success=past_success)


def corpus(texts):
    """Analyse {id: (title, description)} into what the index would hold: texts and statistics."""
    analysed = {i: engine.analyse(title, body) for i, (title, body) in texts.items()}
    df = {}
    for a in analysed.values():
        for term in a.terms:
            df[term] = df.get(term, 0) + 1
    average = sum(a.length for a in analysed.values()) / len(analysed)
    stats = engine.TextStats(len(analysed), average, df)
    return {i: (a.terms, self_weight(a.terms)) for i, a in analysed.items()}, stats


# -- analysis --------------------------------------------------------------------------------------
def test_swedish_stemming_makes_definite_forms_match():
    a = engine.analyse("Återvinning", "")
    b = engine.analyse("", "Vi sköter återvinningen av möbler.")
    assert set(a.terms) & set(b.terms) == {"återvinning"}
    texts, stats = corpus({1: ("Återvinningen av kontorsmöbler", "Vi hämtar och renoverar möbler."),
                           2: ("Catering", "Luncher och fika till konferenser.")})
    query = engine.prepare_pair_query(a.terms, stats)
    value, parts = engine.pair_fit(query, *texts[1])
    assert value > 0 and "återvinning" in parts
    assert engine.pair_fit(query, *texts[2])[0] == 0


def test_english_stemming_and_stop_words():
    analysis = engine.analyse("Cleaning offices", "We clean the offices and the stairwells of housing companies.")
    assert analysis.language == "en"
    # Theme words become the vocabulary's shared term (the Swedish one): "offices" is "kontor".
    # "cleaning" and "clean" both give the stem "clean", which is the theme word städning.
    assert {"städning", "kont", "trapphus", "bost"} <= set(analysis.terms)
    assert "the" not in analysis.terms and "and" not in analysis.terms
    assert analysis.terms["kont"] == engine.TITLE_WEIGHT + 1  # title words count double
    assert analysis.words["kont"] == "offices"


def test_language_is_detected_from_the_text():
    assert engine.analyse("Lunch till personalen", "Vi vill ha lunch och fika till våra möten.").language == "sv"
    assert engine.analyse("Lunch for the staff", "We want lunch and coffee for our meetings.").language == "en"


# -- filters ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("change,failed", [
    (dict(category="catering"), "category"),
    (dict(municipalities=("1281",)), "geography"),
    (dict(capacity=0), "capacity"),
    (dict(available=False), "availability"),
    (dict(languages=("en",)), "language"),
])
def test_each_hard_filter_excludes_what_it_should(change, failed):
    the_need = need(required_capacity=1)
    good = offering(1)
    bad = offering(2, **change)
    assert all(engine.filter_results(the_need, good).values())
    results = engine.filter_results(the_need, bad)
    assert [name for name, ok in results.items() if not ok] == [failed]
    query = engine.prepare_pair_query({}, engine.TextStats(2, 1, {}))
    ranked = engine.rank_offerings(the_need, [good, bad], query, [], engine.normalise_weights())
    assert [r.id for r in ranked] == [1]


def test_a_closed_need_lists_nothing_and_the_whole_region_covers_skane_only():
    query = engine.prepare_pair_query({}, engine.TextStats(1, 1, {}))
    weights = engine.normalise_weights()
    assert engine.rank_offerings(need(is_open=False), [offering(1)], query, [], weights) == []
    everywhere = offering(1, municipalities=(), whole_region=True, home="1283")
    assert [r.id for r in engine.rank_offerings(need(municipality="1290"), [everywhere], query, [], weights)] == [1]
    assert engine.rank_offerings(need(municipality="outside"), [everywhere], query, [], weights) == []


def test_declined_pairs_never_return_in_either_direction():
    the_need = need(id=7)
    offerings = [offering(1), offering(2)]
    query = engine.prepare_pair_query({}, engine.TextStats(2, 1, {}))
    weights = engine.normalise_weights()
    declined = frozenset({(7, 2)})
    assert [r.id for r in engine.rank_offerings(the_need, offerings, query, [], weights, declined)] == [1]
    assert engine.rank_needs(offerings[1], [the_need], query, [], weights, declined) == []
    assert engine.filter_results(the_need, offerings[1], declined)["not_declined"] is False


# -- scores and explanations -----------------------------------------------------------------------
TEXTS = {
    1: ("Trappstädning i bostadsområden", "Vi städar trapphus och tvättstugor åt bostadsbolag i Malmö, varje vecka."),
    2: ("Kontorsstädning", "Daglig städning av kontor och konferensrum."),
    3: ("Fönsterputs", "Fönsterputs för butiker och kontor."),
    4: ("Storstädning och flyttstädning", "Flyttstädning av lägenheter åt bostadsbolag."),
}


def hand_fixture():
    texts, stats = corpus(TEXTS)
    need_text = engine.analyse("Trappstädning åt vårt bostadsbolag",
                               "Vi söker någon som städar trapphus och tvättstugor i våra bostadsområden.")
    query = engine.prepare_pair_query(need_text.terms, stats)
    the_need = need(themes=("long_term_unemployed", "local_community"))
    offerings = [
        offering(1, home="1280", themes=("long_term_unemployed",)),
        offering(2, home="1281", themes=("long_term_unemployed", "local_community"), certified=True),
        offering(3, home="1283", municipalities=(), whole_region=True),
        offering(4, home="1280", past_success=engine.past_success(2)),
    ]
    return the_need, offerings, query, texts, need_text


def test_hand_checked_ranking_on_a_small_fixture():
    """Worked out with the default weights (text .45, theme .15, geography .15, certification .10,
    past success .15). The text fit is symmetric: the sum over shared terms of IDF x the need's
    saturation x the offering's (a title word or a word said twice 1, a body word ½), over
    sqrt(W_need x W_offering) x the reference IDF (N = 4 texts: IDF of a term in one text in a
    hundred, df 1, = ln(1 + 3.5/1.5) = 1.204), where W is a text's sum of squared saturations.

    1. Same job in the same town: eight shared terms (trappstädning, trapp, städning, bostadsområd,
       städ, trapphus, tvättstug, bostadsbolag): text .731; themes 1 of 2 = .5; based in Malmö = 1.
       .45 x .731 + .15 x .5 + .15 = .554.
    2. Shares only "städning" (text .066), both goals, listed for Malmö (.7) and certified:
       .030 + .15 + .105 + .10 = .385.
    4. Shares "städning" and "bostadsbolag" (text .111), based in Malmö, two customers won before:
       past success is the pair's, the mean of the business's .75 and the organisation's 0 = .375;
       .050 + .15 + .056 = .256.
    3. Nothing shared; only travels anywhere in Skåne (.4): .06.
    """
    the_need, offerings, query, texts, _ = hand_fixture()
    weights = engine.normalise_weights()
    ranked = engine.rank_offerings(the_need, offerings, query, engine.postings_of(texts), weights)
    assert [r.id for r in ranked] == [1, 2, 4, 3]
    assert [round(r.score, 3) for r in ranked] == [0.554, 0.385, 0.256, 0.06]
    assert round(ranked[0].values[0], 3) == 0.731
    value, parts = engine.pair_fit(query, *texts[1])
    assert set(parts) == {"trappstädning", "trapp", "städning", "bostadsområd", "städ", "trapphus", "tvättstug",
                          "bostadsbolag"}
    assert abs(value - ranked[0].values[0]) < 1e-12  # one text alone, or all texts at once: the same fit
    assert ranked[0].values[2] == engine.GEOGRAPHY_HOME
    assert ranked[-1].values[2] == engine.GEOGRAPHY_REGION


def test_components_add_up_to_the_score_and_lie_in_the_unit_interval():
    the_need, offerings, query, texts, need_text = hand_fixture()
    weights = engine.normalise_weights({"certification": 0.3})
    assert math.isclose(sum(weights), 1.0)
    for ranked in engine.rank_offerings(the_need, offerings, query, engine.postings_of(texts), weights):
        explanation = engine.explain(ranked, weights, need_text.words, engine.pair_fit(query, *texts[ranked.id])[1])
        assert explanation.score == ranked.score
        assert math.isclose(sum(c.contribution for c in explanation.components), ranked.score, abs_tol=1e-12)
        assert all(0 <= c.value <= 1 for c in explanation.components)
        assert 0 <= ranked.score <= 1
        assert explanation.filters == engine.FILTERS
    best = engine.rank_offerings(the_need, offerings, query, engine.postings_of(texts), weights)[0]
    top = engine.explain(best, weights, need_text.words, engine.pair_fit(query, *texts[best.id])[1])
    assert "trappstädning" in top.top_terms  # the readable word, not the stem


def test_weights_come_from_configuration_and_dropped_components_vanish():
    weights = engine.normalise_weights({"text": 1, "theme": 0, "geography": 0, "certification": 0, "past_success": 0})
    assert weights == (1.0, 0.0, 0.0, 0.0, 0.0)
    without = engine.normalise_weights(without=("certification",))
    assert without[3] == 0 and math.isclose(sum(without), 1)
    with pytest.raises(ValueError):
        engine.normalise_weights({"text": -1})
    the_need, offerings, query, texts, _ = hand_fixture()
    ranked = engine.rank_offerings(the_need, offerings, query, engine.postings_of(texts), without)
    assert all(c.name != "certification" for c in engine.explain(ranked[0], without).components)


def test_certification_gives_a_visible_boost():
    query = engine.prepare_pair_query({}, engine.TextStats(2, 1, {}))
    weights = engine.normalise_weights()
    ranked = engine.rank_offerings(need(), [offering(1), offering(2, certified=True)], query, [], weights)
    assert [r.id for r in ranked] == [2, 1]
    boost = next(c for c in engine.explain(ranked[0], weights).components if c.name == "certification")
    assert boost.value == 1 and boost.contribution == weights[3]


def test_ranking_for_an_offering_uses_the_same_scores():
    query_text = engine.analyse(*TEXTS[1])
    needs_texts, stats = corpus({10: ("Trappstädning", "Städning av trapphus i bostadsområden."),
                                 11: ("Kontorsstädning", "Städning av kontor.")})
    query = engine.prepare_pair_query(query_text.terms, stats)
    weights = engine.normalise_weights(without=("certification",))
    ranked = engine.rank_needs(offering(1), [need(id=11), need(id=10)], query, engine.postings_of(needs_texts), weights)
    assert [r.id for r in ranked] == [10, 11]
    assert engine.explain(ranked[0], weights).score == ranked[0].score


@settings(max_examples=60, deadline=None)
@given(values=st.tuples(*[st.floats(0, 1)] * 5),
       raw=st.dictionaries(st.sampled_from(engine.COMPONENTS), st.floats(0.01, 10), min_size=1))
def test_any_weights_keep_the_score_in_range_and_additive(values, raw):
    weights = engine.normalise_weights({name: raw.get(name, 0) for name in engine.COMPONENTS})
    ranked = engine.Ranked(1, engine.weighted_score(values, weights), values, need(), offering(1))
    explanation = engine.explain(ranked, weights)
    assert 0 <= ranked.score <= 1 + 1e-9
    assert explanation.score == ranked.score


def test_the_ranking_loop_gives_the_values_and_scores_of_component_values():
    """engine._rank writes out component_values and weighted_score for speed: both must agree exactly."""
    import random

    rng = random.Random(7)
    themes = ["environment", "youth", "newcomers", "local_community"]
    places = ["1280", "1283", "1290", "outside"]
    weights = engine.normalise_weights()
    pairs, scores = [], {}
    for i in range(300):
        need = engine.NeedProfile(id=1, organisation_id=1, category="cleaning", municipality=rng.choice(places),
                                  language="sv", required_capacity=1, is_open=True,
                                  themes=frozenset(rng.sample(themes, rng.randint(0, 3))),
                                  past_success=rng.choice([0.0, 0.5, 0.75]))
        offering = engine.OfferingProfile(
            id=i, organisation_id=i, category="cleaning", municipalities=frozenset(rng.sample(places, 2)),
            whole_region=rng.random() < 0.5, home_municipality=rng.choice(places), languages=frozenset({"sv"}),
            capacity=2, available=True, themes=frozenset(rng.sample(themes, rng.randint(0, 3))),
            certified=rng.random() < 0.3, past_success=rng.choice([0.0, 0.5]))
        scores[i] = rng.random()
        pairs.append((need, offering, i))
    for ranked in engine._rank(pairs, scores, weights):
        values = engine.component_values(ranked.need, ranked.offering, scores[ranked.id])
        assert ranked.values == values and ranked.score == engine.weighted_score(values, weights)
