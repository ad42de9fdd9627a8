"""Real browser: the header's search box, the results page with a corrected typo, one kind page; axe-core on each."""
import pytest
from playwright.sync_api import expect

from app.requests.constants import RequestState
from tests.a11y import assert_accessible

pytestmark = pytest.mark.browser


def test_search_from_the_header(browser, base_url, people, make_request):
    make_request(people.group_org, state=RequestState.completed, title="Klimatet i skolgården",
                 question="Hur kan vi få barnen att bry sig om klimatet?")
    page = browser.new_context(base_url=base_url, locale="en-US").new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search Samverka").fill("klimatett")
    page.get_by_role("searchbox", name="Search Samverka").press("Enter")
    expect(page.get_by_text("Showing results for")).to_be_visible()
    expect(page.get_by_role("link", name="Klimatet i skolgården")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Published results (1)").click()
    expect(page.get_by_role("heading", name="Published results (1)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Klimatet i skolgården").click()
    expect(page.get_by_role("heading", name="Klimatet i skolgården")).to_be_visible()
