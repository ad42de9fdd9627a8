"""The impact framework's connections: the certification advice's indicators, a challenge's catalogue
indicators, a contracted pilot's commitments with their approved reports, and the pilot's yearly reminder."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import sqlalchemy as sa

from app.impact import jobs
from app.certification.models import AssessmentState
from app.challenges.constants import ChallengeState, Phase, ProposalAction, ProposalState
from app.challenges.models import Challenge, Pilot, ProposalEvent
from app.extensions import db
from app.impact import services
from app.impact.connections import linked_indicators
from app.impact.constants import ReportState
from app.impact.models import Commitment, PilotReminder
from tests.certification.conftest import READY_ANSWERS, definition, make_assessment, version  # noqa: F401
from tests.challenges.conftest import make_challenge, make_cycle, make_proposal  # noqa: F401

AWARDED = datetime(2030, 3, 1, 9, tzinfo=timezone.utc)


def test_codes_resolve_through_the_catalogue_and_a_missing_one_is_kept_as_text(app, catalogue):
    with app.app_context():
        [(found, version_row), (missing, nothing)] = linked_indicators(["WORK-IN-6M", "NO-SUCH-CODE"])
        assert (found, missing, nothing) == ("WORK-IN-6M", "NO-SUCH-CODE", None)
        assert version_row.indicator.code == "WORK-IN-6M"
        assert linked_indicators([]) == [] and linked_indicators(None) == []


def test_the_certification_advice_links_the_catalogue_and_a_commitment(app, people, login, catalogue,
                                                                      make_assessment):  # noqa: F811
    answers = dict(READY_ANSWERS, impact_measured="some_figures")
    assessment_id = make_assessment(people.business_org, people.business, answers=answers,
                                    state=AssessmentState.submitted)
    page = login(people.business).get(f"/certification/assessments/{assessment_id}/result",
                                      headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/impact/indicators/WORK-IN-6M"' in html
    # not in this test's catalogue: shown as plain text, never a link and never a 500
    assert "ECON-TRADE-SHARE" in html and 'href="/impact/indicators/ECON-TRADE-SHARE"' not in html
    assert f'href="/impact/organisations/{people.business_org.id}/commitments/new"' in html
    coordinator = login(people.coordinator).get(f"/certification/assessments/{assessment_id}/result")
    assert coordinator.status_code == 200 and "/commitments/new" not in coordinator.get_data(as_text=True)


def test_a_challenge_chooses_catalogue_indicators_and_shows_them(app, people, login, client, catalogue,
                                                                 make_cycle):  # noqa: F811
    cycle_id = make_cycle(Phase.call_for_challenges)
    owner = login(people.stakeholder)
    form = owner.get(f"/challenges/cycles/{cycle_id}/challenges/new").get_data(as_text=True)
    assert 'value="WORK-IN-6M"' in form and 'value="VOL-HOURS"' in form
    base = {"organisation": people.stakeholder_org.id, "title": "Work for young people", "problem": "Few find work.",
            "budget_min": "50000", "budget_max": "200000", "pilot_months": "12", "procurement_route": "design_contest",
            "language": "en", "success_indicators": "And fewer who drop out of school"}
    bad = owner.post(f"/challenges/cycles/{cycle_id}/challenges/new", data={**base, "indicator_refs": ["NOT-A-CODE"]})
    assert bad.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Challenge.id))) == 0
    good = owner.post(f"/challenges/cycles/{cycle_id}/challenges/new",
                      data={**base, "indicator_refs": ["WORK-IN-6M", "VOL-HOURS"]})
    assert good.status_code == 302
    with app.app_context():
        challenge = db.session.scalars(sa.select(Challenge)).one()
        assert challenge.indicator_refs == ["WORK-IN-6M", "VOL-HOURS"]
        assert challenge.success_indicators == "And fewer who drop out of school"
        challenge.state = ChallengeState.published
        challenge.indicator_refs = ["WORK-IN-6M", "GONE-CODE"]  # a code since removed from the catalogue
        db.session.commit()
        challenge_id = challenge.id
    page = client.get(f"/challenges/c/{challenge_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/impact/indicators/WORK-IN-6M"' in html and "GONE-CODE" in html
    assert "/impact/indicators/GONE-CODE" not in html and "And fewer who drop out of school" in html
    edit = owner.get(f"/challenges/c/{challenge_id}/edit")
    assert edit.status_code in (200, 403, 409)


def _winning_pilot(app, people, make_cycle, make_challenge, make_proposal):  # noqa: F811
    cycle_id = make_cycle(Phase.follow_up, announced=True)
    challenge_id = make_challenge(cycle_id)
    proposal_id = make_proposal(challenge_id, state=ProposalState.winner)
    with app.app_context(), app.test_request_context():
        challenge = db.session.get(Challenge, challenge_id)
        challenge.indicator_refs = ["WORK-IN-6M", "VOL-HOURS", "GONE-CODE"]
        db.session.add(ProposalEvent(proposal_id=proposal_id, action=ProposalAction.award,
                                     from_state=ProposalState.finalist, to_state=ProposalState.winner,
                                     created_at=AWARDED))
        from app.accounts.models import User
        from app.challenges import services as challenge_services
        from app.challenges.models import Proposal

        pilot = challenge_services.start_pilot(db.session.get(Proposal, proposal_id),
                                               db.session.get(User, people.coordinator.id))
        db.session.commit()
        return cycle_id, pilot.id


def test_a_contracted_pilot_gets_commitments_and_shows_approved_reports(
        app, people, login, client, catalogue, make_cycle, make_challenge, make_proposal, make_report):  # noqa: F811
    cycle_id, pilot_id = _winning_pilot(app, people, make_cycle, make_challenge, make_proposal)
    owner = login(people.stakeholder)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Commitment.id))) == 0  # none while negotiating
    assert owner.post(f"/challenges/pilots/{pilot_id}/contract",
                      data={"contract_reference": "KS 2030/12"}).status_code == 302
    assert owner.post(f"/challenges/pilots/{pilot_id}/start", data={}).status_code == 302
    with app.app_context():
        commitments = list(db.session.scalars(sa.select(Commitment).where(Commitment.pilot_id == pilot_id)
                                              .order_by(Commitment.id)))
        # the catalogue's own versions (not copies), for the proposing organisation; the missing code left out
        assert [c.indicator_version_id for c in commitments] == [catalogue["WORK-IN-6M"], catalogue["VOL-HOURS"]]
        assert {c.organisation_id for c in commitments} == {people.business_org.id}
        first, second = commitments[0].id, commitments[1].id
        period = commitments[0].first_period
        from app.accounts.models import User
        services.revise_target(commitments[0], period, Decimal("40"), "Agreed in the contract",
                               db.session.get(User, people.business.id))
        db.session.commit()
    make_report(first, period=period, state=ReportState.approved, value=30, numerator=None)
    make_report(second, period=period, state=ReportState.submitted, value=999)
    member = login(people.business)
    page = member.get(f"/challenges/pilots/{pilot_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'href="/impact/commitments/{first}"' in page and f'href="/impact/commitments/{second}"' in page
    assert "Approved reports against the targets" in page and ">30<" in page and ">40<" in page
    assert "999" not in page  # a report not yet approved is not a result
    assert "75 %" in page or "75.0 %" in page  # (30 − 0) ÷ (40 − 0)
    owner_page = owner.get(f"/challenges/pilots/{pilot_id}").get_data(as_text=True)
    assert ">30<" in owner_page and f"/impact/commitments/{first}" not in owner_page  # figures, not private pages
    cycle = client.get(f"/challenges/cycles/{cycle_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ">30<" in cycle and ">40<" in cycle and "999" not in cycle
    assert f"/impact/commitments/{first}" not in cycle  # the public sees the figures, not the private pages
    # contracting is once; a second run of commit_pilot adds nothing
    with app.app_context(), app.test_request_context():
        from app.accounts.models import User
        from app.impact.connections import commit_pilot

        assert commit_pilot(db.session.get(Pilot, pilot_id), db.session.get(User, people.coordinator.id)) == []


def test_a_year_after_the_award_the_pilot_is_reminded_once(
        app, people, login, catalogue, make_cycle, make_challenge, make_proposal, mailbox):  # noqa: F811
    _cycle_id, pilot_id = _winning_pilot(app, people, make_cycle, make_challenge, make_proposal)
    with app.app_context():
        # still negotiating: no reminder even after a year
        assert jobs.send_pilot_result_reminders(now=AWARDED + timedelta(days=400)) == 0
    assert login(people.stakeholder).post(f"/challenges/pilots/{pilot_id}/contract",
                                          data={"contract_reference": "KS 2030/12"}).status_code == 302
    with app.app_context():
        assert jobs.send_pilot_result_reminders(now=AWARDED + timedelta(days=364)) == 0
        assert jobs.send_pilot_result_reminders(now=AWARDED + timedelta(days=366)) == 1
        assert jobs.send_pilot_result_reminders(now=AWARDED + timedelta(days=366, hours=1)) == 0  # run twice
        assert jobs.send_pilot_result_reminders(now=AWARDED + timedelta(days=500)) == 0
        assert db.session.scalar(sa.select(sa.func.count(PilotReminder.id))) == 1
    [message] = [m for m in mailbox.to(people.business.email) if "a year after" in m.subject.lower()]
    assert f"/challenges/pilots/{pilot_id}" in message.text
    assert not [m for m in mailbox.to(people.stakeholder.email) if "a year after" in m.subject.lower()]


def _rows(html, start):
    """Return [[cell text, ...]] of the table rows after `start` (tags removed, spaces collapsed)."""
    import re

    section = html[html.index(start):]
    section = section[:section.index("</table>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(cells)
    return rows


def test_the_dashboard_figures_agree_with_the_snapshot_page(app, people, login, client, businesses, commit_to,
                                                            make_report):
    meals = [commit_to(org, user, code="FOOD-MEALS") for org, user in businesses]
    for commitment_id, value in zip(meals[:3], (10, 20, 30)):
        make_report(commitment_id, value=value, deadweight=10)
    make_report(meals[3], value=1000, state=ReportState.submitted)
    work = [commit_to(org, user, code="WORK-IN-6M") for org, user in businesses[:3]]
    for commitment_id, (n, d) in zip(work, ((9, 10), (10, 100), (1, 10))):
        make_report(commitment_id, numerator=n, denominator=d)
    with app.test_request_context():
        services.publish_snapshot("2025H1", db.session.get(type(people.coordinator), people.coordinator.id))
        db.session.commit()
    english = {"Accept-Language": "en"}
    snapshot = client.get("/impact/snapshots/2025H1", headers=english).get_data(as_text=True)
    stored = {e["name_en"]: e for e in client.get("/impact/snapshots/2025H1.json").get_json()["indicators"]}
    page_rows = {r[0].split(" FOOD-")[0].split(" WORK-")[0]: r for r in _rows(snapshot, "snapshot-caption")}
    for dashboard in (client.get("/dashboard/public", headers=english).get_data(as_text=True),
                      login(people.coordinator).get("/dashboard/", headers=english).get_data(as_text=True)):
        headline = _rows(dashboard, "Headline figures for 2025H1")[1:]
        assert len(headline) == 2
        for name_and_unit, raw, adjusted, coverage in headline:
            name = name_and_unit.rsplit(" (", 1)[0]
            entry, row = stored[name], page_rows[name]
            reported, committed = (int(x) for x in coverage.split(" / "))
            assert (reported, committed) == (entry["organisations_reported"], entry["organisations_committed"])
            assert row[2].startswith(f"{reported} of {committed} committed organisations reported")
            assert row[3].split(" (")[0] == raw and row[4] == adjusted  # the same stored figure on both pages
        assert {r[0].rsplit(" (", 1)[0]: r[1] for r in headline}[stored_name("FOOD-MEALS", stored)] == "60"
        assert "16.7 %" in [r[1] for r in headline]
        assert "3 of 5 committed organisations reported." in dashboard.replace("\n", " ").replace("  ", " ") \
            or "3 of 5 committed organisations reported" in dashboard


def stored_name(code, stored):
    return next(name for name, e in stored.items() if e["code"] == code)


def test_the_demo_pilot_has_its_commitments_and_the_challenges_their_indicators(app, demo, client):
    from app.challenges.constants import PilotState

    with app.app_context():
        pilot = db.session.scalars(sa.select(Pilot).where(Pilot.state == PilotState.running)).first()
        commitments = list(db.session.scalars(sa.select(Commitment).where(Commitment.pilot_id == pilot.id)))
        assert commitments and {c.organisation_id for c in commitments} == {pilot.proposal.organisation_id}
        assert all(c.targets and c.baseline_on <= c.targets[0].created_at.date() for c in commitments)
        challenge_id = pilot.proposal.challenge_id
        assert len(db.session.get(Challenge, challenge_id).indicator_refs) == len(commitments)
    html = client.get(f"/challenges/c/{challenge_id}").get_data(as_text=True)
    assert html.count('href="/impact/indicators/') >= len(commitments)
