"""Scoring rules on hand-computed examples, definition checks, and published versions that never change."""
import pytest
import sqlalchemy as sa

from app.certification.definition import NOT_APPLICABLE, normalise
from app.certification.models import PublishedVersionError, QuestionnaireVersion
from app.certification.scoring import NEARLY_READY, NOT_YET, READY, score
from app.extensions import db


def texts(word):
    return {"en": word, "sv": f"{word} (sv)"}


RAW = {
    "slug": "tiny",
    "title": texts("Tiny"),
    "ready_threshold": 75,
    "nearly_threshold": 50,
    "sections": [
        {"key": "a", "title": texts("A"), "weight": 3, "minimum": 50, "questions": [
            {"key": "a1", "type": "single", "text": texts("a1"), "must_pass": True, "pass_points": 10, "options": [
                {"key": "x", "text": texts("x"), "points": 10},
                {"key": "y", "text": texts("y"), "points": 4},
                {"key": "z", "text": texts("z"), "points": 0},
                {"key": "na", "text": texts("n/a"), "not_applicable": True},
            ]},
            {"key": "a2", "type": "yes_no", "text": texts("a2"), "points": 5, "not_applicable": texts("n/a")},
            {"key": "a3", "type": "number", "text": texts("a3"), "min": 1, "max": 100, "bands": [
                {"max": 3, "points": 10}, {"min": 3.01, "max": 5, "points": 5},
            ]},
        ]},
        {"key": "b", "title": texts("B"), "weight": 1, "minimum": 60, "questions": [
            {"key": "b1", "type": "yes_no", "text": texts("b1"), "points": 10},
            {"key": "b2", "type": "multiple", "text": texts("b2"), "show_if": {"question": "b1", "equals": "yes"},
             "options": [{"key": "p", "text": texts("p"), "points": 3}, {"key": "q", "text": texts("q"), "points": 3},
                         {"key": "r", "text": texts("r"), "points": 4}]},
        ]},
        {"key": "research", "title": texts("R"), "scored": False, "questions": [
            {"key": "need", "type": "scale", "text": texts("need"), "min_label": texts("low"), "max_label": texts("high")},
        ]},
    ],
}
DEFINITION = normalise(RAW)
BEST = {"a1": "x", "a2": "yes", "a3": 2, "b1": "yes", "b2": ["p", "q", "r"], "need": 5}


def test_everything_best_is_ready_at_100():
    result = score(DEFINITION, BEST)
    assert [s.percent for s in result.sections] == [100.0, 100.0]
    assert result.total == 100.0 and result.band == READY and result.gaps == []


def test_not_applicable_removes_points_from_the_available_total():
    # A: a1 10 + a3 (4 -> 5 points) = 15 of 20 (a2 n/a leaves the total) = 75 %, not 15/25 = 60 %.
    # B: b1 10 + b2 p 3 = 13 of 20 = 65 %. Total (75*3 + 65*1) / 4 = 72.5 -> nearly ready.
    result = score(DEFINITION, {**BEST, "a2": "na", "a3": 4, "b2": ["p"]})
    assert result.section("a").available == 20 and result.section("a").earned == 15
    assert result.section("a").percent == 75.0
    assert result.section("b").percent == 65.0
    assert result.total == 72.5
    assert result.band == NEARLY_READY
    assert result.questions["a2"].not_applicable and result.questions["a2"].available == 0
    # The gap list: a3 may add 5/20 of A (weight 3/4) = 18.75 points; b2 7/20 of B (1/4) = 8.75.
    assert [(g.key, g.gain) for g in result.gaps] == [("a3", 18.8), ("b2", 8.8)]


def test_not_applicable_number_and_must_pass():
    # a1 not applicable: the must-pass criterion is not counted, and A = (5 + 10) / 15 = 100 %.
    result = score(DEFINITION, {**BEST, "a1": "na"})
    assert result.section("a").percent == 100.0
    assert [m.met for m in result.must_pass] == [None]
    assert result.band == READY


def test_hidden_questions_do_not_count():
    # b1 "no" hides b2: its answer (10 points) neither counts nor is available. B = 0 of 10.
    # Total (100*3 + 0) / 4 = 75, but B is below its minimum of 60 -> nearly ready.
    result = score(DEFINITION, {**BEST, "b1": "no"})
    assert "b2" not in result.questions
    assert result.section("b").available == 10 and result.section("b").percent == 0.0
    assert result.total == 75.0
    assert result.band == NEARLY_READY


def test_failed_must_pass_gives_not_yet_whatever_the_total():
    # a1 "y" earns 4 < 10 pass points. A = (4+5+10)/25 = 76 %, B 100 %: total (228 + 100)/4 = 82.
    result = score(DEFINITION, {**BEST, "a1": "y"})
    assert result.total == 82.0
    assert [m.met for m in result.must_pass] == [False]
    assert result.band == NOT_YET


def test_section_minimum_is_enforced():
    # A 100 %, B: b1 10 of 20 = 50 % < minimum 60. Total (300 + 50)/4 = 87.5 >= 75, yet not ready.
    result = score(DEFINITION, {**BEST, "b2": None})
    assert result.total == 87.5
    assert not result.section("b").meets_minimum
    assert result.band == NEARLY_READY


def test_unanswered_questions_count_as_zero_and_low_totals_are_not_yet():
    result = score(DEFINITION, {"a1": "x"})
    assert result.section("a").percent == 40.0  # 10 of 25
    assert result.section("b").percent == 0.0
    assert result.total == 30.0 and result.band == NOT_YET


def test_number_bands_and_not_applicable_number():
    raw = {**RAW, "sections": [dict(RAW["sections"][0], questions=[
        dict(RAW["sections"][0]["questions"][2], not_applicable=texts("none"))])]}
    definition = normalise(raw)
    assert score(definition, {"a3": 3}).total == 100.0
    assert score(definition, {"a3": 5}).total == 50.0
    assert score(definition, {"a3": 6}).total == 0.0
    assert score(definition, {"a3": NOT_APPLICABLE}).section("a").percent is None


def test_editing_a_published_version_raises(app):
    from app.certification.services import load_definition

    with app.app_context():
        version, outcome = load_definition(DEFINITION, publish=True)
        db.session.commit()
        assert outcome == "published"
        changed = normalise({**RAW, "ready_threshold": 90})
        version.definition = changed
        with pytest.raises(PublishedVersionError):
            db.session.flush()
        db.session.rollback()
        version = db.session.scalar(sa.select(QuestionnaireVersion))
        db.session.delete(version)
        with pytest.raises(PublishedVersionError):
            db.session.flush()
        db.session.rollback()
        # A change is a new version; the first stays as it was.
        second, outcome = load_definition(changed, publish=True)
        db.session.commit()
        assert (second.number, outcome) == (2, "published")
        first = db.session.scalar(sa.select(QuestionnaireVersion).where(QuestionnaireVersion.number == 1))
        assert first.definition["ready_threshold"] == 75


def test_a_draft_can_change_until_published(app):
    from app.certification.services import load_definition, publish_version

    with app.app_context():
        draft, outcome = load_definition(DEFINITION, publish=False)
        assert outcome == "draft created"
        same, outcome = load_definition(normalise({**RAW, "ready_threshold": 80}), publish=False)
        assert same.id == draft.id and outcome == "draft updated"
        publish_version(draft)
        db.session.commit()
        assert load_definition(draft.definition)[1] == "unchanged"
