"""The notification centre: per-role settings, one-click unsubscribe in every area, digests, the list."""
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

from app.db_types import utcnow
from app.extensions import db
from app.notifications.kinds import KINDS, DeliveryMode
from app.requests.constants import RequestState
from app.notifications.models import Notification, NotificationPreference
from app.notifications.services import notify, send_digests
from tests.colabs.conftest import make_session  # noqa: F401  (fixtures of the areas whose mail is tested here)
from tests.matching.conftest import make_need, make_offering  # noqa: F401
from tests.requests.conftest import make_request  # noqa: F401

# The kinds each role may receive, written by hand (a person holds the roles of their organisations too).
EXPECTED = {
    "plain": {"colabs.registered", "colabs.waitlisted", "colabs.promoted", "colabs.session_changed",
              "colabs.session_cancelled", "colabs.reminder", "colabs.message", "organisations.join_approved",
              "colabs.action_due", "colabs.removed",
              # anyone may be invited to a jury, ask a question or apply through an organisation later
              "challenges.assigned", "challenges.conflict_decided", "challenges.eligibility",
              "challenges.juror_invited", "challenges.pilot_changed", "challenges.proposal_received",
              "challenges.question_answered", "challenges.question_asked", "challenges.results"},
}
GROUP_KINDS = {"requests.info_requested", "requests.accepted", "requests.declined", "requests.referred",
               "requests.advice", "requests.claimed", "requests.progress", "requests.completed",
               "requests.new_message", "requests.info_reminder", "requests.started", "requests.routed_colab",
               "requests.follow_up", "organisations.join_requested", "organisations.admin_handed_over"}
IMPACT_MEMBER_KINDS = {"impact.report_approved", "impact.report_due", "impact.report_returned", "impact.pilot_results_due",
                       "impact.snapshot_published"}
EXPECTED["group"] = EXPECTED["plain"] | GROUP_KINDS | IMPACT_MEMBER_KINDS
EXPECTED["business"] = EXPECTED["group"] | {
    "certification.changes_requested", "certification.approved", "certification.expiring",
    "certification.suspended", "certification.reinstated", "certification.revoked",
    "matching.followed", "matching.both_interested", "matching.introduced",
    "certification.comment_reply", "certification.expired"}
EXPECTED["stakeholder"] = EXPECTED["group"] | {"matching.both_interested", "matching.introduced",
                                               "challenges.challenge_reviewed"}
SHOP_STAFF_KINDS = {"requests.withdrawn", "requests.rated", "requests.consent_changed", "requests.released",
                    "requests.follow_up_answered",
                    "requests.handed_over"}
EXPECTED["researcher"] = EXPECTED["plain"] | SHOP_STAFF_KINDS | {
    "requests.new_open_request", "requests.suggested", "requests.new_message", "requests.assigned"}
EXPECTED["facilitator"] = EXPECTED["plain"] | {"colabs.registrant_cancelled"}
EXPECTED["coordinator"] = EXPECTED["plain"] | SHOP_STAFF_KINDS | {
    "requests.new_request", "requests.new_message", "requests.updated_request", "requests.claimed_staff",
    "requests.completed_staff", "colabs.registrant_cancelled", "certification.submitted",
    "matching.both_interested", "organisations.join_requested", "organisations.handed_to_coordinators",
    "certification.comment_reply", "certification.concern", "certification.exception_proposed",
    "challenges.challenge_submitted", "impact.report_submitted"}


def field_name(key):
    return "kind_" + key.replace(".", "__")


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_the_settings_page_shows_each_role_only_its_kinds(people, login, role):
    page = login(getattr(people, role)).get("/notifications/settings").get_data(as_text=True)
    shown = {key for key in KINDS if f'name="{field_name(key)}"' in page}
    assert shown == EXPECTED[role]


