"""The catalogue: a checked file, versions that never change once published, and the lookup seam."""
import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from app.impact import services
from app.impact.catalogue import CatalogueError, parse
from app.impact.constants import VersionState
from app.impact.models import IndicatorVersion

ENTRY = {"code": "T-ONE", "name": {"en": "One", "sv": "Ett"}, "definition": {"en": "d", "sv": "d"},
         "level": "output", "unit": "people", "data_type": "count", "direction": "higher", "aggregation": "sum",
         "calculation": {"en": "c", "sv": "c"}, "guidance": {"en": "g", "sv": "g"},
         "evidence": {"en": "e", "sv": "e"}}


@pytest.mark.parametrize("change,message", [
    ({"code": "lower-case"}, "code"),
    ({"name": {"en": "Only English"}}, "name.sv"),
    ({"data_type": "count", "aggregation": "pooled_ratio"}, "pooled ratio needs the data type ratio"),
    ({"disaggregations": ["shoe_size"]}, "disaggregations"),
    ({"sdg": ["18.1"]}, "not an SDG target"),
    ({"level": "vibes"}, "level"),
    ({"colour": "red"}, "colour"),
])
def test_a_broken_file_is_refused_with_where_and_why(change, message):
    with pytest.raises(CatalogueError) as error:
        parse({"slug": "t", "indicators": [{**ENTRY, **change}]})
    assert message in str(error.value) and "T-ONE" in str(error.value) or message in str(error.value)


def test_codes_must_be_unique():
    with pytest.raises(CatalogueError, match="codes used twice: T-ONE"):
        parse({"slug": "t", "indicators": [ENTRY, ENTRY]})


def test_a_new_version_supersedes_the_old_which_never_changes(app, people, catalogue, as_role):
    coordinator = as_role("coordinator")
    form = as_role("coordinator").get("/impact/indicators/VOL-HOURS/draft").get_data(as_text=True)
    assert "Hours of volunteering" in form
    data = {"code": "VOL-HOURS", "name_en": "Hours of volunteering (incl. board work)", "name_sv": "Timmar ideellt",
            "definition_en": "New text.", "definition_sv": "Ny text.", "level": "output", "unit": "hours",
            "data_type": "count", "direction": "higher", "aggregation": "sum", "sdg_targets": "17.17"}
    assert coordinator.post("/impact/indicators/VOL-HOURS/draft", data=data).status_code == 302
    assert coordinator.post("/impact/indicators/VOL-HOURS/publish").status_code == 302
    with app.app_context():
        versions = db.session.scalars(sa.select(IndicatorVersion).join(IndicatorVersion.indicator)
                                      .where(IndicatorVersion.indicator.has(code="VOL-HOURS"))
                                      .order_by(IndicatorVersion.number)).all()
        assert [(v.number, v.state) for v in versions] == [(1, VersionState.superseded), (2, VersionState.published)]
        assert versions[0].superseded_by_id == versions[1].id and versions[0].name_en == "Hours of volunteering"
        with app.test_request_context():
            with pytest.raises(services.Conflict):
                services.edit_draft(versions[0], {"name_en": "Changed"}, db.session.get(User, people.coordinator.id))
    page = as_role("anonymous").get("/impact/indicators/VOL-HOURS/1").get_data(as_text=True)
    assert "superseded by" in page or "ersatt av" in page


def test_other_areas_look_indicators_up_by_code(app, catalogue):
    with app.app_context():
        found = services.indicators_by_code(["VOL-HOURS", "WORK-IN-6M", "NO-SUCH"])
        assert set(found) == {"VOL-HOURS", "WORK-IN-6M"}
        assert found["VOL-HOURS"].unit == "hours"
