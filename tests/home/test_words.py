"""Words: a session's facilitators are not called by the coordinator role's Swedish word."""
from app.extensions import db
from app.accounts.models import User
from tests.colabs.conftest import make_session  # noqa: F401


def test_a_sessions_facilitators_are_processledare_in_swedish(app, people, login, make_session):
    with app.app_context():
        db.session.get(User, people.coordinator.id).locale = "sv"
        db.session.commit()
    session_id = make_session(facilitators=[people.facilitator])
    html = login(people.coordinator).get(f"/colabs/{session_id}").get_data(as_text=True)
    assert "Processledare" in html and "Samordnare" not in html.split("<main", 1)[1]
    with app.app_context():
        from flask_babel import force_locale

        from app.i18n import gettext
        with app.test_request_context(), force_locale("sv"):
            assert gettext("Facilitators") == "Processledare" and gettext("Coordinator") == "Samordnare"
