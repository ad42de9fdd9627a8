"""Real browser: fill in over two visits, submit, review, changes, resubmit, approve, registry, verify.

axe-core runs on every page the journey visits.
"""
import re

import pytest
from playwright.sync_api import expect

from app.accounts.constants import OrganisationKind
from tests.a11y import assert_accessible
from tests.browser import sign_in
from tests.certification.conftest import PDF

pytestmark = pytest.mark.browser


def choose(page, key, option):
    page.locator(f"#q-{key}-{option}").check()


def save_and_continue(page, heading):
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    assert_accessible(page)


def upload(page, key, name):
    page.set_input_files(f"#evidence-{key}", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])


def test_fill_review_change_approve_and_verify(browser, base_url, make_user, make_org, version):
    member = make_user(name="Britt Svensson", email="britt@example.org")
    coordinator = make_user(name="Cecilia Lindqvist", email="cecilia@example.org", roles=["coordinator"])
    make_org(name="Returkraft Malmö", kind=OrganisationKind.social_business, admins=[member],
             municipality="1280")
    business = browser.new_context(base_url=base_url, locale="en-US")
    page = business.new_page()

    # First visit: start, a wrong value, then two sections.
    sign_in(page, member.email)
    page.goto("/certification/")
    assert_accessible(page)
    page.get_by_role("button", name="Start a self-assessment").click()
    expect(page.get_by_role("heading", level=1, name="About the business")).to_be_visible()
    assert_accessible(page)
    choose(page, "legal_form", "economic_association")
    page.locator("#q-employees").fill("twelve")
    choose(page, "work_integration", "yes")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#q-employees-error")).to_contain_text("Give a number")
    expect(page.locator("#q-legal_form-economic_association")).to_be_checked()
    assert_accessible(page)
    page.locator("#q-employees").fill("12")
    save_and_continue(page, "Social or environmental mission")
    page.get_by_label("Describe your social or environmental mission in a few sentences.").fill(
        "We repair furniture and give work to people far from the labour market.")
    choose(page, "mission_documents", "articles")
    upload(page, "mission_documents", "stadgar.pdf")
    choose(page, "mission_priority", "mission")
    save_and_continue(page, "Income from trading")
    expect(page.get_by_role("link", name="stadgar.pdf")).to_have_count(0)  # the next section has its own files
    page.close()

    # Second visit: resume where they were.
    page = business.new_page()
    page.goto("/certification/")
    expect(page.get_by_text("6 of 21 questions answered")).to_be_visible()
    page.get_by_role("link", name="Continue the self-assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name="Fill in").click()
    page.get_by_role("navigation", name="Sections of the questionnaire").get_by_role("link", name="Income from trading").click()
    page.locator("#q-trading_income").fill("72")
    upload(page, "trading_income", "arsredovisning.pdf")
    choose(page, "trading_trend", "growing")
    save_and_continue(page, "Profit reinvested in the mission")
    choose(page, "made_profit", "yes")
    page.locator("#q-profit_reinvested").fill("100")
    choose(page, "profit_rule", "articles")
    save_and_continue(page, "Independence")
    choose(page, "public_control", "none")
    page.locator("#q-largest_customer").fill("30")
    save_and_continue(page, "Asset lock")
    choose(page, "asset_lock", "locked")
    upload(page, "asset_lock", "upplosning.pdf")
    save_and_continue(page, "Participatory governance")
    choose(page, "voting", "one_member_one_vote")
    for option in ["employees_board", "users_consulted", "open_meeting"]:
        choose(page, "involvement", option)
    save_and_continue(page, "Impact measured and reported")
    choose(page, "impact_measured", "indicators")
    choose(page, "impact_reporting", "impact_report")
    choose(page, "impact_verified", "no")
    save_and_continue(page, "Fair pay")
    page.locator("#q-pay_ratio-value").fill("2")
    choose(page, "collective_agreement", "yes")
    save_and_continue(page, "Why certification?")
    for option, rank in [("procurement", "1"), ("credibility", "2"), ("greenwashing", "3")]:
        page.locator(f"#q-reasons-{option}").select_option(rank)
    choose(page, "need", "4")
    choose(page, "barriers", "cost")
    save_and_continue(page, "Check your answers")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1, name="Self-assessment result")).to_be_visible()
    expect(page.get_by_role("heading", name="Overall: Ready")).to_be_visible()
    expect(page.get_by_text("Met: The mission is written into the governing documents")).to_be_visible()
    assert_accessible(page)

    # The coordinator asks for changes, with a comment on one answer.
    reviewer = browser.new_context(base_url=base_url, locale="en-US")
    review_page = reviewer.new_page()
    sign_in(review_page, coordinator.email)
    review_page.goto("/certification/review")
    assert_accessible(review_page)
    review_page.get_by_role("link", name="Returkraft Malmö").click()
    expect(review_page.get_by_role("heading", level=1, name="Review: Returkraft Malmö")).to_be_visible()
    assert_accessible(review_page)
    answer = review_page.locator("#answer-largest_customer")
    answer.get_by_text("Comment on this answer").click()
    answer.get_by_role("textbox").fill("Which customer is it? Please name the largest customer's share exactly.")
    answer.get_by_role("button", name="Save comment").click()
    expect(review_page.get_by_text("Your comment has been saved.")).to_be_visible()
    assert_accessible(review_page)
    review_page.get_by_label("Message to the business").fill("Thank you! One detail to add, see the comment.")
    review_page.get_by_role("button", name="Ask for changes").click()
    expect(review_page.get_by_text("has been sent back to Returkraft Malmö")).to_be_visible()
    assert_accessible(review_page)

    # The business sees the comment beside the answer, changes it and resubmits.
    page.goto("/certification/")
    page.get_by_role("link", name="Continue the self-assessment").click()
    expect(page.get_by_text("The reviewer asks for changes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Independence").click()
    expect(page.get_by_text("Which customer is it?")).to_be_visible()
    assert_accessible(page)
    page.locator("#q-largest_customer").fill("28")
    save_and_continue(page, "Asset lock")
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", name="Overall: Ready")).to_be_visible()

    # The coordinator approves; the certificate is in the registry and verifies by number.
    review_page.goto("/certification/review")
    review_page.get_by_role("link", name="Returkraft Malmö").click()
    review_page.once("dialog", lambda dialog: dialog.accept())
    review_page.get_by_role("button", name="Approve and issue the certificate").click()
    expect(review_page.get_by_text("This certificate is valid.")).to_be_visible()
    assert_accessible(review_page)
    number = re.search(r"SAM-\d{4}-\d{4}", review_page.get_by_role("heading", level=1).inner_text()).group(0)
    assert number.endswith("-0001")

    visitor = browser.new_context(base_url=base_url, locale="en-US").new_page()
    visitor.goto("/certification/registry")
    assert_accessible(visitor)
    visitor.get_by_role("textbox", name="Search").fill("returkraft")
    visitor.get_by_role("search", name="Search the registry").get_by_role("button", name="Search").click()
    row = visitor.get_by_role("row", name=re.compile("Returkraft Malmö"))
    expect(row).to_contain_text(number)
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Verify a certificate").first.click()
    assert_accessible(visitor)
    visitor.get_by_label("Certificate number").fill(number.lower())
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.get_by_text("This certificate is valid.")).to_be_visible()
    expect(visitor.get_by_text("Returkraft Malmö")).to_be_visible()
    assert_accessible(visitor)
    visitor.goto("/certification/insights/summary")
    expect(visitor.get_by_text("No figures have been published yet.")).to_be_visible()  # only snapshots are public
    assert_accessible(visitor)
    review_page.goto("/certification/insights")
    assert_accessible(review_page)
    for context in (business, reviewer, visitor.context):
        context.close()


