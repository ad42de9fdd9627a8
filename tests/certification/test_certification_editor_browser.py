"""Real browser: a coordinator drafts a questionnaire version, edits a question in the structured editor (an error
on its field first), glances at the YAML view, previews and publishes. axe-core runs in English and Swedish."""
import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import sign_in

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
    page.get_by_role("link", name="Where is the mission written down?").click()
    page.get_by_label("Points, row 2").fill("ten")
    page.get_by_label("Advice in Swedish").fill("Ändra stadgarna.")
    page.get_by_role("button", name="Save the question").click()
    expect(page.locator("#error-summary")).to_contain_text("Write a number.")
    expect(page.get_by_label("Points, row 2")).to_have_value("ten")
    assert_accessible(page)
    page.get_by_label("Points, row 2").fill("5")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    page.get_by_role("link", name="Advanced: edit it as YAML").click()
    expect(page.get_by_label("The questionnaire in YAML")).to_contain_text("Ändra stadgarna.")
    page.goto(page.url.replace("/yaml", "/preview"))
    expect(page.get_by_role("heading", level=1, name="Preview of version 2")).to_be_visible()

    # The editor and the preview in Swedish, then publish.
    page.locator(".account-menu > summary").click()
    page.get_by_role("button", name="Svenska").click()
    page.goto(page.url)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    page.get_by_role("link", name="Redigera utkastet").click()
    assert_accessible(page)
    page.get_by_role("link", name="Redigera avsnitt 2").click()
    assert_accessible(page)
    page.go_back()
    page.go_back()
    page.get_by_role("button", name="Publicera version 2").click()
    expect(page.get_by_text("Version 2 är publicerad")).to_be_visible()
