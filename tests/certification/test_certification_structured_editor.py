"""The structured questionnaire editor: one section or question at a time, every change checked against the
whole definition, errors on the field with what was typed kept, and nothing stored on error."""
import io

import pytest
import sqlalchemy as sa
import yaml

from app.certification.definition import to_raw
from app.certification.models import QuestionnaireVersion
from app.extensions import db

MISSION, PROFIT = 1, 3  # sections of the default questionnaire


@pytest.fixture
def draft(app, login, people, version):
    coordinator = login(people.coordinator)
    location = coordinator.post("/certification/questionnaires/draft").headers["Location"]
    base = location.removesuffix("/edit")
    return coordinator, base


def stored(app, base):
    with app.app_context():
        return db.session.get(QuestionnaireVersion, int(base.rsplit("/", 1)[1])).definition


def question_data(app, base, s, q, **changes):
    """The question form as the browser sends it, filled from the stored question."""
    question = to_raw(stored(app, base))["sections"][s]["questions"][q]
    data = {"key": question["key"], "type": question["type"], "text_en": question["text"]["en"],
            "text_sv": question["text"]["sv"], "advice_en": (question.get("advice") or {}).get("en", ""),
            "advice_sv": (question.get("advice") or {}).get("sv", ""), "points": question.get("points") or "",
            "pass_points": question.get("pass_points") or "",
            "condition_question": (question.get("show_if") or {}).get("question", ""),
            "condition_values": ", ".join((question.get("show_if") or {}).get("in", []))}
    if question.get("must_pass"):
        data["must_pass"] = "y"
    for index, option in enumerate(question.get("options") or []):
        data.update({f"options-{index}-key": option["key"], f"options-{index}-text_en": option["text"]["en"],
                     f"options-{index}-text_sv": option["text"]["sv"], f"options-{index}-points": option["points"]})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_overview_lists_sections_and_questions(app, draft):
    coordinator, base = draft
    page = coordinator.get(f"{base}/edit").get_data(as_text=True)
    assert "Social or environmental mission" in page and "Where is the mission written down?" in page
    assert "Advanced: edit it as YAML" in page and "Import a YAML file" in page


