"""Real browser: a coordinator suspends and reinstates a certificate; the business reads the news and
stops it with the link in the mail. axe-core runs on every page, in English and Swedish."""
import re

import pytest
from playwright.sync_api import expect

from app.accounts.constants import OrganisationKind
from tests.a11y import assert_accessible
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_suspend_reinstate_and_the_notice_that_follows(browser, base_url, make_user, make_org, make_assessment,
                                                       version, mailbox):
    from app.certification.models import AssessmentState

    member = make_user(name="Dag Nilsson", email="dag@example.org")
    coordinator = make_user(name="Cecilia Lindqvist", email="cecilia@example.org", roles=["coordinator"])
    org = make_org(name="Cykelköket Lund", kind=OrganisationKind.social_business, admins=[member])
    make_assessment(org, member, state=AssessmentState.approved, coordinator=coordinator)
    mailbox.clear()

    officer = browser.new_context(base_url=base_url, locale="en-US").new_page()
    sign_in(officer, coordinator.email)
    officer.goto("/certification/certificates")
    officer.get_by_role("link", name=re.compile("^Suspend SAM-")).click()
    expect(officer.get_by_role("heading", level=1, name=re.compile("^Suspend certificate"))).to_be_visible()
    officer.get_by_role("button", name="Suspend").click()  # no reason: the error stands beside the field
    expect(officer.locator("#error-summary")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("Reason for suspending").fill("A complaint about the asset lock is being looked into.")
    officer.get_by_role("button", name="Suspend").click()
    expect(officer.get_by_text("This certificate is suspended.")).to_be_visible()
    assert_accessible(officer)
    officer.goto("/certification/registry")
    expect(officer.get_by_text("Cykelköket Lund")).to_have_count(0)

    [notice] = mailbox.to(member.email)
    assert "suspended" in notice.subject and "asset lock" in notice.text
    business = browser.new_context(base_url=base_url, locale="en-US").new_page()
    sign_in(business, member.email)  # the member's account says English ...
    business.locator(".account-menu > summary").click()
    business.get_by_role("button", name="Svenska").click()  # ... until they choose Swedish
    business.goto("/notifications/")
    expect(business.get_by_role("heading", level=1, name="Aviseringar")).to_be_visible()
    expect(business.get_by_text("Ert certifikat har stängts av")).to_be_visible()
    assert_accessible(business)
    business.goto("/notifications/settings")
    assert_accessible(business)
    business.get_by_role("button", name="Spara").click()
    expect(business.get_by_text("Dina val för aviseringar är sparade.")).to_be_visible()

    path = re.search(r"/notifications/unsubscribe/\S+", notice.text).group(0)
    business.goto(path)
    expect(business.get_by_role("heading", level=1, name="Stoppa de här mejlen")).to_be_visible()
    assert_accessible(business)
    business.get_by_role("button", name="Stoppa de här mejlen").click()
    expect(business.get_by_text("Klart: du får inte längre veta om det här.")).to_be_visible()
    assert_accessible(business)

    officer.goto("/certification/certificates")
    officer.get_by_role("link", name=re.compile("^Reinstate SAM-")).click()
    assert_accessible(officer)
    officer.get_by_role("button", name="Reinstate").click()
    expect(officer.get_by_text("This certificate is valid.")).to_be_visible()
    # Only the suspension notices were stopped: the business still hears that it is valid again.
    assert [m.subject for m in mailbox.to(member.email)][1:] == ["Ert certifikat gäller igen"]
    for page in (officer, business):
        page.context.close()
