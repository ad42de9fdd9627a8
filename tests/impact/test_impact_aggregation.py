"""The alliance's figures, checked against sums worked out by hand."""
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.impact import services
from app.impact.aggregation import Row, aggregate, aggregate_group
from app.impact.constants import Aggregation, EvidenceLevel, ReportState
from app.impact.models import Report, Snapshot


def rows(rule, *values, code="X", version=1, unit="people", **extra):
    return [Row(organisation_id=i + 1, code=code, version=version, unit=unit, aggregation=rule,
                value=None if v is None else Decimal(str(v)), **extra) for i, v in enumerate(values)]


def test_a_sum_adds_raw_values_and_the_adjusted_sum_takes_deadweight_and_attribution_off_each():
    group = rows(Aggregation.sum, 100, 50, 10)
    group[0].deadweight_pct = Decimal(20)  # 100 × 0.8 = 80
    group[1].attribution_pct = Decimal(50)  # 50 × 0.5 = 25
    group[2].deadweight_pct, group[2].attribution_pct = Decimal(10), Decimal(10)  # 10 × 0.9 × 0.9 = 8.1
    figure = aggregate_group(group, committed=5, rule=Aggregation.sum)
    assert figure["raw"] == 160
    assert figure["adjusted"] == pytest.approx(113.1)
    assert (figure["organisations_reported"], figure["organisations_committed"]) == (3, 5)


def test_values_meet_only_with_the_same_code_version_and_unit():
    names = {("X", 1): {"name_en": "X", "name_sv": "X", "aggregation": "sum", "direction": "higher",
                        "level": "output"},
             ("X", 2): {"name_en": "X", "name_sv": "X", "aggregation": "sum", "direction": "higher",
                        "level": "output"}}
    mixed = rows(Aggregation.sum, 1, 2, 3) + rows(Aggregation.sum, 10, 20, 30, version=2) \
        + rows(Aggregation.sum, 100, 200, 300, unit="hours")
    names[("X", 1)]  # the hours rows carry version 1 too, but another unit
    entries = aggregate(mixed, {("X", 1, "people"): 3, ("X", 2, "people"): 3, ("X", 1, "hours"): 3}, names)
    by_key = {(e["code"], e["version"], e["unit"]): e["raw"] for e in entries}
    assert by_key == {("X", 1, "people"): 6, ("X", 2, "people"): 60, ("X", 1, "hours"): 600}


def test_a_pooled_ratio_differs_from_the_mean_of_the_percentages_and_the_pooled_one_is_shown():
    group = [Row(organisation_id=1, code="R", version=1, unit="share", aggregation=Aggregation.pooled_ratio,
                 numerator=Decimal(9), denominator=Decimal(10)),  # 90 %
             Row(organisation_id=2, code="R", version=1, unit="share", aggregation=Aggregation.pooled_ratio,
                 numerator=Decimal(10), denominator=Decimal(100)),  # 10 %
             Row(organisation_id=3, code="R", version=1, unit="share", aggregation=Aggregation.pooled_ratio,
                 numerator=Decimal(1), denominator=Decimal(10))]  # 10 %
    figure = aggregate_group(group, committed=3, rule=Aggregation.pooled_ratio)
    mean_of_percentages = (0.9 + 0.1 + 0.1) / 3  # 0.3667
    assert figure["raw"] == 0.166667  # 20 / 120 = 0.1667: Σ numerators ÷ Σ denominators
    assert figure["raw"] != pytest.approx(mean_of_percentages)
    assert (figure["numerator"], figure["denominator"]) == (20, 120)


def test_unique_people_are_shown_apart_from_reach_and_co_deliverers_count_once():
    group = rows(Aggregation.unique_people, 40, 30, 25)
    group[0].co_deliverer_ids = frozenset({2})  # organisations 1 and 2 served the same group together
    figure = aggregate_group(group, committed=3, rule=Aggregation.unique_people)
    assert figure["raw"] == 95  # reach: every organisation's count
    assert figure["unique_people"] == 65  # max(40, 30) + 25


