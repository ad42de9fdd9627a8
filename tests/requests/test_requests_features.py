"""Intake, triage, routing, results, library, export, notifications and search, through the routes."""
import csv
import io
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder

from app.csv_export import BOM
from app.extensions import db
from app.requests.constants import RequestState, Theme
from app.requests.models import Request
from tests.requests.conftest import fetch

INTAKE = {
    "organisation_id": None, "title": "Loneliness among older tenants", "question": "Does a weekly café help?",
    "background": "We run a café.", "intended_use": "Plan next year.", "beneficiaries": "Older tenants",
    "help_kind": "literature_review", "timeframe": "Spring", "deadline": "", "themes": ["sdg03", "sdg11"],
    "language": "en", "consent_to_publish": "y",
}


def _load(app, request_id):
    with app.app_context():
        item = db.session.get(Request, request_id)
        db.session.expunge(item)
        return item


def test_draft_then_review_with_similar_then_submit(app, people, login, make_request, mailbox):
    earlier = make_request(people.stakeholder_org, state=RequestState.completed, title="Loneliness and cafés",
                           question="Do cafés for older people reduce loneliness?")
    unrelated = make_request(people.stakeholder_org, state=RequestState.completed, title="Bicycle lanes",
                             question="Are bicycle lanes safe for children?", public_summary="Mostly, yes.")
    client = login(people.group)
    data = dict(INTAKE, organisation_id=people.group_org.id, question="", themes=[], next="draft")
    response = client.post("/requests/new", data=data)
    assert response.status_code == 302  # a draft may be incomplete
    with app.app_context():
        draft_id = db.session.scalar(sa.select(Request.id).where(Request.title == INTAKE["title"]))
    assert fetch(app, draft_id) == (RequestState.draft, 0)

    # Continuing to submit needs the question and a theme; the typed values stay.
    response = client.post(f"/requests/{draft_id}/edit", data=dict(data, next="review"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write your question." in page and "Choose at least one theme." in page
    assert 'value="Loneliness among older tenants"' in page

    response = client.post(f"/requests/{draft_id}/edit", data=dict(INTAKE, organisation_id=people.group_org.id,
                                                                    next="review"))
    assert response.headers["Location"].endswith(f"/requests/{draft_id}/review")
    review = client.get(f"/requests/{draft_id}/review").get_data(as_text=True)
    assert "Loneliness and cafés" in review and "Bicycle lanes" not in review
    assert f"/requests/library/{earlier}" in review and unrelated

    assert client.post(f"/requests/{draft_id}/do/submit").status_code == 302
    state, events = fetch(app, draft_id)
    assert state == RequestState.submitted and events == 1
    assert any("A new request was submitted" in m.subject for m in mailbox.to(people.coordinator.email))


def test_people_outside_an_organisation_cannot_ask_for_it(app, people, login):
    response = login(people.group).post("/requests/new", data=dict(INTAKE, organisation_id=people.business_org.id))
    assert response.status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)) == 0


def test_needs_info_goes_back_to_the_group_who_edit_and_resubmit(app, people, login, make_request, mailbox):
    request_id = make_request(people.group_org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{request_id}/do/ask_info",
                                   data={"ask_info-note": "How many courtyards?"})
    assert fetch(app, request_id)[0] == RequestState.needs_info
    assert any("How many courtyards?" in m.text for m in mailbox.to(people.group.email))
    group = login(people.group)
    assert "How many courtyards?" in group.get(f"/requests/{request_id}").get_data(as_text=True)
    assert group.get(f"/requests/{request_id}/edit").status_code == 200
    assert group.post(f"/requests/{request_id}/do/submit").status_code == 302
    assert fetch(app, request_id) == (RequestState.submitted, 2)


@pytest.mark.parametrize("action,data,state,shown", [
    ("decline", {"decline-reason": "commercial_interest", "decline-text": "A company's own product."},
     RequestState.declined, "Commercial interest"),
    ("refer", {"refer-referred_to": "Länsstyrelsen Skåne"}, RequestState.referred, "Länsstyrelsen Skåne"),
    ("advise", {"advise-advice": "Read the public health review first."}, RequestState.advised,
     "Read the public health review first."),
])
def test_closing_outcomes_are_shown_to_the_group(app, people, login, make_request, mailbox, action, data, state,
                                                 shown):
    request_id = make_request(people.group_org, state=RequestState.submitted)
    assert login(people.coordinator).post(f"/requests/{request_id}/do/{action}", data=data).status_code == 302
    assert fetch(app, request_id)[0] == state
    assert shown in login(people.group).get(f"/requests/{request_id}").get_data(as_text=True)
    assert mailbox.to(people.group.email)
    item = _load(app, request_id)
    assert item.first_answer_at is not None


