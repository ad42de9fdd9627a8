"""Offerings and needs through the web: forms, ranked lists, CSV, tracking from suggestion to customer."""
import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.matching.constants import Category, MatchAction, MatchState
from app.matching.models import Match, Need, Offering
from app.text.models import TextTerm as IndexedTerm
from tests.matching.conftest import get_match


def test_a_business_publishes_an_offering_and_it_is_indexed(app, people, login):
    client = login(people.business)
    response = client.post("/matches/offerings/new", data={
        "organisation_id": people.business_org.id, "title": "Återvinning av kontorsmöbler",
        "description": "Vi hämtar, renoverar och säljer begagnade kontorsmöbler. Arbetsträning ingår.",
        "category": "recycling", "themes": ["environment", "long_term_unemployed"], "capacity": "medium",
        "available": "y", "languages": ["sv", "en"], "municipalities": ["1280", "1281"],
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        offering = db.session.scalar(sa.select(Offering))
        assert offering.municipalities == ["1280", "1281"] and offering.languages == ["sv", "en"]
        terms = set(db.session.scalars(sa.select(IndexedTerm.term).where(IndexedTerm.object_id == offering.id,
                                                                         IndexedTerm.kind == "offering")))
        assert "återvinning" in terms and "kontorsmöbl" in terms


def test_bad_input_is_shown_beside_the_field_and_nothing_is_stored(app, people, login):
    client = login(people.business)
    response = client.post("/matches/offerings/new", data={
        "organisation_id": people.business_org.id, "title": "Catering", "description": "för kort",
        "category": "catering", "capacity": "small",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="description-error"' in page and 'id="languages-error"' in page and 'id="municipalities-error"' in page
    assert 'value="Catering"' in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Offering)) == 0


def test_a_procurement_needs_a_deadline(app, people, login):
    client = login(people.stakeholder)
    data = {"organisation_id": people.stakeholder_org.id, "title": "Lunchcatering",
            "description": "Lunch för 40 personer varje fredag på vårt kontor i Malmö.", "category": "catering",
            "municipality": "1280", "language": "sv", "budget_band": "up_to_250k", "timeframe": "ongoing",
            "is_procurement": "y"}
    response = client.post("/matches/needs/new", data=data)
    assert 'id="deadline-error"' in response.get_data(as_text=True)
    data["deadline"] = (date.today() + timedelta(days=30)).isoformat()
    assert client.post("/matches/needs/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Need)).is_procurement


def test_ranked_list_shows_reasons_and_exports_csv(app, people, login, market):
    client = login(people.stakeholder)
    page = client.get(f"/matches/needs/{market.need.id}/matches").get_data(as_text=True)
    assert "Business Org" in page and "Other Business" in page
    assert page.index("Business Org") < page.index("Other Business")  # the closer text ranks first
    assert "<meter" in page and "Shared words:" in page and "Filters passed:" in page
    assert "style=" not in page
    response = client.get(f"/matches/needs/{market.need.id}/matches.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Rank", "Organisation", "Title", "Score"]
    assert [r[1] for r in rows[1:]] == ["Business Org", "Other Business"]
    parts = [float(x) for x in rows[1][4:-2]]
    assert abs(sum(parts) - float(rows[1][3])) < 0.002


def test_filters_narrow_the_list(app, people, login, market):
    client = login(people.stakeholder)
    page = client.get(f"/matches/needs/{market.need.id}/matches?min_score=99").get_data(as_text=True)
    assert "No offering passes the filters yet." in page
    page = client.get(f"/matches/needs/{market.need.id}/matches?certified_only=y").get_data(as_text=True)
    assert "Business Org" not in page  # nobody is certified without the certification area


def test_editing_reindexes_the_text(app, people, login, market):
    client = login(people.business)
    response = client.post(f"/matches/offerings/{market.offering.id}/edit", data={
        "organisation_id": people.business_org.id, "title": "Catering för möten",
        "description": "Lunch och fika till möten och konferenser i Malmö.", "category": "catering",
        "capacity": "small", "available": "y", "languages": ["sv"], "municipalities": ["1280"],
    })
    assert response.status_code == 302
    with app.app_context():
        terms = set(db.session.scalars(sa.select(IndexedTerm.term).where(
            IndexedTerm.kind == "offering", IndexedTerm.object_id == market.offering.id)))
        assert "lunch" in terms and "trapphus" not in terms and "städning" not in terms
        assert db.session.get(Offering, market.offering.id).category == Category.catering
    page = login(people.stakeholder).get(f"/matches/needs/{market.need.id}/matches").get_data(as_text=True)
    assert "Business Org" not in page


def test_tracking_from_suggestion_to_customer_with_consent(app, people, login, market, mailbox):
    stakeholder, business, coordinator = (login(people.stakeholder), login(people.business),
                                          login(people.coordinator))
    response = stakeholder.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track",
                                data={"score": "0.5"})
    assert response.status_code == 302
    match = get_match(app, market.need.id, market.offering.id)
    assert match.state == MatchState.suggested and match.score == 0.5
    url = f"/matches/tracked/{match.id}"

    [followed] = mailbox.to(people.business.email)  # the business hears that a buyer follows its offering
    assert "follows your offering" in followed.text
    stakeholder.post(f"{url}/interest", data={"share_contact": "y"})
    assert not mailbox.to(people.coordinator.email)
    business.post(f"{url}/interest", data={})  # interested, but keeps the contact details private
    [both] = mailbox.to(people.coordinator.email)  # both sides interested: the coordinator is told, and the sides
    assert "Both sides of a match are interested" in both.subject and "introduce them" in both.text
    assert [m.subject for m in mailbox.to(people.stakeholder.email)] == [both.subject]
    assert len(mailbox.to(people.business.email)) == 1  # who said it last knows
    mailbox.clear()
    page = stakeholder.get(url).get_data(as_text=True)
    assert people.business.email not in page and people.stakeholder.email not in page  # not introduced yet

    assert stakeholder.post(f"{url}/introduce").status_code == 403
    assert coordinator.post(f"{url}/introduce", data={"note": "Ni borde träffas."}).status_code == 302
    assert {m.to[0] for m in mailbox.messages} == {people.stakeholder.email, people.business.email}
    to_business = mailbox.to(people.business.email)[0]
    assert people.stakeholder.email in to_business.text  # the buyer agreed to share
    to_stakeholder = mailbox.to(people.stakeholder.email)[0]
    assert people.business.email not in to_stakeholder.text  # the business did not
    page = business.get(url).get_data(as_text=True)
    assert people.stakeholder.email in page

    assert business.post(f"{url}/meeting", data={"meeting_on": date.today().isoformat()}).status_code == 302
    # Only the customer's side (or a coordinator) says it became a customer.
    assert business.post(f"{url}/customer", data={"value_band": "up_to_250k",
                                                  "customer_since": date.today().isoformat()}).status_code == 403
    response = stakeholder.post(f"{url}/customer", data={"value_band": "up_to_250k", "customer_since": ""})
    assert response.status_code == 400 and 'id="customer_since-error"' in response.get_data(as_text=True)
    assert stakeholder.post(f"{url}/customer", data={
        "value_band": "up_to_250k", "customer_since": date.today().isoformat()}).status_code == 302
    with app.app_context():
        match = db.session.get(Match, match.id)
        assert match.state == MatchState.became_customer
        assert [e.to_state for e in match.events if e.action != MatchAction.mark_interest] == [
            MatchState.suggested, MatchState.introduced, MatchState.meeting_held, MatchState.became_customer]
    # A closed match cannot move again: the coordinator may record no fit, but not now.
    assert coordinator.post(f"{url}/no-fit", data={"reason": "price"}).status_code == 409


def test_a_declined_pair_never_comes_back(app, people, login, market):
    business = login(people.business)
    business.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match = get_match(app, market.need.id, market.offering.id)
    assert business.post(f"/matches/tracked/{match.id}/decline", data={"note": "Vi har inte tid i vår."}).status_code == 302
    assert get_match(app, market.need.id, market.offering.id).state == MatchState.no_fit
    page = login(people.stakeholder).get(f"/matches/needs/{market.need.id}/matches").get_data(as_text=True)
    assert "Business Org" not in page and "Other Business" in page
    page = business.get(f"/matches/offerings/{market.offering.id}/matches").get_data(as_text=True)
    assert "Stakeholder Org" not in page


def test_a_transition_from_the_wrong_stage_is_refused(app, people, login, market):
    coordinator = login(people.coordinator)
    coordinator.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match = get_match(app, market.need.id, market.offering.id)
    assert coordinator.post(f"/matches/tracked/{match.id}/meeting",
                            data={"meeting_on": date.today().isoformat()}).status_code == 409
    assert coordinator.post(f"/matches/tracked/{match.id}/introduce").status_code == 302
    assert coordinator.post(f"/matches/tracked/{match.id}/introduce").status_code == 409


def test_the_list_is_paginated_and_the_csv_holds_every_row(app, people, login, make_need, make_offering, make_org):
    need = make_need(people.stakeholder_org)
    for i in range(23):
        org = make_org(name=f"Firma {i:02d}", kind=people.business_org.kind)
        make_offering(org, title=f"Städning {i:02d}", description="Vi städar trapphus och kontor. " + "kontor " * (i % 5))
    client = login(people.stakeholder)
    first = client.get(f"/matches/needs/{need.id}/matches").get_data(as_text=True)
    second = client.get(f"/matches/needs/{need.id}/matches?page=2").get_data(as_text=True)
    assert first.count('class="match-row"') == 20 and second.count('class="match-row"') == 3
    assert '<li class="match-row" value="21">' in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    rows = list(csv.reader(io.StringIO(client.get(f"/matches/needs/{need.id}/matches.csv").get_data().decode("utf-8-sig"))))
    assert len(rows) == 24 and [int(r[0]) for r in rows[1:]] == list(range(1, 24))
    scores = [float(r[3]) for r in rows[1:]]
    assert scores == sorted(scores, reverse=True)