def test_fewer_than_three_organisations_show_no_figure_but_their_coverage():
    figure = aggregate_group(rows(Aggregation.sum, 5, 7), committed=9, rule=Aggregation.sum)
    assert figure["suppressed"] and figure["raw"] is None and figure["adjusted"] is None
    assert figure["evidence"] is None
    assert (figure["organisations_reported"], figure["organisations_committed"]) == (2, 9)


def test_the_evidence_mix_is_counted_per_level():
    group = rows(Aggregation.sum, 1, 1, 1, 1)
    group[0].evidence_level = EvidenceLevel.verified
    figure = aggregate_group(group, committed=4, rule=Aggregation.sum)
    assert figure["evidence"] == {"self_reported": 3, "documented": 0, "verified": 1}


def test_the_snapshot_from_the_database(app, businesses, commit_to, make_report, people):
    """Sums by rule from approved reports; drafts, other periods and custom indicators stay out; coverage."""
    ids = {}
    for number, (org, user) in enumerate(businesses):
        ids[number] = commit_to(org, user, code="VOL-HOURS")
        commit_to(org, user, code=None)  # a custom indicator: never in the snapshot
    make_report(ids[0], value=100)
    make_report(ids[1], value=200, deadweight=50)
    make_report(ids[2], value=300)
    make_report(ids[3], value=999, state=ReportState.submitted)  # not approved: out
    make_report(ids[4], value=999, period="2025H2")  # another period: out
    with app.test_request_context():
        figures = services.compute_snapshot("2025H1")
    [entry] = figures["indicators"]
    assert entry["code"] == "VOL-HOURS" and entry["unit"] == "hours"
    assert (entry["raw"], entry["adjusted"]) == (600, 500)
    assert (entry["organisations_reported"], entry["organisations_committed"]) == (3, 5)
    assert (figures["organisations_reported"], figures["organisations_committed"]) == (3, 5)


def test_a_published_snapshot_never_changes_after_later_edits_and_approvals(app, businesses, commit_to, make_report,
                                                                           people, client):
    ids = [commit_to(org, user, code="FOOD-MEALS") for org, user in businesses]
    for commitment_id, value in zip(ids[:3], (10, 20, 30)):
        make_report(commitment_id, value=value)
    late = make_report(ids[3], value=1000, state=ReportState.submitted)
    with app.test_request_context():
        services.publish_snapshot("2025H1", db.session.get(type(people.coordinator), people.coordinator.id))
        db.session.commit()
    before = client.get("/impact/snapshots/2025H1.json").get_json()
    assert [e["raw"] for e in before["indicators"]] == [60]
    with app.app_context():
        db.session.get(Report, late).state = ReportState.approved
        db.session.execute(sa.update(Report).where(Report.commitment_id == ids[0]).values(value=5000))
        db.session.commit()
    after = client.get("/impact/snapshots/2025H1.json").get_json()
    assert after == before
    assert "60" in client.get("/impact/snapshots/2025H1").get_data(as_text=True)
    with app.test_request_context():
        assert services.compute_snapshot("2025H1")["indicators"][0]["raw"] == 6050  # 5000 + 20 + 30 + 1000: the live figure moved on
        with pytest.raises(services.Conflict):
            services.publish_snapshot("2025H1", db.session.get(type(people.coordinator), people.coordinator.id))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Snapshot)) == 1


def test_the_csv_and_the_page_show_the_same_stored_figures(app, businesses, commit_to, make_report, people, client):
    ids = [commit_to(org, user, code="WORK-IN-6M") for org, user in businesses]
    for commitment_id, (n, d) in zip(ids, ((9, 10), (10, 100), (1, 10))):
        make_report(commitment_id, numerator=n, denominator=d)
    with app.test_request_context():
        services.publish_snapshot("2025H1", db.session.get(type(people.coordinator), people.coordinator.id))
        db.session.commit()
    csv = client.get("/impact/snapshots/2025H1.csv").get_data(as_text=True)
    assert "WORK-IN-6M" in csv and "0.166667" in csv
    page = client.get("/impact/snapshots/2025H1").get_data(as_text=True)
    assert "16,7 %" in page or "16.7 %" in page
    assert "3 of 5 committed organisations reported" in page or "3 av 5 organisationer med åtaganden" in page
