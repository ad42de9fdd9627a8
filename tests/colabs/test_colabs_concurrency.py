"""Capacity holds under concurrent sign-ups; the waitlist keeps arrival order."""
import threading

import pytest

from app.accounts.models import User
from app.colabs import services
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db
from tests.colabs.conftest import CANCELLED, REGISTERED, WAITLISTED, states
from tests.conftest import ON_POSTGRES


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent sign-ups need PostgreSQL (set TEST_DATABASE_URL); "
                                             "SQLite serialises every writer anyway")
def test_hundred_concurrent_registrations_for_twenty_seats(app, make_user, make_session, mailbox):
    facilitator = make_user(name="Facilitator", roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], capacity=20)
    people = [make_user(name=f"Registrant {i}") for i in range(100)]
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                session = db.session.get(ColabSession, session_id)
                user = db.session.get(User, person.id)
                services.register_for_session(session, user)
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below, with the thread's person)
                db.session.rollback()
                errors.append((person.id, repr(error)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []

    rows = states(app, session_id)
    assert len(rows) == 100
    registered = [r for r in rows if r[1] == REGISTERED]
    waitlisted = [r for r in rows if r[1] == WAITLISTED]
    assert (len(registered), len(waitlisted)) == (20, 80)
    # Arrival numbers are handed out under the session's row lock: 1..100 with no gaps or repeats,
    # the first 20 to arrive hold the seats and the waitlist follows in arrival order.
    assert sorted(r[2] for r in rows) == list(range(1, 101))
    assert [r[2] for r in registered] == list(range(1, 21))
    assert [r[2] for r in waitlisted] == list(range(21, 101))
    with app.app_context():
        stamped = [r.registered_at or r.waitlisted_at for r in db.session.query(ColabRegistration)
                   .filter_by(session_id=session_id).order_by(ColabRegistration.arrival)]
    assert stamped == sorted(stamped)  # each was stamped while holding the lock, in arrival order
    subjects = [m.subject.split(":")[0] for m in mailbox.messages]
    assert (subjects.count("Registered"), subjects.count("Waitlist")) == (20, 80)
    mailbox.clear()
    with app.app_context():
        positions = [services.waitlist_position(db.session.get(ColabRegistration, _reg_id(session_id, r[0])))
                     for r in waitlisted]
    assert positions == list(range(1, 81))

    # One person with a seat cancels: exactly the first on the waitlist moves up.
    first_waiting = waitlisted[0][0]
    leaver = registered[5][0]
    with app.test_request_context():
        registration = db.session.get(ColabRegistration, _reg_id(session_id, leaver))
        promoted = services.cancel_registration(registration, db.session.get(User, leaver))
        db.session.commit()
        assert [p.user_id for p in promoted] == [first_waiting]
    after = {r[0]: r[1] for r in states(app, session_id)}
    assert after[leaver] == CANCELLED
    assert after[first_waiting] == REGISTERED
    assert sum(1 for s in after.values() if s == REGISTERED) == 20
    assert sum(1 for s in after.values() if s == WAITLISTED) == 79
    promoted_email = next(p.email for p in people if p.id == first_waiting)
    assert [m.subject for m in mailbox.to(promoted_email)] == [f"You have a place: {_title(app, session_id)}"]
    assert [m.subject.split(":")[0] for m in mailbox.to(facilitator.email)] == ["Cancellation"]
    assert "Moved up from the waitlist" in mailbox.to(facilitator.email)[0].text


def _title(app, session_id):
    with app.app_context():
        return db.session.get(ColabSession, session_id).title


def _reg_id(session_id, user_id):
    return db.session.query(ColabRegistration.id).filter_by(session_id=session_id, user_id=user_id).scalar()


def test_sequential_sign_ups_fill_seats_then_the_waitlist(app, make_user, make_session, register):
    """The same rule on every database: three seats, five people."""
    session_id = make_session(facilitators=[make_user(roles=["facilitator"])], capacity=3)
    people = [make_user() for _ in range(5)]
    assert [register(session_id, p) for p in people] == [REGISTERED] * 3 + [WAITLISTED] * 2
    assert [r[2] for r in states(app, session_id)] == [1, 2, 3, 4, 5]
