"""Real browser: each role's home and the navigation at phone, tablet and desktop width, in both languages."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser_helpers import session_cookie
from tests.conftest import PASSWORD
from tests.home.test_my_work import prepared  # noqa: F401
from tests.certification.conftest import definition, make_assessment, version  # noqa: F401
from tests.colabs.conftest import make_session, register  # noqa: F401
from tests.matching.conftest import make_need, make_offering  # noqa: F401
from tests.requests.conftest import make_request  # noqa: F401

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTHS = [360, 768, 1280]
ROLES = ["visitor", "coordinator", "researcher", "facilitator", "group", "business", "stakeholder"]
MENU = {"en": "Menu", "sv": "Meny"}
LANGUAGE = {"en": "English", "sv": "Svenska"}
MY_WORK = {"en": "My work", "sv": "Mitt arbete"}


def no_sideways_scrolling(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def nav_rows(page):
    """Return how many rows the desktop navigation and the header's parts take."""
    return page.evaluate("""() => {
        const tops = new Set();
        for (const el of document.querySelectorAll('.main-nav .nav-groups > li, .brand, .header-tools > *')) {
            if (el.offsetParent !== null) tops.add(Math.round(el.getBoundingClientRect().top / 12));
        }
        return tops.size;
    }""")


def choose_language(page, signed_in, language):
    if signed_in:
        page.locator(".account-menu > summary").click()
    page.locator(".language-switch").get_by_role("button", name=LANGUAGE[language]).click()


def test_home_and_navigation_at_every_width(browser, base_url, people, prepared):
    for role in ROLES:
        context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        signed_in = role != "visitor"
        if signed_in:
            context.add_cookies([session_cookie(getattr(people, role), base_url)])
        for language in ("en", "sv"):
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto("/")
            choose_language(page, signed_in, language)
            assert page.locator("html").get_attribute("lang") == language
            if signed_in:
                expect(page.get_by_role("heading", name=MY_WORK[language], level=1)).to_be_visible()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                page.goto("/")
                assert no_sideways_scrolling(page), (role, language, width)
                assert_accessible(page)
                if width == 1280:
                    assert nav_rows(page) == 1, (role, language)
                    expect(page.locator(".phone-menu")).to_be_hidden()
                    if role == "coordinator" and language == "en":
                        # An area's menu opens without JavaScript and is accessible when open.
                        page.locator(".main-nav summary", has_text="Science shop").click()
                        expect(page.get_by_role("link", name="Coordinators' queue")).to_be_visible()
                        assert_accessible(page)
                        page.locator(".account-menu > summary").click()
                        expect(page.get_by_role("link", name="Notification settings")).to_be_visible()
                        # With JavaScript one menu is open at a time, and Escape closes it.
                        expect(page.get_by_role("link", name="Coordinators' queue")).to_be_hidden()
                        assert_accessible(page)
                        page.keyboard.press("Escape")
                        expect(page.get_by_role("link", name="Notification settings")).to_be_hidden()
                        page.goto("/")
                    if language == "en":
                        DOCS.mkdir(exist_ok=True)
                        page.screenshot(path=str(DOCS / f"home-{role}.png"), full_page=True)
                else:
                    expect(page.locator(".main-nav")).to_be_hidden()
                    page.locator(".phone-menu > summary").click()
                    menu = page.locator(".phone-menu nav")
                    expect(menu).to_be_visible()
                    assert no_sideways_scrolling(page), (role, language, width, "menu open")
                    assert_accessible(page)
        context.close()


def test_the_phone_menu_works_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, locale="en-GB", java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/")
    page.locator(".phone-menu > summary").click()
    menu = page.locator(".phone-menu nav")
    for group, link in [("Science shop", "Results library"), ("Co-labs", "Calendar of sessions"),
                        ("Certification", "Registry of certified businesses"), ("Matching", "How matching works"),
                        ("Alliance", "The alliance in figures")]:
        expect(menu.get_by_role("heading", name=group)).to_be_visible()
        expect(menu.get_by_role("link", name=link)).to_be_visible()
    menu.get_by_role("link", name="How matching works").click()
    expect(page.get_by_role("heading", name="How matching works", level=1)).to_be_visible()
    context.close()


def test_the_dashboard_on_the_demo_data(app, browser, base_url, demo):
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("Email").fill("coordinator@example.org")
    page.get_by_label("Password").fill("samverka-demo")
    page.get_by_role("button", name="Sign in").click()
    for language in ("en", "sv"):
        page.goto("/")
        choose_language(page, True, language)
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/dashboard/")
            assert no_sideways_scrolling(page), (language, width)
            assert_accessible(page)
            # No chart label runs outside its drawing.
            assert page.evaluate("""() => [...document.querySelectorAll('figure.chart svg')].every(svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].every(t => {
                    const r = t.getBoundingClientRect();
                    return r.left >= box.left - 1 && r.right <= box.right + 1;
                });
            })"""), (language, width)
            if width == 1280 and language == "en":
                page.screenshot(path=str(DOCS / "dashboard.png"), full_page=True)
    context.close()


def test_a_match_list_shows_eight_results_on_a_laptop_screen(browser, base_url, people, make_org, make_need,
                                                             make_offering):
    from app.accounts.constants import OrganisationKind

    need = make_need(people.stakeholder_org, title="Städning av trapphus",
                     description="Vi behöver städning av kontor och trapphus i Malmö varje vecka.")
    for n in range(10):
        organisation = make_org(name=f"Städkooperativ {n}", kind=OrganisationKind.social_business)
        make_offering(organisation, title=f"Städning {n}",
                      description="Vi städar kontor och trapphus i Malmö och ger jobb åt fler.")
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("Email").fill(people.stakeholder.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/matches/needs/{need.id}/matches")
    rows = page.locator(".match-row")
    expect(rows).to_have_count(10)
    visible = page.evaluate("""() => [...document.querySelectorAll('.match-row')]
        .filter(row => row.getBoundingClientRect().bottom <= window.innerHeight).length""")
    assert visible >= 8, visible
    for n in range(10):
        expect(rows.nth(n).locator(".match-sentence")).not_to_be_empty()
    assert_accessible(page)
    expect(rows.first.locator(".match-parts")).to_be_hidden()
    rows.first.locator("summary").click()
    expect(rows.first.locator(".match-parts")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(DOCS / "match-list.png"))
    context.close()
