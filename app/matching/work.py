"""What waits for people in the match lists, for their "My work" page."""
from flask import url_for

from app.i18n import lazy_gettext as _l
from app.matching.queries import WAITING_VIEWS, count_tracked
from app.work import WorkItem, work_provider


def _item(user, view):
    return WorkItem(WAITING_VIEWS[view][0], count_tracked(user, view), url_for("matching.tracked", waiting=view))


@work_provider("matching", _l("Matching"))
def matches_to_introduce(user):
    """Suggested matches where both sides said they are interested: the coordinator introduces them."""
    return [_item(user, "to_introduce")] if user.is_coordinator else []


@work_provider("matching", _l("Matching"))
def matches_to_answer(user):
    """Suggested matches the person's business or organisation has not answered yet."""
    return [_item(user, "to_answer")] if (user.is_business_member or user.is_stakeholder_member) else []
