"""What waits for people in the impact area, for their "My work" page."""
from flask import url_for

from app.i18n import lazy_gettext as _l
from app.impact import queries
from app.work import WorkItem, work_provider


@work_provider("impact", _l("Impact"))
def reports_to_review(user):
    """Reports submitted and waiting for a coordinator."""
    if not user.is_coordinator:
        return []
    return [WorkItem(_l("Impact reports to review"), queries.count_review_queue(), url_for("impact.review"))]


@work_provider("impact", _l("Impact"))
def reports_to_finish(user):
    """Each of the person's organisations with draft or returned reports."""
    items = []
    for organisation in queries.my_organisations(user):
        items.append(WorkItem(_l("Impact reports of %(name)s to finish", name=organisation.name),
                              queries.reports_due(organisation.id),
                              url_for("impact.organisation", organisation_id=organisation.id)))
    return items
