"""The report form's validation table: each bad entry gets a message beside its field, keeps what was
typed, stores nothing and never answers 500."""
import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.impact.models import Report, ReportEvent, ReportEvidence

GOOD = {"value": "120", "evidence_level": "documented", "people_covered": "12", "measured_on": "2025-05-10",
        "narrative": "Spring season."}

# (what is wrong, the fields changed, the field that carries the message, the text it says)
CASES = [
    ("text in a number field", {"value": "many"}, "value", "Type a number"),
    ("a number field left empty", {"value": ""}, "value", "Fill in the value"),
    ("a negative value", {"value": "-5"}, "value", "cannot be below"),
    ("parts that do not add up", {"d_gender_woman": "50", "d_gender_man": "60"}, "d_gender_woman",
     "add up to 110, not to the total 120"),
    ("text in a part", {"d_age_band_18_29": "ten"}, "d_age_band_18_29", "Type a number"),
    ("a percentage above 100", {"deadweight_pct": "120"}, "deadweight_pct", "cannot be above 100"),
    ("an attribution below 0", {"attribution_pct": "-1"}, "attribution_pct", "cannot be below 0"),
    ("a date outside the period", {"measured_on": "2025-08-01"}, "measured_on", "within the period"),
    ("a date that is not one", {"measured_on": "31/31/2025"}, "measured_on", "Not a valid date"),
    ("people as a fraction", {"people_covered": "2,5"}, "people_covered", "whole number"),
    ("an unknown evidence level", {"evidence_level": "hearsay"}, "evidence_level", "Not a valid choice"),
    ("a co-deliverer that is not offered", {"co_deliverers": "999999"}, "co_deliverers", "not a valid choice"),
]


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m))
                     for m in (Report, ReportEvent, ReportEvidence))


@pytest.mark.parametrize("case,changes,field,message", CASES, ids=[c[0] for c in CASES])
def test_a_bad_entry_is_shown_again_with_its_message(app, people, commit_to, as_role, case, changes, field, message):
    # WORK-PARTICIPANTS allows gender, age band, municipality and target group.
    commitment_id = commit_to(people.business_org, people.business, code="WORK-PARTICIPANTS")
    before = counts(app)
    data = {**GOOD, **changes}
    response = as_role("business").post(f"/impact/commitments/{commitment_id}/reports/2025H1", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page[:400]
    assert f'id="{field}-error"' in page or (field == "co_deliverers" and 'id="co_deliverers-error"' in page), page
    assert message.lower() in page.lower()
    for name, value in data.items():
        if name not in ("evidence_level", "co_deliverers"):
            assert f'value="{value}"' in page or f"{value}</textarea>" in page, (name, value)
    assert counts(app) == before


def test_a_ratio_needs_both_parts_and_a_numerator_within_its_denominator(app, people, commit_to, as_role):
    commitment_id = commit_to(people.business_org, people.business, code="WORK-IN-6M")
    before = counts(app)
    client = as_role("business")
    for data, message in ((({"numerator": "5", "denominator": ""}), "needs a denominator"),
                          ({"numerator": "12", "denominator": "10"}, "cannot be larger than the denominator"),
                          ({"numerator": "3", "denominator": "0"}, "cannot be 0")):
        response = client.post(f"/impact/commitments/{commitment_id}/reports/2025H1",
                               data={**data, "evidence_level": "documented"})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert counts(app) == before


def test_an_evidence_file_that_is_not_what_it_says_stores_nothing(app, people, commit_to, as_role):
    commitment_id = commit_to(people.business_org, people.business, code="VOL-HOURS")
    before = counts(app)
    response = as_role("business").post(
        f"/impact/commitments/{commitment_id}/reports/2025H1", content_type="multipart/form-data",
        data={**GOOD, "evidence_file": (io.BytesIO(b"<html>not a pdf</html>"), "log.pdf")})
    assert response.status_code == 400 and "is not a PDF file" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_good_report_with_evidence_is_stored_and_the_file_can_be_downloaded(app, people, commit_to, as_role):
    commitment_id = commit_to(people.business_org, people.business, code="VOL-HOURS")
    client = as_role("business")
    response = client.post(f"/impact/commitments/{commitment_id}/reports/2025H1", content_type="multipart/form-data",
                           data={**GOOD, "evidence_file": (io.BytesIO(b"%PDF-1.4 the volunteer log"), "log.pdf")})
    assert response.status_code == 302
    with app.app_context():
        evidence = db.session.scalar(sa.select(ReportEvidence))
        evidence_id = evidence.id
    download = client.get(f"/impact/evidence/{evidence_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert as_role("group").get(f"/impact/evidence/{evidence_id}").status_code == 403
