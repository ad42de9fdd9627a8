"""Real browser: a group asks, a coordinator accepts and opens, a researcher claims and completes,
the group rates, and the result is in the public library; axe-core on every page visited."""
import re

import pytest
from playwright.sync_api import expect

from app.requests.constants import RequestState
from tests.a11y import assert_accessible
from tests.browser_helpers import signed_in_context
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(browser, base_url, user):
    return signed_in_context(browser, base_url, user, locale="en-US")


def signed_in_page(browser, base_url, user):
    """Sign in whatever the person's language (the page after sign-in speaks it); return the page."""
    context = browser.new_context(base_url=base_url, locale="sv-SE" if user.locale == "sv" else "en-US")
    page = context.new_page()
    page.goto("/account/login")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/account/login" not in url)
    return page


def confirm(page, action):
    """Open an action's panel beside the request and confirm it."""
    form = page.locator(f"form[action$='/do/{action}']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    return form


def test_question_needs_info_claim_hand_over_result_rating_and_follow_up(app, browser, base_url, make_user,
                                                                         make_org, make_researcher, people):
    """One journey through every loop, the group in Swedish and the science shop in English; axe on each page."""
    from datetime import timedelta

    import sqlalchemy as sa

    from app.extensions import db
    from app.requests.models import Request
    from app.requests.services import follow_up_delay, send_follow_ups
    from app.links import request_context

    member = make_user(name="Gruppmedlem", locale="sv")
    make_org(name="Hyresgästföreningen", admins=[member])
    lead = make_researcher(name="Rashid Haddad", email="rashid@example.org", expertise="courtyards")
    colleague = make_researcher(name="Lena Berg", email="lena@example.org", locale="sv")

    group = signed_in_page(browser, base_url, member)
    group.goto("/requests/new")
    assert_accessible(group)
    group.locator("#title").fill("Grönare innergårdar i Rosengård")
    group.locator("#question").fill("Hur kan hyresgäster göra gårdarna grönare och tryggare på kvällen?")
    group.locator("input[name=themes][value=sdg11]").check()
    group.locator("#consent_to_publish").check()
    group.locator("button[name=next][value=review]").click()
    assert_accessible(group)
    group.locator("form[action$='/do/submit'] button").click()
    assert_accessible(group)
    request_url = group.url
    request_id = int(re.search(r"/requests/(\d+)", request_url).group(1))

    coordinator = sign_in(browser, base_url, people.coordinator)
    coordinator.goto(f"/requests/{request_id}")
    form = confirm(coordinator, "ask_info")
    form.get_by_label("What do you need to know?").fill("Which courtyards do you mean?")
    form.get_by_role("button", name="Confirm").click()
    expect(coordinator.get_by_text("The group has been asked for more information.")).to_be_visible()
    assert_accessible(coordinator)

    group.goto(request_url)  # the group answers in the thread only
    group.locator("#message-body").fill("De tre gårdarna på Ramels väg.")
    group.locator("form[action$='/messages'] button").click()
    assert_accessible(group)

    coordinator.goto("/requests/queue?state=info_received")
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Grönare innergårdar i Rosengård").click()
    confirm(coordinator, "accept").get_by_role("button", name="Confirm").click()
    confirm(coordinator, "open").get_by_role("button", name="Confirm").click()
    expect(coordinator.get_by_text("The request is now open to researchers.")).to_be_visible()
    assert_accessible(coordinator)

    scholar = sign_in(browser, base_url, lead)
    scholar.goto("/requests/open")
    assert_accessible(scholar)
    scholar.get_by_role("row").filter(has_text="Grönare innergårdar").get_by_role("button", name="Claim").click()
    scholar.get_by_role("button", name="Start work").click()
    scholar.get_by_label("Email of the person to add").fill("lena@example.org")
    scholar.get_by_role("button", name="Add", exact=True).click()
    scholar.get_by_text("Hand over to a co-researcher").click()
    scholar.get_by_label("Hand over to", exact=True).select_option(label="Lena Berg")
    scholar.get_by_role("button", name="Hand over", exact=True).click()
    expect(scholar.get_by_text("Lena Berg now leads the request")).to_be_visible()
    assert_accessible(scholar)

    second = signed_in_page(browser, base_url, colleague)
    second.goto(request_url)
    assert_accessible(second)
    second.locator(f"a[href$='/requests/{request_id}/complete']").click()
    second.locator("#complete-public_summary").fill("Hyresgäster som planterar tillsammans använder gården mer.")
    second.locator("#complete-result_text").fill("Fem åtgärder, vad de kostar och hur de följs upp.")
    assert_accessible(second)
    second.locator("form[action$='/do/complete'] button[type=submit]").click()
    assert_accessible(second)

    group.goto(request_url)
    group.locator("input[name=rating-rating][value='4']").check()
    group.locator("form[action$='/rate'] button").click()
    assert_accessible(group)
    with app.app_context():
        completed_at = db.session.scalar(sa.select(Request.completed_at).where(Request.id == request_id))
        with request_context():
            send_follow_ups(now=completed_at + follow_up_delay() + timedelta(hours=1))
        db.session.commit()
    group.goto(f"{request_url}/follow-up")
    assert_accessible(group)
    group.locator("input[name=used_results][value=yes]").check()
    group.locator("#used_for").fill("I vår ansökan till kommunen.")
    group.locator("input[name=cooperation][value='5']").check()
    group.locator("input[name=would_return][value=yes]").check()
    group.locator("form[action$='/follow-up'] button[type=submit]").click()
    expect(group.locator("#follow-up")).to_be_visible()
    expect(group.get_by_text("I vår ansökan till kommunen.")).to_be_visible()
    assert_accessible(group)

    visitor = browser.new_context(base_url=base_url, locale="sv-SE").new_page()
    visitor.goto("/requests/library?q=innergårdar")
    visitor.get_by_role("link", name="Grönare innergårdar i Rosengård").click()
    expect(visitor.get_by_text("Hyresgäster som planterar tillsammans")).to_be_visible()
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


def test_similar_questions_appear_while_the_group_types(app, browser, base_url, make_user, make_org, make_request,
                                                        people):
    """The intake form's live list (the script under requests/static), in Swedish and English; axe on each."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.requests.models import Request

    make_request(people.stakeholder_org, state=RequestState.completed, title="Loneliness and cafés",
                 question="Do cafés for older people reduce loneliness among tenants?")
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Request))
    for locale, others_have_asked in (("sv", "Andra har frågat något liknande"),
                                      ("en", "Others have asked something like this")):
        member = make_user(name=f"Member {locale}", email=f"member-{locale}@example.org", locale=locale)
        make_org(name=f"Tenants {locale}", admins=[member])
        page = signed_in_page(browser, base_url, member)
        page.goto("/requests/new")
        live = page.locator("#similar-results[aria-live=polite]")
        expect(live).to_be_empty()
        page.locator("#title").press_sequentially("Loneliness among older tenants", delay=10)
        page.locator("#question").fill("Would a weekly café reduce loneliness?")
        expect(live.get_by_role("link", name="Loneliness and cafés")).to_be_visible()
        expect(live).to_contain_text(others_have_asked)
        assert_accessible(page)
        page.context.close()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)) == before
