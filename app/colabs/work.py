"""What waits for people in the co-labs, for their "My work" page."""
from flask import url_for

from app.colabs import queries, services
from app.formatting import datetime_filter
from app.i18n import lazy_gettext as _l
from app.work import WorkItem, work_provider


@work_provider("colabs", _l("Co-labs"))
def next_sessions(user):
    """The next sessions the facilitator runs, with the seats taken and the waitlist."""
    if not user.is_facilitator:
        return []
    sessions = queries.next_sessions_of(user)
    counts = services.registration_counts([s.id for s in sessions])
    items = []
    for session in sessions:
        registered, waitlisted = counts[session.id]
        items.append(WorkItem(session.title, None, url_for("colabs.participants", session_id=session.id), detail=_l(
            "%(when)s · %(registered)d of %(capacity)d seats taken, %(waitlisted)d on the waitlist",
            when=datetime_filter(session.starts_at), registered=registered, capacity=session.capacity,
            waitlisted=waitlisted)))
    return items


@work_provider("colabs", _l("Co-labs"))
def actions_due(user):
    """Sessions the person manages whose agreed follow-up actions are due today or overdue."""
    if not (user.is_facilitator or user.is_coordinator):
        return []
    return [WorkItem(_l("Sessions with follow-up actions due or overdue"),
                     queries.count_sessions_with_actions_due(user), url_for("colabs.manage", actions="due")),
            WorkItem(_l("Overdue follow-up actions"), queries.count_overdue_actions(user),
                     url_for("colabs.overdue_actions"))]
