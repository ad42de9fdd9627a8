"""The definition's pydantic models: each bad definition is refused with a message that names its place in the YAML."""
import copy

import pytest

from app.certification.definition import DefinitionError, normalise, parse_yaml, to_raw
from tests.certification.test_certification_scoring import DEFINITION, RAW, texts


def question(raw, s, q):
    return raw["sections"][s]["questions"][q]


TABLE = [
    (lambda d: question(d, 0, 0).pop("text"), "sections[0].questions[0].text", "Field required"),
    (lambda d: question(d, 0, 0)["text"].pop("sv"), "sections[0].questions[0].text.sv", "Field required"),
    (lambda d: question(d, 0, 0)["text"].update(sv="  "), "sections[0].questions[0].text.sv", "at least 1 character"),
    (lambda d: question(d, 0, 0).update(type="essay"), "sections[0].questions[0].type", "Input should be 'single'"),
    (lambda d: question(d, 0, 0).update(key="2nd"), "sections[0].questions[0].key", "must be an identifier"),
    (lambda d: question(d, 0, 0).update(colour="red"), "sections[0].questions[0].colour", "Extra inputs"),
    (lambda d: question(d, 0, 0)["options"][1].update(points="ten"), "sections[0].questions[0].options[1].points",
     "must be a number"),
    (lambda d: question(d, 0, 0)["options"][1].update(points=True), "sections[0].questions[0].options[1].points",
     "must be a number"),
    (lambda d: question(d, 0, 0)["options"][1].update(key="x"), "sections[0].questions[0].options",
     "option keys used twice: x"),
    (lambda d: question(d, 0, 0).update(options=question(d, 0, 0)["options"][:1]), "sections[0].questions[0]",
     "needs at least two options"),
    (lambda d: question(d, 0, 2)["bands"].append({"points": 1}), "sections[0].questions[2].bands[2]", "a band needs min or max"),
    (lambda d: question(d, 2, 0).update(max=30), "sections[2].questions[0]", "at most 11 steps"),
    (lambda d: d["sections"][0].update(weight=0), "sections[0]", "positive weight"),
    (lambda d: d["sections"][1].update(weight="heavy"), "sections[1].weight", "must be a number"),
    (lambda d: d["sections"][1].update(minimum=120), "sections[1].minimum", "minimum is a percentage"),
    (lambda d: d["sections"][1].update(questions=[]), "sections[1].questions", "at least 1 item"),
    (lambda d: d["sections"][1].update(key="a"), "sections[1].key", "section key a is used twice"),
    (lambda d: question(d, 1, 0).update(key="a1"), "sections[1].questions[0].key", "question key a1 is used twice"),
    (lambda d: question(d, 1, 1).update(show_if={"question": "later", "equals": "x"}),
     "sections[1].questions[1].show_if.question", "must refer to an earlier question"),
    (lambda d: question(d, 1, 1).update(show_if={"question": "b1", "equals": "maybe"}),
     "sections[1].questions[1].show_if", "unknown options ['maybe']"),
    (lambda d: question(d, 1, 1).update(show_if={"question": "b1"}), "sections[1].questions[1].show_if",
     "needs `equals` or `in`"),
    (lambda d: question(d, 2, 0).update(points_per_step=2), "sections[2].questions[0]", "unscored section"),
    (lambda d: question(d, 2, 0).update(must_pass=True), "sections[2].questions[0].must_pass", "scored question"),
    (lambda d: d.update(ready_threshold=40), "ready_threshold", "nearly_threshold <= ready_threshold"),
    (lambda d: d.pop("slug"), "slug", "Field required"),
    (lambda d: d["sections"][0].update(scored=False, weight=0) or d["sections"][1].update(scored=False) or [
        q.update(must_pass=False, points=0, options=[dict(o, points=0) for o in q.get("options", [])], bands=[])
        for s in d["sections"] for q in s["questions"]], "sections", "at least one scored section"),
]


@pytest.mark.parametrize("change,path,message", TABLE, ids=[f"{row[1]}-{row[2][:20]}" for row in TABLE])
def test_each_bad_definition_names_its_place(change, path, message):
    raw = copy.deepcopy(RAW)
    change(raw)
    with pytest.raises(DefinitionError) as caught:
        normalise(raw)
    assert any(where == path and message in said for where, said in caught.value.problems), caught.value.problems
    assert f"{path}: " in str(caught.value)


def test_every_problem_is_reported_at_once():
    raw = copy.deepcopy(RAW)
    question(raw, 0, 0).update(type="essay")
    raw["sections"][1].update(weight="heavy")
    with pytest.raises(DefinitionError) as caught:
        normalise(raw)
    assert {path for path, _message in caught.value.problems} == {"sections[0].questions[0].type", "sections[1].weight"}


def test_yaml_syntax_and_non_mappings_are_refused():
    with pytest.raises(DefinitionError, match="not valid YAML"):
        parse_yaml("sections: [unclosed")
    with pytest.raises(DefinitionError, match="must be a mapping"):
        parse_yaml("- just a list")


def test_a_normalised_definition_loads_back_unchanged():
    assert normalise(to_raw(DEFINITION)) == DEFINITION
    assert normalise({**RAW, "title": texts("Tiny")}) == DEFINITION
