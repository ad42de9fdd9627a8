"""Site-wide search: what each role finds, grouped with counts, snippets, typos, pagination, odd input."""
import pytest

from app.colabs.constants import SessionFormat, SessionState
from app.colabs.models import ColabSession
from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import RequestState
from tests.conftest import persist

EN = {"Accept-Language": "en"}


@pytest.fixture
def site(app, people, make_request):
    """A published result, a request waiting for triage, a draft, a published and a draft session."""
    from datetime import timedelta

    make_request(people.group_org, state=RequestState.completed, title="Klimatet i skolgården",
                 question="Hur kan vi få barnen att bry sig om klimatet?")
    make_request(people.group_org, state=RequestState.submitted, title="Klimatsmart matsal",
                 question="Kan skolans matsal servera klimatsmart mat?")
    make_request(people.group_org, state=RequestState.draft, title="Klimatdraft", question="Utkast om klimat.")
    start = utcnow() + timedelta(days=10)
    for title, state in (("Klimatcafé för unga", SessionState.published), ("Hemlig klimatträff", SessionState.draft)):
        persist(app, ColabSession(title=title, format=SessionFormat.science_cafe, description="Vi pratar om klimatet.",
                                  starts_at=start, ends_at=start + timedelta(hours=2), capacity=20, state=state))
    return people


@pytest.mark.parametrize("who,sees,hidden", [
    ("anonymous", ["Klimatet i skolgården", "Klimatcafé för unga"],
     ["Klimatsmart matsal", "Klimatdraft", "Hemlig klimatträff"]),
    ("group", ["Klimatet i skolgården", "Klimatcafé för unga"], ["Klimatsmart matsal", "Klimatdraft",
                                                                 "Hemlig klimatträff"]),
    ("coordinator", ["Klimatet i skolgården", "Klimatcafé för unga", "Klimatsmart matsal", "Hemlig klimatträff"],
     ["Klimatdraft"]),
])
def test_each_role_finds_what_it_may_see(site, client, login, who, sees, hidden):
    browser = client if who == "anonymous" else login(getattr(site, who))
    page = browser.get("/search?q=klimat", headers=EN).get_data(as_text=True)
    for title in sees:
        assert title in page, title
    for title in hidden:
        assert title not in page, title


def test_hits_are_grouped_with_counts_and_highlighted(site, client):
    page = client.get("/search?q=klimatet", headers=EN).get_data(as_text=True)
    assert "Published results (1)" in page and "Co-lab sessions (1)" in page
    assert "<mark>klimatet</mark>" in page
    only = client.get("/search?q=klimatet&kind=sessions", headers=EN).get_data(as_text=True)
    assert "Klimatcafé för unga" in only and "Klimatet i skolgården" not in only


def test_a_typo_is_corrected_and_the_original_can_be_searched(site, client):
    page = client.get("/search?q=klimatett", headers=EN).get_data(as_text=True)
    assert "Showing results for" in page and "Klimatet i skolgården" in page
    exact = client.get("/search?q=klimatett&exact=1", headers=EN).get_data(as_text=True)
    assert "Klimatet i skolgården" not in exact and "Did you mean:" in exact


def test_pagination_of_one_kind(app, people, make_request, client):
    for i in range(25):
        make_request(people.group_org, state=RequestState.completed, title=f"Cyklar nummer {i}",
                     question="Om cyklar.")
    first = client.get("/search?q=cykel&kind=results", headers=EN).get_data(as_text=True)
    second = client.get("/search?q=cykel&kind=results&page=2", headers=EN).get_data(as_text=True)
    assert first.count("Cyklar nummer") == 20 and second.count("Cyklar nummer") == 5
    assert "Page 1 of 2" in first


@pytest.mark.parametrize("query", ['"%27)(*', "a" * 300, "\x00", "%", "*:*", "  ", "ö" * 60, "kind=x", "🙂"])
def test_odd_queries_never_fail(site, client, query):
    response = client.get("/search", query_string={"q": query, "kind": "nonsense", "page": "x"})
    assert response.status_code in (200, 400)


def test_the_header_has_the_search_box(client):
    page = client.get("/", headers=EN).get_data(as_text=True)
    assert 'action="/search"' in page and 'role="search"' in page


def test_a_result_is_not_found_by_words_the_library_does_not_show(app, people, make_request, client):
    make_request(people.group_org, state=RequestState.completed, title="Bees in the city",
                 question="Where do wild bees live?", background="Our treasurer Zebulon keeps hives.")
    assert "Bees in the city" in client.get("/search?q=bees", headers=EN).get_data(as_text=True)
    assert "Bees in the city" not in client.get("/search?q=zebulon&exact=1", headers=EN).get_data(as_text=True)


def test_did_you_mean_never_proposes_a_word_of_a_text_one_may_not_see(app, people, make_request, client, login):
    make_request(people.group_org, state=RequestState.draft, title="Hemliga Zanzibarplaner",
                 question="Zanzibarplanerna är hemliga.")
    make_request(people.group_org, state=RequestState.submitted, title="Väntande Quokkaprojekt",
                 question="Om quokkaprojektet.")
    for typed in ("zanzibarplanr", "quokkaprojek"):
        for url in (f"/search?q={typed}", f"/search?q={typed}&exact=1"):
            page = client.get(url, headers=EN).get_data(as_text=True)
            assert "Showing results for" not in page and "Did you mean" not in page
            assert "zanzibarplaner" not in page.lower() and "quokkaprojekt" not in page.lower()
    staff = login(people.coordinator).get("/search?q=quokkaprojekk", headers=EN).get_data(as_text=True)
    assert "Väntande Quokkaprojekt" in staff


def test_the_page_takes_a_fixed_number_of_queries(app, people, make_request, login):
    from app.requests.models import Request
    from tests.querycount import count_queries

    counts = {}
    client = login(people.coordinator)
    for rows in (5, 50):
        for i in range(rows):
            make_request(people.group_org, state=RequestState.completed, title=f"Cyklar {i}", question="Om cyklar.")
        client.get("/search?q=cyklar")  # warm up: the first request loads the person
        with count_queries(app) as statements:
            assert client.get("/search?q=cyklar&kind=results").status_code == 200
        counts[rows] = len(statements)
        with app.app_context():
            for item in db.session.scalars(db.select(Request)):
                db.session.delete(item)
            db.session.commit()
    assert counts[5] == counts[50], counts
