"""Real browser: researcher–request lists, linking requests to a co-lab, the dashboard; axe-core on each."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.accounts.constants import Role
from app.accounts.models import ResearcherProfile
from app.colabs.constants import SessionFormat, SessionState
from app.colabs.models import ColabSession
from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import RequestLanguage, RequestState
from app.requests.models import Request
from tests.a11y import assert_accessible
from tests.conftest import persist
from tests.browser import sign_in
from tests.matching.test_matching_browser import sign_out

pytestmark = pytest.mark.browser


def test_research_lists_linked_requests_and_dashboard(app, page, base_url, people, make_user):
    expert = make_user(name="Hanna Housing", roles=[Role.researcher])
    persist(app, ResearcherProfile(user_id=expert.id, department="Urban Studies",
                                   expertise="housing, segregation, tenants", capacity=3))
    open_request = persist(app, Request(organisation_id=people.group_org.id, state=RequestState.open,
                                        language=RequestLanguage.en, title="Segregation and housing queues",
                                        question="Why are housing queues longer for tenants in segregated areas?"))
    routed = persist(app, Request(organisation_id=people.group_org.id, state=RequestState.colab,
                                  title="Unsafe crossings near the school", question="Where do children cross?"))
    starts = utcnow() + timedelta(days=5)
    session = persist(app, ColabSession(title="Safer streets", format=SessionFormat.colab_workshop,
                                        description="Walk and map.", starts_at=starts,
                                        ends_at=starts + timedelta(hours=2), venue="Malmö", language="sv",
                                        capacity=10, questions=[], state=SessionState.published))

    sign_in(page, people.coordinator.email)
    page.goto(f"/requests/{open_request.id}")
    page.get_by_role("link", name="Researchers ranked for this request").click()
    expect(page.get_by_role("heading", name="Hanna Housing")).to_be_visible()
    expect(page.locator(".match-sentence").first).to_contain_text("share")
    assert_accessible(page)

    page.goto(f"/colabs/{session.id}")
    page.get_by_role("link", name="Choose the linked requests").click()
    assert_accessible(page)
    page.get_by_label("Unsafe crossings near the school").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The linked requests have been saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Unsafe crossings near the school")).to_be_visible()
    assert_accessible(page)

    page.goto("/dashboard/?start=2020-01-01")
    assert_accessible(page)
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#end-error")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, expert.email)
    page.goto("/matches/")
    page.get_by_role("link", name="Open requests ranked for you").click()
    expect(page.get_by_role("link", name="Segregation and housing queues")).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        assert db.session.get(ColabSession, session.id).linked_requests[0].id == routed.id
