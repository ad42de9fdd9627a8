"""Real browser: a coordinator drafts, breaks, fixes, previews and publishes a questionnaire version.
axe-core runs on the editor and the preview, in English and Swedish."""
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.certification.test_certification_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_questionnaire_editor_in_english_and_swedish(browser, base_url, make_user, version):
    coordinator = make_user(name="Cecilia Lindqvist", email="cecilia@example.org", roles=["coordinator"])
    page = browser.new_context(base_url=base_url, locale="en-US").new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish? A published version never changes."
    sign_in(page, coordinator.email)
    page.goto("/certification/questionnaires")
    assert_accessible(page)
    page.get_by_role("button", name="Draft a new version from the current one").click()
    expect(page.get_by_role("heading", level=1, name="Edit draft version 2")).to_be_visible()
    assert_accessible(page)
    box = page.get_by_label("The questionnaire in YAML")
    original = box.input_value()
    # The text is long: set it at once, as pasting would, instead of typing it.
    box.evaluate("(box, text) => { box.value = text; }", original.replace("type: text", "type: essay", 1))
    page.get_by_role("button", name="Check and save the draft").click()
    expect(page.locator("#error-summary")).to_contain_text(re.compile(r"sections\[\d+\]\.questions\[\d+\]\.type:"))
    assert_accessible(page)
    page.get_by_label("The questionnaire in YAML").evaluate("(box, text) => { box.value = text; }", original)
    page.get_by_role("button", name="Check and save the draft").click()
    expect(page.get_by_role("heading", level=1, name="Preview of version 2")).to_be_visible()
    assert_accessible(page)

    # The same pages in Swedish.
    page.locator(".account-menu > summary").click()
    page.get_by_role("button", name="Svenska").click()
    page.goto(page.url)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    page.get_by_role("link", name="Redigera utkastet").click()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Publicera version 2").click()
    expect(page.get_by_text("Version 2 är publicerad")).to_be_visible()
    assert_accessible(page)
