"""Properties of the scoring on many generated answer sets to the default questionnaire."""
import random

from hypothesis import given, settings, strategies as st

from app.certification.definition import load_file
from app.certification.demo import plausible_answers
from app.certification.scoring import NOT_YET, READY, score
from tests.certification.conftest import DEFAULT_FILE

DEFINITION = load_file(DEFAULT_FILE)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 10**9), strength=st.floats(0, 1), sections=st.integers(1, len(DEFINITION["sections"])))
def test_scores_stay_in_range_and_bands_follow_the_rules(seed, strength, sections):
    answers = plausible_answers(DEFINITION, random.Random(seed), strength, sections=sections)
    result = score(DEFINITION, answers)
    assert 0 <= result.total <= 100
    for section in result.sections:
        assert 0 <= section.earned <= section.available
    if result.band == READY:
        assert result.must_pass_met and result.total >= DEFINITION["ready_threshold"]
        assert all(s.meets_minimum for s in result.sections)
    if any(m.met is False for m in result.must_pass):
        assert result.band == NOT_YET
    # Gaps only name questions with points left, largest gain first.
    gains = [g.gain for g in result.gaps]
    assert gains == sorted(gains, reverse=True) and all(g > 0 for g in gains)
    # Answering research questions never changes the score.
    assert score(DEFINITION, {**answers, "need": 1, "reasons": ["other"]}).total == result.total
