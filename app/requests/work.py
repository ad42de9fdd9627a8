"""What waits for people in the science shop, for their "My work" page."""
from flask import url_for

from app.i18n import lazy_gettext as _l
from app.requests import queries
from app.requests.constants import RequestState
from app.work import WorkItem, work_provider


@work_provider("requests", _l("Science shop"))
def coordinator_queue(user):
    """Requests to triage, information received, requests to route and open requests nobody claimed."""
    if not user.is_coordinator:
        return []
    counts = queries.queue_waiting_counts()
    return [
        WorkItem(_l("New requests to triage"), counts["new"], url_for("requests.queue", state="new")),
        WorkItem(_l("Information received from groups"), counts["info_received"],
                 url_for("requests.queue", state="info_received")),
        WorkItem(_l("Accepted requests to route"), counts[RequestState.accepted.value],
                 url_for("requests.queue", state=RequestState.accepted.value)),
        WorkItem(_l("Open requests waiting for a researcher's claim"), counts[RequestState.open.value],
                 url_for("requests.queue", state=RequestState.open.value)),
    ]


@work_provider("requests", _l("Science shop"))
def suggestions(user):
    """Open requests a coordinator suggested to the researcher."""
    if not user.is_researcher:
        return []
    return [WorkItem(_l("Open requests suggested to you"), queries.open_suggestion_count(user),
                     url_for("requests.open_list", suggested="y"))]


@work_provider("requests", _l("Science shop"))
def my_requests(user):
    """The person's own requests at each step that waits for them."""
    counts = queries.my_step_counts(user)
    return [WorkItem(label, counts[step], url_for("requests.index", step=step))
            for step, (label, make) in queries.MY_STEPS.items()]
