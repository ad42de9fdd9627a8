"""Public pages are cached for visitors and a committed change shows at once, on every public page."""
import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation
from app.certification.models import AssessmentState, Certificate
from app.colabs.constants import SessionState
from app.colabs.models import ColabSession
from app.extensions import cache, db
from app.pagecache import area_of, public_page, versions
from app.requests.constants import RequestState
from app.requests.models import Request
from tests.certification.conftest import definition, make_assessment, version  # noqa: F401 (fixtures)
from tests.colabs.conftest import make_session  # noqa: F401 (fixture)
from tests.impact.conftest import businesses, catalogue, commit_to, make_report  # noqa: F401 (fixtures)
from tests.requests.conftest import make_request  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def page_cache(app):
    """Turn the page cache on (the suite runs with it off) and start from an empty cache."""
    app.config["PAGE_CACHE_ENABLED"] = True
    with app.app_context():
        cache.clear()
    yield
    app.config["PAGE_CACHE_ENABLED"] = False
    with app.app_context():
        cache.clear()


@pytest.fixture
def visitor(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def commit(app, obj):
    with app.app_context():
        db.session.add(obj)
        db.session.commit()


def test_the_area_of_a_model_is_its_package():
    assert area_of(ColabSession) == "colabs" and area_of(Organisation) == "accounts"
    assert area_of(Certificate) == "certification" and area_of(str) is None


def test_a_commit_bumps_the_areas_it_changed_and_a_rollback_does_not(app, make_org):
    org = make_org(name="Before")
    with app.app_context():
        before = dict((a, v) for a, v, _t in versions()[0])
        db.session.get(Organisation, org.id).name = "Rolled back"
        db.session.flush()
        db.session.rollback()
        assert dict((a, v) for a, v, _t in versions()[0]) == before
        db.session.execute(sa.update(Organisation).where(Organisation.id == org.id).values(name="Bulk"))
        db.session.commit()
        after = dict((a, v) for a, v, _t in versions()[0])
    assert after["accounts"] == before["accounts"] + 1
    assert {a: v for a, v in after.items() if a != "accounts"} == {a: v for a, v in before.items() if a != "accounts"}


def test_a_visitor_gets_the_cached_page_with_etag_304_and_proxy_headers(app, visitor, make_session):
    make_session(title="Grannar odlar tillsammans")
    first = visitor.get("/colabs/")
    assert first.status_code == 200 and "Grannar odlar tillsammans" in first.get_data(as_text=True)
    assert first.headers["Cache-Control"].startswith("public") and "s-maxage" in first.headers["Cache-Control"]
    assert "Accept-Language" in first.headers["Vary"] and "Cookie" in first.headers["Vary"]
    assert "Set-Cookie" not in first.headers and first.headers["ETag"] and first.headers["Last-Modified"]
    again = visitor.get("/colabs/")
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    unchanged = visitor.get("/colabs/", headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    since = visitor.get("/colabs/", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_the_cache_keeps_languages_and_addresses_apart(app, make_session):
    make_session(title="Språkcafé")
    english, swedish = app.test_client(), app.test_client()
    english.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    swedish.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    assert 'lang="en"' in english.get("/colabs/").get_data(as_text=True)
    assert 'lang="sv"' in swedish.get("/colabs/").get_data(as_text=True)
    assert 'lang="en"' in english.get("/colabs/").get_data(as_text=True)
    assert english.get("/colabs/?page=2").get_data() != english.get("/colabs/").get_data()


def test_a_visitors_page_holds_no_token_of_theirs(visitor):
    page = visitor.get("/about").get_data(as_text=True)
    assert 'name="csrf_token"' not in page
    assert visitor.post("/language", data={"lang": "sv", "next": "/about"}).status_code == 302
    assert 'lang="sv"' in visitor.get("/about").get_data(as_text=True)


def test_signed_in_pages_never_come_from_the_cache(app, people, login, make_session, visitor):
    make_session(title="Öppet möte")
    visitor.get("/colabs/")
    member = login(people.group)
    page = member.get("/colabs/")
    assert page.headers["Cache-Control"] == "private, no-store" and "ETag" not in page.headers
    assert people.group.name in page.get_data(as_text=True)
    assert people.group.name not in visitor.get("/colabs/").get_data(as_text=True)


def test_a_flashed_message_is_shown_not_hidden_by_the_cache(app, visitor):
    visitor.get("/about")
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this visitor only")]
    assert "A message for this visitor only" in visitor.get("/about").get_data(as_text=True)
    assert "A message for this visitor only" not in app.test_client().get("/about").get_data(as_text=True)


def test_a_page_that_sets_a_cookie_is_not_stored(make_app):
    from flask import session as flask_session

    other = make_app(PAGE_CACHE_ENABLED=True)
    hits = []

    @public_page()
    def cookie():
        flask_session["seen"] = len(hits)
        hits.append(1)
        return "<p>hello</p>"

    @public_page()
    def plain():
        hits.append(2)
        return "<p>hello</p>"

    other.add_url_rule("/cookie-page", "cookie_page", cookie)
    other.add_url_rule("/plain-page", "plain_page", plain)
    for _ in range(2):
        other.test_client().get("/cookie-page")
        other.test_client().get("/plain-page")
    assert hits == [1, 2, 1]


# -- each public page shows a write at once ---------------------------------------------------------
def _session_pages(session_id):
    return ["/colabs/", "/colabs/month", f"/colabs/{session_id}"]


def test_colab_pages_show_a_new_and_a_changed_session_at_once(app, visitor, make_session):
    session_id = make_session(title="Första sessionen")
    for path in _session_pages(session_id):
        assert "Första sessionen" in visitor.get(path).get_data(as_text=True), path
    make_session(title="Andra sessionen")
    with app.app_context():
        db.session.get(ColabSession, session_id).title = "Första sessionen, ny titel"
        db.session.commit()
    for path in ["/colabs/", "/colabs/month"]:
        assert "Andra sessionen" in visitor.get(path).get_data(as_text=True), path
    published = visitor.get(f"/colabs/{session_id}").get_data(as_text=True)
    assert "ny titel" in published
    with app.app_context():
        db.session.get(ColabSession, session_id).state = SessionState.cancelled
        db.session.commit()
    assert visitor.get(f"/colabs/{session_id}").get_data(as_text=True) != published


def test_the_library_shows_a_newly_published_result_at_once(app, visitor, people, make_request):
    first = make_request(people.group_org, state=RequestState.completed, title="Gröna innergårdar")
    for path in ["/requests/library", f"/requests/library/{first}", "/search?q=innergårdar"]:
        assert "Gröna innergårdar" in visitor.get(path).get_data(as_text=True), path
    second = make_request(people.group_org, state=RequestState.completed, title="Trygga trapphus")
    assert "Trygga trapphus" in visitor.get("/requests/library").get_data(as_text=True)
    assert "Trygga trapphus" in visitor.get("/search?q=trapphus").get_data(as_text=True)
    with app.app_context():
        db.session.get(Request, first).consent_to_publish = False
        db.session.commit()
    assert visitor.get(f"/requests/library/{first}").status_code == 404
    assert "Gröna innergårdar" not in visitor.get("/requests/library").get_data(as_text=True)
    assert f"/requests/library/{second}" in visitor.get("/requests/library").get_data(as_text=True)


def test_the_registry_and_verification_show_a_new_certificate_at_once(app, visitor, people, make_org, make_user,
                                                                     make_assessment):
    member = make_user(name="Lagom Member")
    org = make_org(name="Kooperativet Lagom", kind=OrganisationKind.social_business, admins=[member])
    pages = ["/certification/", "/certification/registry", "/certification/insights/summary",
             "/dashboard/public", "/about", "/"]
    before = {path: visitor.get(path).get_data(as_text=True) for path in pages}
    assert "Kooperativet Lagom" not in before["/certification/registry"]
    make_assessment(org, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        number = db.session.scalars(sa.select(Certificate.number)).one()
    assert "Kooperativet Lagom" in visitor.get("/certification/registry").get_data(as_text=True)
    assert "This certificate is valid." in visitor.get(f"/certification/verify/{number}").get_data(as_text=True)
    for path in pages:  # each page as the cache serves it is the page as it is rendered now
        assert visitor.get(path).get_data(as_text=True) == rendered(app, visitor, path), path
    assert visitor.get("/certification/registry").get_data(as_text=True) != before["/certification/registry"]


def rendered(app, client, path):
    """Return the page rendered afresh, with the cache off."""
    app.config["PAGE_CACHE_ENABLED"] = False
    try:
        return client.get(path).get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_ENABLED"] = True


def test_the_public_dashboard_and_about_page_show_a_new_member_at_once(app, visitor, make_org):
    from datetime import date

    before = visitor.get("/dashboard/public").get_data(as_text=True)
    about = visitor.get("/about").get_data(as_text=True)
    make_org(name="Ny medlem", member_since=date.today())
    assert visitor.get("/dashboard/public").get_data(as_text=True) != before
    assert visitor.get("/about").get_data(as_text=True) != about
    for path in ("/dashboard/public", "/about", "/"):
        assert visitor.get(path).get_data(as_text=True) == rendered(app, visitor, path)


def test_the_impact_pages_show_a_newly_published_snapshot_at_once(app, visitor, people, businesses, commit_to,
                                                                 make_report):
    from app.accounts.models import User
    from app.impact import services as impact

    pages = ("/impact/", "/impact/snapshots", "/impact/indicators", "/impact/learning/")
    before = {path: visitor.get(path).get_data(as_text=True) for path in pages}
    assert all(visitor.get(path).get_data(as_text=True) == before[path] for path in pages)  # from the cache
    for org, user in businesses[:3]:
        make_report(commit_to(org, user, code="VOL-HOURS"), period="2025H1", value=10)
    with app.test_request_context():
        impact.publish_snapshot("2025H1", db.session.get(User, people.coordinator.id))
        db.session.commit()
    for path in ("/impact/", "/impact/snapshots"):
        page = visitor.get(path).get_data(as_text=True)
        assert page != before[path] and "2025H1" in page, path
    for path in (*pages, "/impact/snapshots/2025H1"):
        assert visitor.get(path).get_data(as_text=True) == rendered(app, visitor, path), path