def test_public_pages_in_swedish_are_accessible(app, browser, base_url, make_user, make_org, make_assessment, version):
    from app.certification.models import AssessmentState

    coordinator = make_user(name="Samordnare", roles=["coordinator"])
    organisations = []
    for index in range(5):
        member = make_user()
        org = make_org(name=f"Kooperativet {index}", kind=OrganisationKind.social_business, admins=[member])
        make_assessment(org, member, state=AssessmentState.approved, coordinator=coordinator)
        organisations.append(org.id)
    _verify_and_publish(app, organisations, coordinator)
    page = browser.new_context(base_url=base_url, locale="sv-SE").new_page()
    page.goto("/certification/")
    expect(page.get_by_role("heading", level=1, name="Certifiering av sociala företag")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Varför företag certifierar sig").click()
    expect(page.get_by_text("Svarande hittills: 5.")).to_be_visible()
    assert_accessible(page)
    page.goto("/certification/registry")
    expect(page.get_by_role("table")).to_contain_text("Kooperativet 4")
    assert_accessible(page)
    page.goto("/certification/verify/SAM-1999-0001")
    expect(page.get_by_text("Det finns inget certifikat med numret SAM-1999-0001.")).to_be_visible()
    assert_accessible(page)
    page.context.close()


def _verify_and_publish(app, organisation_ids, coordinator):
    """The coordinator checks the businesses and publishes a snapshot of the insights."""
    from app.accounts.models import Organisation, User
    from app.certification import insights
    from app.extensions import db

    with app.app_context():
        user = db.session.get(User, coordinator.id)
        for organisation_id in organisation_ids:
            insights.verify_organisation(db.session.get(Organisation, organisation_id), user)
        insights.publish_snapshot(user)
        db.session.commit()


def test_withheld_figures_are_accessible(app, browser, base_url, make_user, make_org, make_assessment, version):
    """A snapshot where one of seven businesses alone names a barrier: the figures say so, in both languages."""
    from app.certification.models import AssessmentState
    from tests.certification.conftest import READY_ANSWERS

    coordinator = make_user(name="Samordnare", roles=["coordinator"])
    organisations = []
    for index in range(7):
        member = make_user()
        org = make_org(name=f"Verkstaden {index}", kind=OrganisationKind.social_business, admins=[member])
        answers = dict(READY_ANSWERS, barriers=["cost", "unclear_benefit"] if index == 0 else ["cost"])
        make_assessment(org, member, answers=answers, state=AssessmentState.approved, coordinator=coordinator)
        organisations.append(org.id)
    _verify_and_publish(app, organisations, coordinator)
    for locale, marker in (("en-US", "withheld"), ("sv-SE", "dold")):
        page = browser.new_context(base_url=base_url, locale=locale).new_page()
        page.goto("/certification/insights/summary")
        row = page.get_by_role("table").filter(has=page.locator("caption", has_text=re.compile("Barriers named|Nämnda hinder")))
        expect(row.locator(".cert-suppressed").first).to_have_text(marker)
        assert_accessible(page)
        page.context.close()
