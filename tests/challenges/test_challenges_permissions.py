"""Every challenge route against every role: who gets in (written by hand) and who is turned away."""
import pytest

from app.challenges.constants import Phase
from tests.challenges.scenario import build
from tests.conftest import ROLES

ALL_ROLES = [*ROLES, "juror"]
SIGNED_IN = set(ALL_ROLES) - {"anonymous"}
EVERYONE = set(ALL_ROLES)
COORD = {"coordinator"}

# (endpoint, method, path, roles let in, form data). Paths use the scenario's ids.
ROUTES = [
    ("challenges.index", "GET", "/challenges/", EVERYONE, None),
    ("challenges.show_cycle", "GET", "/challenges/cycles/{cycle}", EVERYONE, None),
    ("challenges.show_challenge", "GET", "/challenges/c/{challenge}", EVERYONE, None),
    ("challenges.open_data", "GET", "/challenges/cycles/{cycle}/results.json", EVERYONE, None),
    ("challenges.mine", "GET", "/challenges/mine", SIGNED_IN, None),
    ("challenges.new_cycle", "GET", "/challenges/cycles/new", COORD, None),
    ("challenges.edit_cycle", "GET", "/challenges/cycles/{cycle}/edit", COORD, None),
    ("challenges.rubric", "GET", "/challenges/cycles/{cycle}/rubric", COORD, None),
    ("challenges.new_challenge", "GET", "/challenges/cycles/{cycle}/challenges/new", {"stakeholder"}, None),
    ("challenges.edit_challenge", "GET", "/challenges/c/{draft}/edit", {"stakeholder"}, None),
    ("challenges.new_proposal", "GET", "/challenges/c/{challenge}/propose", {"group", "business"}, None),
    ("challenges.show_proposal", "GET", "/challenges/p/{proposal}", {"business", "coordinator"}, None),
    ("challenges.edit_proposal", "GET", "/challenges/p/{proposal}/edit", {"business"}, None),
    ("challenges.download_attachment", "GET", "/challenges/attachments/{attachment}", {"business", "coordinator"}, None),
    ("challenges.juror_attachment", "GET", "/challenges/jury/attachments/{attachment}", {"juror"}, None),
    ("challenges.jurors", "GET", "/challenges/cycles/{cycle}/jurors", COORD, None),
    ("challenges.jury", "GET", "/challenges/cycles/{cycle}/jury", {"juror"}, None),
    ("challenges.review_proposal", "GET", "/challenges/jury/p/{proposal}", {"juror"}, None),
    ("challenges.chair", "GET", "/challenges/cycles/{cycle}/chair", COORD, None),
    ("challenges.decide", "GET", "/challenges/p/{proposal}/decide", COORD, None),
    ("challenges.show_pilot", "GET", "/challenges/pilots/{pilot}", {"coordinator", "stakeholder", "business"}, None),
    ("challenges.vote", "GET", "/challenges/cycles/{vote_cycle}/vote", SIGNED_IN, None),
    ("challenges.ask_question", "POST", "/challenges/c/{challenge}/questions", SIGNED_IN, {"question": "When?"}),
    ("challenges.answer_question", "POST", "/challenges/questions/{question}/answer", {"coordinator", "stakeholder"},
     {"answer": "Yes, 400 000 kr."}),
    ("challenges.move_challenge", "POST", "/challenges/c/{draft}/submit", {"stakeholder"}, {}),
    ("challenges.request_changes", "POST", "/challenges/c/{challenge}/request-changes", COORD, {"note": "More"}),
    ("challenges.move_proposal", "POST", "/challenges/p/{proposal}/submit", {"business"}, {}),
    ("challenges.add_attachment", "POST", "/challenges/p/{proposal}/attachments", {"business"}, {}),
    ("challenges.check_eligibility", "POST", "/challenges/p/{proposal}/eligibility", COORD, {"passed": "yes"}),
    ("challenges.assign", "POST", "/challenges/cycles/{cycle}/assign", COORD, {"stage": "review"}),
    ("challenges.decide_conflict", "POST", "/challenges/conflicts/{conflict}/decide", COORD,
     {"decision": "recused", "reason": "Board member"}),
    ("challenges.correct", "POST", "/challenges/p/{winner}/correct", COORD, {"rationale": "Typo"}),
    ("challenges.announce", "POST", "/challenges/cycles/{cycle}/announce", COORD, {}),
    ("challenges.start_pilot", "POST", "/challenges/p/{winner}/pilot", COORD, {}),
    ("challenges.link_session", "POST", "/challenges/p/{winner}/sessions", COORD, {"session": "1"}),
    ("challenges.pass_to_matchmaking", "POST", "/challenges/p/{winner}/matchmaking", COORD, {}),
    ("challenges.move_pilot", "POST", "/challenges/pilots/{pilot}/contract", {"coordinator", "stakeholder"},
     {"contract_reference": "KS 1"}),
    ("challenges.add_milestone", "POST", "/challenges/pilots/{pilot}/milestones", {"coordinator", "stakeholder"},
     {"title": "Kick-off", "due_on": "2031-01-10"}),
    ("challenges.report_results", "POST", "/challenges/pilots/{pilot}/results", {"coordinator", "stakeholder"},
     {"summary": "Twelve young people found work."}),
    ("challenges.remove_attachment", "POST", "/challenges/attachments/{attachment}/remove", {"business"}, {}),
    ("challenges.remove_criterion", "POST", "/challenges/criteria/{criterion}/remove", COORD, {}),
]


def test_the_table_names_every_route_of_the_area(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("challenges.")}
    assert {r[0] for r in ROUTES} == endpoints


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_route_for_this_role(app, people, login, client, make_user, make_cycle, make_challenge, make_proposal,
                                   make_juror, assign, role):
    world = build(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign)
    ids = vars(world.ids) | {"vote_cycle": make_cycle(Phase.final, peoples_choice=True)}
    user = world.juror if role == "juror" else getattr(people, role)
    browser = client if user is None else login(user)
    for endpoint, method, path, allowed, data in ROUTES:
        url = path.format(**ids)
        response = browser.get(url) if method == "GET" else browser.post(url, data=data)
        status = response.status_code
        to_login = status == 302 and "/account/login" in response.headers.get("Location", "")
        case = (endpoint, role, status)
        assert status != 500, case
        if role in allowed:
            assert status not in (401, 403, 404) and not to_login, case
        elif role == "anonymous":
            assert to_login or status == 403, case
        else:
            assert status == 403, case
        response.close()