def test_a_section_is_saved_and_a_bad_weight_is_refused_on_its_field(app, draft):
    coordinator, base = draft
    form = coordinator.get(f"{base}/sections/{MISSION}").get_data(as_text=True)
    assert 'value="15"' in form
    data = {"title_en": "Mission first", "title_sv": "Syftet först", "weight": "heavy", "minimum": "60"}
    response = coordinator.post(f"{base}/sections/{MISSION}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="weight-error">Write a number.' in page and 'value="heavy"' in page and 'value="Mission first"' in page
    assert stored(app, base)["sections"][MISSION]["weight"] == 15
    response = coordinator.post(f"{base}/sections/{MISSION}", data=dict(data, weight="20", minimum="150"))
    assert response.status_code == 422 and 'id="minimum-error"' in response.get_data(as_text=True)
    assert coordinator.post(f"{base}/sections/{MISSION}", data=dict(data, weight="20")).status_code == 302
    section = stored(app, base)["sections"][MISSION]
    assert (section["title"], section["weight"], section["minimum"]) == (
        {"en": "Mission first", "sv": "Syftet först"}, 20, 60)


def test_a_question_is_saved_with_options_gate_condition_and_advice(app, draft):
    coordinator, base = draft
    assert coordinator.get(f"{base}/sections/{MISSION}/questions/1").status_code == 200
    data = question_data(app, base, MISSION, 1, **{
        "options-1-points": "6", "options-3-key": "annual_report", "options-3-text_en": "In the annual report",
        "options-3-text_sv": "I årsredovisningen", "options-3-points": "2", "pass_points": "6",
        "advice_en": "Write it down.", "advice_sv": "Skriv ner det.",
        "condition_question": "mission_statement", "condition_values": ""})
    data.pop("condition_question")
    response = coordinator.post(f"{base}/sections/{MISSION}/questions/1", data=data)
    assert response.status_code == 302
    question = stored(app, base)["sections"][MISSION]["questions"][1]
    assert [(o["key"], o["points"]) for o in question["options"]] == [
        ("articles", 10), ("policy", 6), ("nowhere", 0), ("annual_report", 2)]
    assert question["pass_points"] == 6 and question["advice"] == {"en": "Write it down.", "sv": "Skriv ner det."}
    # Emptying a row removes that option; a condition on an earlier answer is kept.
    data = question_data(app, base, PROFIT, 1, condition_values="yes")
    assert coordinator.post(f"{base}/sections/{PROFIT}/questions/1", data=data).status_code == 302
    assert stored(app, base)["sections"][PROFIT]["questions"][1]["show_if"] == {"question": "made_profit", "in": ["yes"]}


@pytest.mark.parametrize("changes,field_id,message", [
    ({"options-1-points": "ten"}, "options-1-points-error", "Write a number."),
    ({"text_sv": ""}, "text_sv-error", "Fill this in."),
    ({"key": "2nd"}, "key-error", "Use letters, digits and _ only"),
    ({"key": "legal_form"}, "key-error", "question key legal_form is used twice"),
    ({"advice_en": "Only English.", "advice_sv": ""}, "advice_sv-error", "Fill this in."),
    ({"options-1-key": "articles"}, "options_errors-error", "option keys used twice: articles"),
    ({"condition_question": "asset_lock_clause", "condition_values": "yes"}, "condition_question-error",
     "must refer to an earlier question"),
    ({"condition_question": "legal_form", "condition_values": "castle"}, "condition_values-error",
     "show_if names unknown options"),
])
def test_question_errors_sit_on_their_field_keep_the_typing_and_store_nothing(app, draft, changes, field_id, message):
    coordinator, base = draft
    before = stored(app, base)
    response = coordinator.post(f"{base}/sections/{MISSION}/questions/1",
                                data=question_data(app, base, MISSION, 1, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field_id}">' in page and message in page.split(f'id="{field_id}">', 1)[1][:300]
    for value in changes.values():
        if value:
            assert f'value="{value}"' in page or f">{value}</textarea>" in page or value in page
    assert stored(app, base) == before


def test_add_move_and_remove(app, draft):
    coordinator, base = draft
    response = coordinator.post(f"{base}/sections/new", data={"key": "climate", "title_en": "Climate",
                                                              "title_sv": "Klimat"})
    assert response.status_code == 302
    sections = stored(app, base)["sections"]
    new = len(sections) - 1
    assert sections[new]["key"] == "climate" and len(sections[new]["questions"]) == 1
    response = coordinator.post(f"{base}/sections/{new}/questions/new", data={
        "key": "emissions", "type": "single", "text_en": "Do you measure emissions?", "text_sv": "Mäter ni utsläpp?"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/sections/{new}/questions/1")
    assert coordinator.post(f"{base}/sections/{new}/questions/1/up").status_code == 302
    assert [q["key"] for q in stored(app, base)["sections"][new]["questions"]] == ["emissions", "climate_question"]
    assert coordinator.post(f"{base}/sections/{new}/questions/1/remove").status_code == 302
    assert coordinator.post(f"{base}/sections/{new}/up").status_code == 302
    assert stored(app, base)["sections"][new - 1]["key"] == "climate"
    assert coordinator.post(f"{base}/sections/{new - 1}/remove").status_code == 302
    assert "climate" not in [s["key"] for s in stored(app, base)["sections"]]


def test_a_move_that_breaks_the_definition_is_refused_and_stores_nothing(app, draft):
    coordinator, base = draft
    before = stored(app, base)
    # The reinvested share is shown only when a profit was made: the condition must stay after that question.
    response = coordinator.post(f"{base}/sections/{PROFIT}/questions/0/down")
    assert response.status_code == 422
    assert "show_if must refer to an earlier question" in response.get_data(as_text=True)
    response = coordinator.post(f"{base}/sections/new", data={"key": "climate", "title_en": "Again", "title_sv": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="title_sv-error"' in page and 'value="Again"' in page
    response = coordinator.post(f"{base}/sections/new", data={"key": "mission", "title_en": "Again", "title_sv": "Igen"})
    assert response.status_code == 422 and "section key mission is used twice" in response.get_data(as_text=True)
    assert stored(app, base) == before


def test_a_yaml_file_is_imported_into_the_draft_checked_the_same_way(app, draft):
    coordinator, base = draft
    raw = to_raw(stored(app, base))
    raw["sections"][MISSION]["weight"] = 25
    good = yaml.safe_dump(raw, allow_unicode=True).encode()
    response = coordinator.post(f"{base}/import", data={"file": (io.BytesIO(good), "questionnaire.yaml")},
                                content_type="multipart/form-data")
    assert response.status_code == 302 and stored(app, base)["sections"][MISSION]["weight"] == 25
    raw["sections"][2]["questions"][0]["weight"] = 3
    bad = yaml.safe_dump(raw, allow_unicode=True).encode()
    response = coordinator.post(f"{base}/import", data={"file": (io.BytesIO(bad), "questionnaire.yaml")},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert "sections[2].questions[0].weight: Extra inputs are not permitted" in response.get_data(as_text=True)
    response = coordinator.post(f"{base}/import", data={"file": (io.BytesIO(b"slug: [unclosed"), "x.yaml")},
                                content_type="multipart/form-data")
    assert response.status_code == 422 and "not valid YAML" in response.get_data(as_text=True)
    raw["sections"][2]["questions"][0].pop("weight")
    other = yaml.safe_dump(dict(raw, slug="another"), allow_unicode=True).encode()
    response = coordinator.post(f"{base}/import", data={"file": (io.BytesIO(other), "x.yaml")},
                                content_type="multipart/form-data")
    assert response.status_code == 422 and "The slug must stay" in response.get_data(as_text=True)
    assert stored(app, base)["sections"][MISSION]["weight"] == 25


def test_a_published_version_cannot_be_edited_in_any_way(app, draft):
    coordinator, base = draft
    assert coordinator.post(f"{base}/publish").status_code == 302
    for path in ("/edit", "/yaml", "/import", f"/sections/{MISSION}", f"/sections/{MISSION}/questions/0"):
        assert coordinator.get(base + path).status_code == 409
    assert coordinator.post(f"{base}/sections/{MISSION}/up").status_code == 409


def test_out_of_range_sections_and_questions_are_not_found(app, draft):
    coordinator, base = draft
    assert coordinator.get(f"{base}/sections/99").status_code == 404
    assert coordinator.get(f"{base}/sections/{MISSION}/questions/99").status_code == 404
    assert coordinator.post(f"{base}/sections/99/down").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionnaireVersion)) == 2
