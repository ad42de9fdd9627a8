"""Real browser: a whole cycle, from a stakeholder's draft challenge to the announced winner and its pilot.

axe-core checks every page on the way, in English, and the same pages again in Swedish.
"""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.accounts.models import User
from app.challenges.constants import Phase, ProposalState, Stage
from app.challenges.models import Challenge, ChallengeCycle, Proposal
from app.extensions import db
from tests.a11y import assert_accessible
from tests.browser_helpers import signed_in_context
from tests.challenges.conftest import cycle_dates

pytestmark = pytest.mark.browser


def signed_in(browser, base_url, user):
    return signed_in_context(browser, base_url, user, locale="en-GB")


def set_phase(app, cycle_id, phase):
    with app.app_context():
        cycle = db.session.get(ChallengeCycle, cycle_id)
        for column, value in cycle_dates(phase).items():
            setattr(cycle, column, value)
        db.session.commit()


def checked(page, path):
    page.goto(path)
    assert_accessible(page)
    return page


def test_a_whole_cycle_in_english_and_swedish(app, browser, base_url, people, make_user, make_cycle, make_juror,
                                              assign):
    cycle_id = make_cycle(Phase.call_for_proposals)
    # the stakeholder drafts a challenge and sends it for review
    owner = signed_in(browser, base_url, people.stakeholder)
    checked(owner, f"/challenges/cycles/{cycle_id}")
    owner.get_by_role("link", name="Post a challenge").click()
    assert_accessible(owner)
    owner.get_by_label("Title").fill("Jobs for young people in Kroksbäck")
    owner.get_by_label("The societal problem, in plain language").fill("Too few young people find a first job.")
    owner.get_by_label("Pilot budget up to (SEK)").fill("400000")
    owner.get_by_role("button", name="Save the draft").click()
    expect(owner.get_by_text("Your draft is saved.")).to_be_visible()
    assert_accessible(owner)
    owner.get_by_role("button", name="Send for review").click()
    with app.app_context():
        challenge_id = db.session.scalar(sa.select(Challenge.id))
    # a coordinator publishes it
    chair = signed_in(browser, base_url, people.coordinator)
    checked(chair, f"/challenges/c/{challenge_id}")
    chair.get_by_role("button", name="Publish").click()
    expect(chair.get_by_text("Published").first).to_be_visible()
    # a social business proposes a solution and submits it
    business = signed_in(browser, base_url, people.business)
    checked(business, f"/challenges/c/{challenge_id}")
    business.get_by_role("link", name="Propose a solution").click()
    assert_accessible(business)
    business.get_by_label("Title", exact=True).fill("Mentors from local employers")
    business.get_by_label("Summary").fill("Each young person gets a mentor from a nearby employer.")
    business.get_by_role("button", name="Save").click()
    assert_accessible(business)
    business.get_by_role("button", name="Submit the proposal").click()
    expect(business.get_by_text("Your proposal is submitted.")).to_be_visible()
    with app.app_context():
        proposal = db.session.scalar(sa.select(Proposal))
        proposal_id = proposal.id
        proposal.state = ProposalState.eligible  # two coordinators checked it (tested elsewhere)
        db.session.commit()
    # the jury scores: three jurors have submitted, a fourth scores in the browser
    set_phase(app, cycle_id, Phase.jury_review)
    for n in range(3):
        assign(make_juror(cycle_id, make_user(name=f"Juror {n}")), proposal_id, Stage.review, scores=4 + n % 2)
    juror_user = make_user(name="Judith Juror")
    assign(make_juror(cycle_id, juror_user), proposal_id, Stage.review)
    juror = signed_in(browser, base_url, juror_user)
    checked(juror, f"/challenges/cycles/{cycle_id}/jury")
    juror.get_by_role("link", name=f"P-{challenge_id}-{proposal_id}").click()
    assert_accessible(juror)
    juror.get_by_role("button", name="Save the draft").click()
    expect(juror.get_by_text("Your draft is saved.")).to_be_visible()
    # the chair decides, stage by stage, and announces
    checked(chair, f"/challenges/cycles/{cycle_id}/chair")
    checked(chair, f"/challenges/p/{proposal_id}/decide")
    chair.get_by_label("Decision").select_option(label="Shortlisted")
    chair.get_by_label("Rationale").fill("The strongest impact of all proposals.")
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_text("The decision is recorded.")).to_be_visible()
    set_phase(app, cycle_id, Phase.final)
    for outcome in ["Finalist", "Winner"]:
        checked(chair, f"/challenges/p/{proposal_id}/decide")
        chair.get_by_label("Decision").select_option(label=outcome)
        chair.get_by_label("Rationale").fill("Convincing in the final.")
        chair.get_by_label("Why decide with fewer than 3 reviews").fill("The final jury met in person.")
        chair.get_by_role("button", name="Record the decision").click()
        expect(chair.get_by_text("The decision is recorded.")).to_be_visible()
    set_phase(app, cycle_id, Phase.announcement)
    checked(chair, f"/challenges/cycles/{cycle_id}/chair")
    chair.get_by_role("button", name="Announce the results").click()
    expect(chair.get_by_text("The results are announced")).to_be_visible()
    assert_accessible(chair)
    checked(chair, f"/challenges/p/{proposal_id}")
    chair.get_by_role("button", name="Open the pilot record").click()
    expect(chair.get_by_text("The pilot record is open.")).to_be_visible()
    assert_accessible(chair)
    pilot_path = chair.url.split(base_url, 1)[1]
    checked(business, f"/challenges/p/{proposal_id}")
    expect(business.get_by_text("Convincing in the final.").first).to_be_visible()
    visitor = browser.new_context(base_url=base_url, locale="en-GB").new_page()
    checked(visitor, f"/challenges/cycles/{cycle_id}")
    expect(visitor.get_by_text("Mentors from local employers").first).to_be_visible()

    # the same pages in Swedish
    with app.app_context():
        db.session.execute(sa.update(User).values(locale="sv"))
        db.session.commit()
    swedish = browser.new_context(base_url=base_url, locale="sv-SE").new_page()
    for page, path in [(swedish, f"/challenges/cycles/{cycle_id}"), (swedish, f"/challenges/c/{challenge_id}"),
                       (chair, f"/challenges/cycles/{cycle_id}/chair"), (chair, f"/challenges/p/{proposal_id}/decide"),
                       (chair, f"/challenges/cycles/{cycle_id}/jurors"), (chair, f"/challenges/cycles/{cycle_id}/rubric"),
                       (chair, pilot_path), (business, f"/challenges/p/{proposal_id}"), (business, "/challenges/mine"),
                       (juror, f"/challenges/cycles/{cycle_id}/jury"), (owner, f"/challenges/c/{challenge_id}")]:
        checked(page, path)
        assert page.locator("html").get_attribute("lang") == "sv", path
    swedish.goto(f"/challenges/cycles/{cycle_id}")
    expect(swedish.get_by_role("heading", name="Juryns beslut")).to_be_visible()
    for page in (owner, chair, business, juror, visitor, swedish):
        page.context.close()