def test_opening_tells_suggested_researchers_at_once_and_matching_ones_in_the_digest(
        app, people, login, make_request, make_researcher, mailbox):
    named = make_researcher(email="named@example.org", expertise="statistics")
    make_researcher(email="matching@example.org", expertise="courtyards, housing")
    make_researcher(email="unrelated@example.org", expertise="marine biology")
    request_id = make_request(people.group_org, state=RequestState.accepted)
    response = login(people.coordinator).post(f"/requests/{request_id}/do/open",
                                              data={"open-suggested": [str(named.id)], "open-note": ""})
    assert response.status_code == 302
    assert any("suggests a request" in m.subject for m in mailbox.to("named@example.org"))
    assert not mailbox.to("matching@example.org") and not mailbox.to("unrelated@example.org")
    assert "Suggested to you" in login(named).get("/requests/open").get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=["send-digests"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 digest emails." in result.output
    digest = mailbox.to("matching@example.org")
    assert len(digest) == 1 and "Green courtyards" in digest[0].text
    assert app.test_cli_runner().invoke(args=["send-digests"]).output.strip() == "Sent 0 digest emails."


def test_claim_progress_co_researcher_complete_with_pdf_and_rate(app, people, login, make_request,
                                                                  make_researcher, make_user, mailbox):
    lead = make_researcher(capacity=3)
    make_user(email="student@example.org")
    request_id = make_request(people.group_org, state=RequestState.open, consent=True)
    client = login(lead)
    assert client.post(f"/requests/{request_id}/do/claim").status_code == 302
    assert client.post(f"/requests/{request_id}/do/start").status_code == 302
    assert client.post(f"/requests/{request_id}/progress", data={"progress-text": "Six interviews done."}).status_code == 302
    assert client.post(f"/requests/{request_id}/researchers",
                       data={"researcher-email": "nobody@example.org", "researcher-role": "student"}).status_code == 400
    assert client.post(f"/requests/{request_id}/researchers",
                       data={"researcher-email": "student@example.org", "researcher-role": "student"}).status_code == 302
    assert "Six interviews done." in login(people.group).get(f"/requests/{request_id}").get_data(as_text=True)

    too_big = io.BytesIO(b"%PDF-1.4 " + b"0" * (10 * 1024 * 1024 + 10))
    builder = EnvironBuilder(path=f"/requests/{request_id}/do/complete", method="POST", data={
        "complete-public_summary": "Short summary.", "complete-result_file": (too_big, "report.pdf")})
    environ = builder.get_environ()  # a large body is spooled to a temporary file that we close ourselves
    try:
        response = client.open(environ)
        assert response.status_code == 400 and "larger than 10 MB" in response.get_data(as_text=True)
    finally:
        environ["wsgi.input"].close()
        builder.close()
        too_big.close()
    not_pdf = io.BytesIO(b"hello")
    response = client.post(f"/requests/{request_id}/do/complete", data={
        "complete-public_summary": "Short summary.", "complete-result_file": (not_pdf, "report.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert fetch(app, request_id)[0] == RequestState.in_progress

    response = client.post(f"/requests/{request_id}/do/complete", data={
        "complete-public_summary": "Planting together helps.", "complete-recommendations": "Start small.",
        "complete-result_file": (io.BytesIO(b"%PDF-1.4 the report"), "report.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    item = _load(app, request_id)
    assert item.state == RequestState.completed and item.result_file_key
    assert login(people.group).get(f"/requests/{request_id}/result.pdf").data == b"%PDF-1.4 the report"

    group = login(people.group)
    assert group.post(f"/requests/{request_id}/rate", data={"rating-rating": "9"}).status_code == 400
    assert group.post(f"/requests/{request_id}/rate",
                      data={"rating-rating": "4", "rating-comment": "Useful."}).status_code == 302
    assert group.post(f"/requests/{request_id}/rate", data={"rating-rating": "5"}).status_code == 403
    assert "4 of 5" in login(people.coordinator).get(f"/requests/{request_id}").get_data(as_text=True)
    assert _load(app, request_id).rating == 4


def test_complete_from_colab_service(app, people, make_request):
    from app.accounts.models import User
    from app.requests import services

    request_id = make_request(people.group_org, state=RequestState.colab)
    with app.test_request_context("/"):
        item = db.session.get(Request, request_id)
        facilitator = db.session.get(User, people.facilitator.id)
        services.complete_from_colab(item, "Three ideas and an action plan.", facilitator)
        db.session.commit()
    item = _load(app, request_id)
    assert item.state == RequestState.completed and item.result_text == "Three ideas and an action plan."


def test_queue_filters_counts_and_oldest_first(app, people, login, make_request):
    make_request(people.group_org, state=RequestState.submitted, title="Newest question", age_days=1)
    make_request(people.group_org, state=RequestState.submitted, title="Oldest question", age_days=30,
                 themes=(Theme.sdg05,))
    make_request(people.stakeholder_org, state=RequestState.accepted, title="Accepted question", age_days=10)
    make_request(people.group_org, state=RequestState.open, title="Open question")
    make_request(people.group_org, state=RequestState.draft, title="Draft question")
    client = login(people.coordinator)
    page = client.get("/requests/queue").get_data(as_text=True)
    assert page.index("Oldest question") < page.index("Accepted question") < page.index("Newest question")
    assert "Open question" not in page and "Draft question" not in page
    assert "Oldest question" in client.get("/requests/queue?theme=sdg05").get_data(as_text=True)
    assert "Newest question" not in client.get("/requests/queue?theme=sdg05").get_data(as_text=True)
    by_org = client.get("/requests/queue?organisation=stakeholder").get_data(as_text=True)
    assert "Accepted question" in by_org and "Oldest question" not in by_org
    aged = client.get("/requests/queue?age=20").get_data(as_text=True)
    assert "Oldest question" in aged and "Newest question" not in aged
    assert "Open question" in client.get("/requests/queue?state=open").get_data(as_text=True)
    # Invalid filters are dropped and explained beside their fields; the page answers 400.
    rejected = client.get("/requests/queue?age=abc&state=nonsense", headers={"Accept-Language": "en"})
    assert rejected.status_code == 400
    text = rejected.get_data(as_text=True)
    assert "Oldest question" in text and "Not a valid choice" in text and "Not a valid integer value" in text


def test_full_text_search_is_ranked(app, people, login, make_request, client):
    make_request(people.group_org, state=RequestState.completed, title="Bees in the city",
                 question="Where do wild bees live?")
    make_request(people.group_org, state=RequestState.completed, title="Urban gardening",
                 question="Gardening helps bees and neighbours meet.")
    make_request(people.group_org, state=RequestState.completed, title="Football clubs",
                 question="Why do teenagers stop playing?")
    page = client.get("/requests/library?q=bees", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.index("Bees in the city") < page.index("Urban gardening")
    assert "Football clubs" not in page
    assert "2 results" in page
    assert "Urban gardening" in client.get("/requests/library?q=gard").get_data(as_text=True)  # prefix
    assert client.get('/requests/library?q="%27)(*').status_code == 200  # odd search text is only text
    assert client.get('/requests/library?q="%27)(*&theme=nonsense').status_code == 400  # an unknown theme


def test_library_pagination_stable_url_and_atom_feed(app, people, make_request, client):
    ids = [make_request(people.group_org, state=RequestState.completed, title=f"Result number {i}")
           for i in range(55)]
    first = client.get("/requests/library").get_data(as_text=True)
    second = client.get("/requests/library?page=2").get_data(as_text=True)
    assert first.count("Result number") == 50 and second.count("Result number") == 5
    assert client.get(f"/requests/library/{ids[0]}").status_code == 200
    feed = client.get("/requests/library/feed.atom")
    assert feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 50
    assert entries[0].find("{http://www.w3.org/2005/Atom}id").text.endswith(f"/requests/library/{ids[-1]}")


def test_the_atom_feed_escapes_ampersands_and_markup(app, people, make_request, client):
    make_request(people.group_org, state=RequestState.completed, title="Bees & <b>honey</b>",
                 public_summary="Fish & chips <script>alert(1)</script>")
    feed = client.get("/requests/library/feed.atom")
    root = ET.fromstring(feed.data)  # a bare & would make this raise
    entry = root.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text == "Bees & <b>honey</b>"
    assert entry.find("{http://www.w3.org/2005/Atom}summary").text == "Fish & chips <script>alert(1)</script>"
    assert b"<script>" not in feed.data and b"<b>" not in feed.data


def test_csv_export_with_timeline_figures(app, people, login, make_request, client):
    make_request(people.group_org, state=RequestState.completed, title="Exported, with a comma", age_days=10)
    make_request(people.group_org, state=RequestState.draft, title="Exported draft")
    assert login(people.group).get("/requests/export.csv").status_code == 403
    response = login(people.coordinator).get("/requests/export.csv?state=all")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 1  # never the draft
    done = next(r for r in rows if r["title"] == "Exported, with a comma")
    assert done["outcome"] == "project" and float(done["days_to_first_answer"]) == 1.0
    assert float(done["days_to_completion"]) == 10.0 and float(done["days_to_claim"]) > 9


def test_a_request_title_that_is_a_formula_is_exported_as_text(people, login, make_request):
    make_request(people.group_org, state=RequestState.submitted, title='=HYPERLINK("http://evil.example","Click")')
    response = login(people.coordinator).get("/requests/export.csv")
    body = response.get_data().decode("utf-8")
    assert body.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(body.removeprefix(BOM))))
    assert rows[0]["title"].startswith("'=HYPERLINK")


def _count_requests(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Request))


def test_the_look_for_similar_button_keeps_what_was_typed_and_stores_nothing(app, people, login, make_request):
    """Without JavaScript: the button sends the form, which comes back as typed with the similar questions."""
    published = make_request(people.stakeholder_org, state=RequestState.completed, title="Loneliness and cafés",
                             question="Do cafés for older people reduce loneliness among tenants?")
    own = make_request(people.group_org, state=RequestState.submitted, title="Loneliness in our houses",
                       question="Why are older tenants lonely, and would a café help?")
    one_word = make_request(people.stakeholder_org, state=RequestState.completed, title="Tenants and bicycles",
                            question="Where do tenants park bicycles?")
    unpublished = make_request(people.stakeholder_org, state=RequestState.completed, consent=False,
                               title="Lonely older tenants at cafés", question="Does a café reduce loneliness?")
    before = _count_requests(app)
    client = login(people.group)
    data = dict(INTAKE, organisation_id=people.group_org.id, title="Loneliness among older tenants",
                question="Would a weekly café reduce loneliness among older tenants?", next="similar")
    response = client.post("/requests/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Loneliness among older tenants"' in page
    assert "Would a weekly café reduce loneliness among older tenants?</textarea>" in page
    assert 'value="We run a café."' not in page and "We run a café.</textarea>" in page
    assert f"/requests/library/{published}" in page
    others = page.split("Others have asked something like this")[1]
    assert "Loneliness in our houses" not in others  # the group's own request is not "others have asked"
    assert "Your organisation has asked something like this before" in page and f"/requests/{own}" in page
    assert "Tenants and bicycles" not in page and one_word  # one shared ordinary word is not enough
    assert "Lonely older tenants at cafés" not in page and unpublished
    assert _count_requests(app) == before

    # The same on a draft being edited: the draft keeps its stored text.
    draft = make_request(people.group_org, state=RequestState.draft, title="Old title", question="Old question?")
    response = client.post(f"/requests/{draft}/edit", data=dict(data, title="Cafés against loneliness"))
    assert response.status_code == 200 and 'value="Cafés against loneliness"' in response.get_data(as_text=True)
    assert _load(app, draft).title == "Old title"
    assert _count_requests(app) == before + 1


def test_the_live_list_fragment_of_similar_questions(app, people, login, make_request):
    published = make_request(people.stakeholder_org, state=RequestState.completed, title="Loneliness and cafés",
                             question="Do cafés for older people reduce loneliness among tenants?")
    own = make_request(people.group_org, state=RequestState.submitted, title="Loneliness in our houses",
                       question="Why are older tenants lonely, and would a café help?")
    client = login(people.group)
    query = {"title": "Loneliness among older tenants", "question": "Would a café reduce loneliness?",
             "organisation_id": people.group_org.id}
    response = client.get("/requests/similar", query_string=query)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert f"/requests/library/{published}" in fragment
    assert f"/requests/{own}" in fragment.split("Others have asked")[0]
    # The request being edited is not similar to itself.
    assert f"/requests/{own}\"" not in client.get("/requests/similar", query_string=dict(query, exclude=own)
                                                   ).get_data(as_text=True)
    # Nothing typed: nothing listed. An organisation the person is not in falls back to their own ones.
    assert client.get("/requests/similar").get_data(as_text=True).strip() == ""
    assert client.get("/requests/similar", query_string=dict(query, organisation_id="x")).status_code == 400
    other = client.get("/requests/similar", query_string=dict(query, organisation_id=people.stakeholder_org.id))
    assert other.status_code == 200 and f"/requests/{own}" in other.get_data(as_text=True)
