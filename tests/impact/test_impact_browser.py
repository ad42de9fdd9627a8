"""Real browser, in Swedish and in English: a business writes its model, commits to three indicators,
reports a period, is returned, corrects and is approved; the coordinator publishes the figures.
axe-core checks every page on the way."""
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import signed_in
from tests.certification.conftest import definition, make_assessment, version  # noqa: F401
from tests.challenges.conftest import make_challenge, make_cycle, make_proposal  # noqa: F401

pytestmark = pytest.mark.browser


def submit(page, selector="main form[method=post] button[type=submit]"):
    page.locator(selector).first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_model_commit_report_return_correct_approve_and_publish(browser, base_url, make_user, make_org, catalogue,
                                                               locale):
    from app.accounts.constants import OrganisationKind

    britt = make_user(name="Britt Svensson", locale=locale)
    cecilia = make_user(name="Cecilia Lindqvist", roles=["coordinator"], locale=locale)
    org = make_org(name="Returkraft Malmö", kind=OrganisationKind.social_business, admins=[britt])

    page = signed_in(browser, base_url, britt, locale)
    expect(page.locator("html")).to_have_attribute("lang", locale)
    page.goto(f"/impact/organisations/{org.id}/model")
    assert_accessible(page)
    page.locator("#activities").fill("Second-hand shop and furniture repair with supervised work training.")
    page.locator("#outputs").fill("Training places and hours of supervision.")
    page.locator("#outcomes").fill("Participants find and keep paid work.")
    page.locator("#impact").fill("Fewer people outside the labour market in Malmö.")
    submit(page)
    expect(page.get_by_text("Second-hand shop and furniture repair")).to_be_visible()
    assert_accessible(page)

    commitments = []
    for code in ("VOL-HOURS", "FOOD-MEALS", "WORK-IN-6M"):
        page.goto(f"/impact/organisations/{org.id}/commitments/new")
        if not commitments:
            assert_accessible(page)
        page.locator("#indicator").select_option(str(catalogue[code]))
        page.locator("#baseline_value").fill("0,3" if code == "WORK-IN-6M" else "100")
        page.locator("#baseline_on").fill("2024-12-31")
        page.locator("#baseline_source").fill("Our register for 2024")
        page.locator("#first_period").fill("2025H1")
        page.locator("#target_value").fill("0,5" if code == "WORK-IN-6M" else "300")
        submit(page)
        commitments.append(int(re.search(r"/commitments/(\d+)", page.url).group(1)))
    assert_accessible(page)

    page.goto(f"/impact/commitments/{commitments[0]}/reports/2025H1")
    assert_accessible(page)
    page.locator("#value").fill("many")  # a wrong entry first: the message beside the field
    submit(page, "button[name=submit_report]")
    expect(page.locator("#value-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#value").fill("240")
    page.locator("#measured_on").fill("2025-06-15")
    submit(page, "button[name=submit_report]")
    report_id = int(re.search(r"/reports/(\d+)", page.url).group(1))
    assert_accessible(page)

    coordinator = signed_in(browser, base_url, cecilia, locale)
    coordinator.goto("/impact/review")
    assert_accessible(coordinator)
    coordinator.goto(f"/impact/reports/{report_id}/return")
    assert_accessible(coordinator)
    coordinator.locator("#comment").fill("Please attach the volunteer log.")
    submit(coordinator)

    page.goto(f"/impact/commitments/{commitments[0]}/reports/2025H1")
    expect(page.get_by_text("Please attach the volunteer log.")).to_be_visible()
    assert_accessible(page)
    page.locator("#value").fill("250")
    page.locator("#evidence_level").select_option("documented")
    submit(page, "button[name=submit_report]")

    coordinator.goto(f"/impact/reports/{report_id}")
    assert_accessible(coordinator)
    submit(coordinator, f"form[action$='/reports/{report_id}/approve'] button")
    coordinator.goto(f"/impact/commitments/{commitments[0]}")
    expect(coordinator.locator("svg[role=img]")).to_have_count(1)
    assert_accessible(coordinator)

    coordinator.goto("/impact/snapshots/preview?period=2025H1")
    assert_accessible(coordinator)
    submit(coordinator, "main form[method=post] button[type=submit]")
    expect(coordinator).to_have_url(re.compile(r"/impact/snapshots/2025H1$"))
    assert_accessible(coordinator)

    visitor = browser.new_context(base_url=base_url, locale="sv-SE" if locale == "sv" else "en-GB").new_page()
    for path in ("/impact/", "/impact/indicators", "/impact/indicators/WORK-IN-6M", "/impact/learning/",
                 "/impact/snapshots"):
        visitor.goto(path)
        assert_accessible(visitor)
    page.goto(f"/organisations/{org.id}")
    assert_accessible(page)


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_the_connection_pages_are_accessible(browser, base_url, app, people, catalogue, make_cycle,  # noqa: F811
                                             make_challenge, make_proposal, make_assessment, make_report, locale):
    """The certification advice's indicators, a challenge's catalogue indicators and a pilot's results."""
    import sqlalchemy as sa

    from app.certification.models import AssessmentState
    from app.extensions import db
    from app.impact.constants import ReportState
    from app.impact.models import Commitment
    from tests.certification.conftest import READY_ANSWERS
    from tests.impact.test_impact_connections import _winning_pilot

    cycle_id, pilot_id = _winning_pilot(app, people, make_cycle, make_challenge, make_proposal)
    assessment_id = make_assessment(people.business_org, people.business, state=AssessmentState.submitted,
                                    answers=dict(READY_ANSWERS, impact_measured="some_figures"))
    owner = signed_in(browser, base_url, people.stakeholder, locale)
    owner.goto(f"/challenges/pilots/{pilot_id}")
    owner.locator("main input[name=contract_reference]").fill("KS 2030/12")
    owner.locator(f"main button[formaction$='/pilots/{pilot_id}/contract']").click()
    owner.wait_for_load_state()
    with app.app_context():
        commitment = db.session.scalars(sa.select(Commitment).where(Commitment.pilot_id == pilot_id)).first()
        commitment_id, period = commitment.id, commitment.first_period
        challenge_id = _challenge_of(pilot_id)
    make_report(commitment_id, period=period, state=ReportState.approved, value=30)
    member = signed_in(browser, base_url, people.business, locale)
    for page, path in ((member, f"/challenges/pilots/{pilot_id}"), (owner, f"/challenges/pilots/{pilot_id}"),
                       (owner, f"/challenges/cycles/{cycle_id}"), (owner, f"/challenges/c/{challenge_id}"),
                       (member, f"/certification/assessments/{assessment_id}/result")):
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        assert_accessible(page)
    expect(member.locator("main a[href='/impact/indicators/WORK-IN-6M']").first).to_be_visible()


def _challenge_of(pilot_id):
    from app.challenges.models import Pilot
    from app.extensions import db

    return db.session.get(Pilot, pilot_id).proposal.challenge_id
