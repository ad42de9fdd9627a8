"""The questionnaire editor: draft from the current version, edit with checks that name the place, preview, publish."""
import re

import pytest
import sqlalchemy as sa
import yaml

from app.certification.models import QuestionnaireVersion, VersionState
from app.extensions import db


def versions(app):
    with app.app_context():
        return [(v.number, v.state) for v in db.session.scalars(
            sa.select(QuestionnaireVersion).order_by(QuestionnaireVersion.number))]


def test_draft_edit_preview_and_publish(app, login, people, version):
    coordinator = login(people.coordinator)
    response = coordinator.post("/certification/questionnaires/draft")
    assert response.status_code == 302
    assert versions(app) == [(1, VersionState.published), (2, VersionState.draft)]
    edit = response.headers["Location"].replace("/edit", "/yaml")
    page = coordinator.get(edit).get_data(as_text=True)
    text = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    import html

    raw = yaml.safe_load(html.unescape(text))
    # A mistake is refused, and the message names where it is.
    kind = raw["sections"][1]["questions"][0]["type"]
    raw["sections"][1]["questions"][0]["type"] = "essay"
    response = coordinator.post(edit, data={"definition": yaml.safe_dump(raw, allow_unicode=True)})
    assert response.status_code == 422
    assert "sections[1].questions[0].type: Input should be" in response.get_data(as_text=True)
    # A real change: a new weight and new advice.
    raw["sections"][1]["questions"][0]["type"] = kind
    raw["sections"][1]["weight"] = 3  # the first scored section
    raw["sections"][0]["questions"][0]["advice"] = {"en": "Ask the registration office.", "sv": "Fråga Bolagsverket."}
    response = coordinator.post(edit, data={"definition": yaml.safe_dump(raw, allow_unicode=True)})
    assert response.status_code == 302 and "preview" in response.headers["Location"]
    preview = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "weight 3" in preview
    with app.app_context():
        draft = db.session.scalars(sa.select(QuestionnaireVersion).where(QuestionnaireVersion.number == 2)).one()
        draft_id = draft.id
        assert draft.definition["sections"][1]["weight"] == 3
    exported = coordinator.get(f"/certification/questionnaires/{draft_id}.yaml")
    assert exported.status_code == 200 and "Fråga Bolagsverket." in exported.get_data(as_text=True)
    assert coordinator.post(f"/certification/questionnaires/{draft_id}/publish").status_code == 302
    assert versions(app) == [(1, VersionState.published), (2, VersionState.published)]
    # A published version cannot be edited any more.
    assert coordinator.get(f"/certification/questionnaires/{draft_id}/edit").status_code == 409


def test_not_yaml_is_refused_with_the_reason(app, login, people, version):
    coordinator = login(people.coordinator)
    edit = coordinator.post("/certification/questionnaires/draft").headers["Location"].replace("/edit", "/yaml")
    response = coordinator.post(edit, data={"definition": "sections: [unclosed"})
    assert response.status_code == 422 and "not valid YAML" in response.get_data(as_text=True)


def test_the_exported_yaml_loads_back_unchanged(app, login, people, version, definition):
    from app.certification.definition import normalise

    with app.app_context():
        version_id = db.session.scalars(sa.select(QuestionnaireVersion.id)).one()
    text = login(people.coordinator).get(f"/certification/questionnaires/{version_id}.yaml").get_data(as_text=True)
    assert normalise(yaml.safe_load(text)) == definition


@pytest.mark.parametrize("path", ["/certification/questionnaires", "/certification/questionnaires/draft"])
def test_only_coordinators_reach_the_editor(login, people, version, path):
    response = login(people.business).open(path, method="POST" if path.endswith("draft") else "GET")
    assert response.status_code == 403