def test_settings_save_validate_and_are_obeyed(app, people, login, make_request):
    client = login(people.group)
    data = {field_name(key): "immediate" for key in EXPECTED["group"]}
    data[field_name("requests.accepted")] = "off"
    data[field_name("requests.claimed")] = "weekly"
    assert client.post("/notifications/settings", data=data).status_code == 302
    with app.app_context():
        modes = dict(db.session.execute(sa.select(NotificationPreference.kind, NotificationPreference.mode)).all())
    assert modes["requests.accepted"] == DeliveryMode.off and modes["requests.claimed"] == DeliveryMode.weekly
    request_id = make_request(people.group_org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{request_id}/do/accept", data={"accept-note": ""})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                                 .where(Notification.user_id == people.group.id)) == 0
    bad = client.post("/notifications/settings", data=dict(data, **{field_name("requests.accepted"): "loud"}))
    assert bad.status_code == 400 and "Not a valid choice" in bad.get_data(as_text=True)


def test_the_list_and_the_unread_count(people, login, make_request):
    request_id = make_request(people.group_org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{request_id}/do/accept", data={"accept-note": ""})
    client = login(people.group)
    assert "Notifications (1 unread)" in client.get("/").get_data(as_text=True)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Your request was accepted" in page and f'href="/requests/{request_id}"' in page
    assert client.post("/notifications/read").status_code == 302
    assert "unread" not in client.get("/").get_data(as_text=True)
    # The science shop's old addresses lead to the centre.
    assert client.get("/requests/notifications").headers["Location"].endswith("/notifications/")


def _unsubscribe_link(message):
    header = message.message["List-Unsubscribe"]
    assert message.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", header).group(1)
    assert url in message.text  # the same link stands in the mail's footer, beside the settings link
    assert "/notifications/settings" in message.text
    return urlparse(url).path


def _one_click(client, path):
    """Unsubscribe as a mail client does (RFC 8058): a POST with no session and no CSRF token."""
    response = client.post(path, data={"List-Unsubscribe": "One-Click"}, headers={"Accept-Language": "en"})
    assert response.status_code == 200 and "Done" in response.get_data(as_text=True)


def test_one_click_unsubscribe_in_the_science_shop(app, client, people, login, make_request, mailbox):
    first = make_request(people.group_org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{first}/do/accept", data={"accept-note": ""})
    [message] = mailbox.to(people.group.email)
    path = _unsubscribe_link(message)
    assert "Your request was accepted" in client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)  # GET only asks
    _one_click(client, path)
    mailbox.clear()
    second = make_request(people.group_org, state=RequestState.submitted, title="Another question")
    login(people.coordinator).post(f"/requests/{second}/do/accept", data={"accept-note": ""})
    assert mailbox.to(people.group.email) == []
    assert client.post("/notifications/unsubscribe/not-a-token").status_code == 404


def test_one_click_unsubscribe_in_co_labs(app, client, people, login, make_session, mailbox):
    session_id = make_session(facilitators=[people.facilitator])
    assert login(people.plain).post(f"/colabs/{session_id}/register").status_code == 302
    [message] = mailbox.to(people.plain.email)
    assert message.subject.startswith("Registered:")
    _one_click(client, _unsubscribe_link(message))
    with app.app_context():
        mode = db.session.scalar(sa.select(NotificationPreference.mode).where(
            NotificationPreference.user_id == people.plain.id, NotificationPreference.kind == "colabs.registered"))
    assert mode == DeliveryMode.off


def test_one_click_unsubscribe_in_certification_and_organisations(app, client, people, login, make_user, mailbox):
    applicant = make_user(name="Applicant")
    assert login(applicant).post(f"/organisations/{people.business_org.id}/join").status_code == 302
    [message] = mailbox.to(people.business.email)
    _one_click(client, _unsubscribe_link(message))
    with app.app_context(), app.test_request_context():
        from app.accounts.models import User
        from app.certification import notices

        notify([db.session.get(User, people.business.id)], notices.REVOKED, title="SAM-2026-0001",
               link="/certification/", body="The asset lock was removed.")
        db.session.commit()
    [revoked] = [m for m in mailbox.to(people.business.email) if "revoked" in m.subject]
    _one_click(client, _unsubscribe_link(revoked))
    with app.app_context():
        modes = dict(db.session.execute(sa.select(NotificationPreference.kind, NotificationPreference.mode).where(
            NotificationPreference.user_id == people.business.id)).all())
    assert modes == {"organisations.join_requested": DeliveryMode.off, "certification.revoked": DeliveryMode.off}


def test_one_click_unsubscribe_in_match_lists(app, client, people, login, make_need, make_offering, mailbox):
    need = make_need(people.stakeholder_org)
    offering = make_offering(people.business_org)
    assert login(people.stakeholder).post(f"/matches/needs/{need.id}/offerings/{offering.id}/track").status_code == 302
    [message] = mailbox.to(people.business.email)
    assert "follows your offering" in message.text
    _one_click(client, _unsubscribe_link(message))


def test_digests_group_by_area_newest_first_and_never_repeat(app, people, mailbox):
    with app.app_context(), app.test_request_context():
        from app.accounts.models import User
        from app.colabs import notices as colab_notices
        from app.requests import notices as request_notices

        user = db.session.get(User, people.researcher.id)
        for key in ("requests.new_open_request", "colabs.reminder"):
            db.session.add(NotificationPreference(user_id=user.id, kind=key, mode=DeliveryMode.weekly))
        db.session.flush()
        now = utcnow()
        notify([user], request_notices.KINDS[request_notices.N.new_open_request], title="Older request",
               link="/requests/1")
        notify([user], colab_notices.REMINDER, title="A session", link="/colabs/1")
        notify([user], request_notices.KINDS[request_notices.N.new_open_request], title="Newer request",
               link="/requests/2")
        db.session.commit()
        assert mailbox.to(user.email) == []
        assert send_digests(DeliveryMode.daily, now=now + timedelta(seconds=5)) == 0
        assert send_digests(DeliveryMode.weekly, now=now + timedelta(seconds=5)) == 1
        db.session.commit()
        assert send_digests(DeliveryMode.weekly, now=now + timedelta(seconds=10)) == 0
        db.session.commit()
    [digest] = mailbox.to(people.researcher.email)
    text = digest.text
    assert text.index("Science shop") < text.index("Co-labs")
    assert text.index("Newer request") < text.index("Older request")
    assert "/requests/2" in text and "/colabs/1" in text
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
