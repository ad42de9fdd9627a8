"""Real browser: a group asks, a coordinator accepts and opens, a researcher claims and completes,
the group rates, and the result is in the public library; axe-core on every page visited."""
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(browser, base_url, user):
    context = browser.new_context(base_url=base_url, locale="en-US")
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()
    return page


def test_question_to_published_result(browser, base_url, people, make_researcher, make_request):
    from app.requests.constants import RequestState

    researcher = make_researcher(name="Rashid Haddad", expertise="urban planning, courtyards")
    # An earlier published answer, so that the group sees a similar result before submitting.
    make_request(people.stakeholder_org, state=RequestState.completed, title="Safer courtyards in Lund",
                 question="What makes a courtyard feel safe in the evening?")

    group = sign_in(browser, base_url, people.group)
    group.goto("/requests/")
    assert_accessible(group)
    group.get_by_role("link", name="Ask a research question").click()
    assert_accessible(group)
    # Continue without the question: errors beside the fields, typed values kept.
    group.get_by_label("Title").fill("Greener courtyards in Rosengård")
    group.get_by_role("button", name="Continue to submit").click()
    expect(group.locator("#error-summary")).to_be_visible()
    expect(group.get_by_label("Title")).to_have_value("Greener courtyards in Rosengård")
    assert_accessible(group)
    group.get_by_label("Your question").fill("How can tenants make their courtyards greener and safer in the evening?")
    group.get_by_label("Goal 11: Sustainable cities and communities").check()
    group.get_by_label("We agree that the result is published").check()
    group.get_by_role("button", name="Continue to submit").click()
    expect(group.get_by_role("heading", name="Check and submit")).to_be_visible()
    expect(group.get_by_role("link", name="Safer courtyards in Lund")).to_be_visible()
    assert_accessible(group)
    group.get_by_role("button", name="Submit to the science shop").click()
    expect(group.get_by_text("Your request has been sent")).to_be_visible()
    assert_accessible(group)
    request_url = group.url

    coordinator = sign_in(browser, base_url, people.coordinator)
    coordinator.goto("/requests/queue")
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Greener courtyards in Rosengård").click()
    assert_accessible(coordinator)
    coordinator.get_by_text("Accept", exact=True).click()
    coordinator.locator("form[action$='/do/accept']").get_by_role("button", name="Confirm").click()
    expect(coordinator.get_by_text("The request has been accepted")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_text("Open to researchers", exact=True).click()
    coordinator.get_by_label("Suggest to researchers (optional)").select_option(label="Rashid Haddad")
    coordinator.locator("form[action$='/do/open']").get_by_role("button", name="Confirm").click()
    expect(coordinator.get_by_text("The request is now open to researchers.")).to_be_visible()
    assert_accessible(coordinator)

    scholar = sign_in(browser, base_url, researcher)
    scholar.goto("/notifications/")
    expect(scholar.get_by_text("A coordinator suggests a request to you")).to_be_visible()
    assert_accessible(scholar)
    scholar.goto("/requests/open")
    assert_accessible(scholar)
    row = scholar.get_by_role("row").filter(has_text="Greener courtyards in Rosengård")
    row.get_by_role("button", name="Claim").click()
    expect(scholar.get_by_text("You have claimed the request.")).to_be_visible()
    assert_accessible(scholar)
    scholar.get_by_role("button", name="Start work").click()
    expect(scholar.get_by_text("Work has started.")).to_be_visible()
    scholar.get_by_label("Progress update").fill("We have walked the courtyards with six tenants.")
    scholar.get_by_role("button", name="Post progress").click()
    assert_accessible(scholar)
    scholar.get_by_role("link", name="Complete with a result").click()
    assert_accessible(scholar)
    scholar.get_by_label("Plain-language summary").fill("Tenants who plant together use their courtyard more.")
    scholar.get_by_label("Result as text").fill("Five measures, their costs and how to follow them up.")
    scholar.get_by_label("Recommendations").fill("Start with lighting and one shared planting bed.")
    scholar.get_by_role("button", name="Complete the request").click()
    expect(scholar.get_by_text("The request is completed.")).to_be_visible()
    assert_accessible(scholar)

    group.goto(request_url)
    expect(group.get_by_role("heading", name="Rate the result")).to_be_visible()
    assert_accessible(group)
    group.get_by_label("4: Useful").check()
    group.get_by_label("Comment").fill("Clear and practical.")
    group.get_by_role("button", name="Send rating").click()
    expect(group.get_by_text("Thank you for your rating.")).to_be_visible()
    assert_accessible(group)

    visitor = browser.new_context(base_url=base_url, locale="en-US").new_page()
    visitor.goto("/requests/library")
    assert_accessible(visitor)
    visitor.get_by_role("searchbox", name="Search", exact=True).fill("greener courtyards")
    visitor.get_by_role("search", name="Search the results").get_by_role("button", name="Search").click()
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Greener courtyards in Rosengård").click()
    expect(visitor.get_by_text("Tenants who plant together use their courtyard more.")).to_be_visible()
    assert re.search(r"/requests/library/\d+$", visitor.url)
    assert_accessible(visitor)


def test_other_science_shop_pages_are_accessible(browser, base_url, people, make_request, make_researcher):
    from app.requests.constants import RequestState

    researcher = make_researcher(name="Rashid Haddad")
    submitted = make_request(people.group_org, state=RequestState.submitted, title="Bees on the roofs")
    working = make_request(people.group_org, state=RequestState.in_progress, assignee=researcher,
                           title="Homework clubs")
    coordinator = sign_in(browser, base_url, people.coordinator)
    coordinator.goto(f"/requests/{submitted}")
    coordinator.get_by_text("Decline with a reason", exact=True).click()
    coordinator.get_by_label("Other reason").check()
    coordinator.locator("form[action$='/do/decline']").get_by_role("button", name="Confirm").click()
    expect(coordinator.locator("#error-summary")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.goto(f"/requests/{working}")
    coordinator.get_by_role("textbox", name="Message").fill("Internal: check the budget.")
    coordinator.get_by_label("Internal note (never shown to the group)").check()
    coordinator.get_by_role("button", name="Send").click()
    expect(coordinator.get_by_text("Your internal note has been saved.")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.goto("/requests/queue?state=all&theme=sdg11")
    assert_accessible(coordinator)
    coordinator.goto("/notifications/settings")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_text("Your notification choices have been saved.")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.set_viewport_size({"width": 360, "height": 740})
    coordinator.goto(f"/requests/{working}")
    assert_accessible(coordinator)
    assert coordinator.evaluate("document.documentElement.scrollWidth") <= 370
