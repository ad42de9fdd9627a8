"""Real browser: a buyer publishes a need and reads the ranked businesses; a coordinator follows one to a customer."""
from datetime import date

import pytest
from playwright.sync_api import expect

from app.matching.constants import Category
from tests.a11y import assert_accessible
from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


def sign_out(page):
    page.locator(".account-menu > summary").click()
    page.get_by_role("button", name="Sign out").click()


def test_a_need_is_matched_introduced_and_becomes_a_customer(page, base_url, people, make_offering, make_org):
    make_offering(people.business_org, title="Trappstädning för bostadsbolag", creator=people.business,
                  description="Vi städar trapphus, entréer och tvättstugor i bostadsområden i Malmö varje vecka.",
                  themes=["local_community"])
    rival = make_org(name="Fönsterfixarna", kind=people.business_org.kind, municipality="1281")
    make_offering(rival, title="Fönsterputs", description="Fönsterputs för butiker och kontor i hela Skåne.",
                  whole_region=True, municipalities=())
    make_offering(rival, title="Lunch", description="Lunch och fika till möten.", category=Category.catering)

    sign_in(page, people.stakeholder.email)
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_text("Matching").click()
    main_nav.get_by_role("link", name="My needs and offerings").click()
    assert_accessible(page)
    page.get_by_role("link", name="Publish a need").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Städning av trapphus")
    page.get_by_label("Description").fill("kort")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#description-error")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Städning av trapphus")
    assert_accessible(page)

    page.get_by_label("Description").fill("Vi behöver någon som städar trapphus och tvättstugor i våra bostadsområden.")
    page.get_by_label("Category").select_option(label="Cleaning")
    page.get_by_label("Local community").check()
    page.get_by_label("Municipality").select_option(label="Malmö")
    page.get_by_label("Budget").select_option(label="Up to 250 000 kr a year")
    page.get_by_label("Timeframe").select_option(label="Within three months")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", name="Ranked businesses for Städning av trapphus", level=1)).to_be_visible()
    rows = page.locator(".match-row")
    expect(rows).to_have_count(2)  # the catering offering fails the category filter
    expect(rows.first.get_by_role("heading")).to_contain_text("Business Org")
    expect(rows.first.locator(".match-sentence")).to_contain_text("the descriptions share")
    expect(rows.first).to_contain_text("trapphus")
    expect(rows.first).to_contain_text("Same category")
    expect(rows.first.locator("meter")).to_have_count(5)
    assert_accessible(page)
    page.get_by_label("Lowest score (per cent)").fill("101")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#min_score-error")).to_be_visible()
    assert_accessible(page)
    need_url = page.url.split("?")[0]
    sign_out(page)

    sign_in(page, people.coordinator.email)
    page.goto(need_url)
    assert_accessible(page)
    page.get_by_role("button", name="Follow up Trappstädning för bostadsbolag").click()
    expect(page.get_by_text("You are now following this match.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the introduction").click()
    expect(page.get_by_text("Both sides have been sent an introduction.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date of the meeting").fill(date.today().isoformat())
    page.get_by_role("button", name="Meeting held").click()
    expect(page.get_by_text("The meeting has been recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Became a customer").click()  # nothing chosen yet
    expect(page.locator("#value_band-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Value of the deal").select_option(label="50 000 to 250 000 kr")
    page.get_by_label("Customer since").fill(date.today().isoformat())
    page.get_by_role("button", name="Became a customer").click()
    expect(page.get_by_text("Recorded: the organisation became a customer.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Became a customer")
    assert_accessible(page)

    page.goto("/matches/tracked?state=became_customer")
    expect(page.get_by_role("table")).to_contain_text("Städning av trapphus")
    assert_accessible(page)

    # The alliance dashboard counts the new customer, in its chart table and in the public summary.
    page.goto("/dashboard/")
    expect(page.locator(".key-figures")).to_contain_text("1 match became a customer (100 %)")
    expect(page.get_by_role("table", name="Matches per stage")).to_contain_text("Became a customer")
    assert_accessible(page)
    sign_out(page)
    page.goto("/dashboard/public")
    expect(page.locator(".key-figures")).to_contain_text("1 match became a customer")
    assert_accessible(page)
