"""Queries of the science shop that several modules need; the lists and the "My work" page share them,
so that a count equals its list."""
import sqlalchemy as sa

from app.accounts.models import ResearcherProfile
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests.constants import ACTIVE_WORK_STATES, EventKind, RequestState
from app.requests.constants import ResultUse
from app.requests.models import Assignment, FollowUp, Request, RequestEvent, Suggestion


def active_load(user_id):
    """Return how many requests under way this person works on."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Assignment).join(Request, Request.id == Assignment.request_id)
        .where(Assignment.user_id == user_id, Request.state.in_(ACTIVE_WORK_STATES))
    )


def capacity_of(user_id):
    """Return how many requests the person said they can work on at once."""
    profile = db.session.scalar(sa.select(ResearcherProfile).where(ResearcherProfile.user_id == user_id))
    return profile.capacity if profile is not None else 0


def within_capacity(user_id):
    """Return whether the person works on fewer requests than they said they can (no lock: for pages)."""
    return active_load(user_id) < capacity_of(user_id)


def has_capacity(user):
    """Return whether the person can take on one more request, holding the write lock on their profile.

    The first statement writes the profile row (to the value it has): on PostgreSQL that locks the row,
    on SQLite it takes the database's write lock, which a plain SELECT ... FOR UPDATE does not. Two
    claims by one person are therefore counted one after the other on both databases, and the second
    sees the first's assignment.
    """
    locked = db.session.execute(
        sa.update(ResearcherProfile).where(ResearcherProfile.user_id == user.id)
        .values(capacity=ResearcherProfile.capacity).execution_options(synchronize_session=False)
    )
    if locked.rowcount == 0:
        return False
    return within_capacity(user.id)


# -- the coordinators' queue: two views of the submitted requests ----------------------
_ASKED_FOR_INFO = Request.id.in_(sa.select(RequestEvent.request_id).where(RequestEvent.action == EventKind.ask_info))

QUEUE_VIEWS = {
    "new": (_l("New, never asked for more"), sa.and_(Request.state == RequestState.submitted, ~_ASKED_FOR_INFO)),
    "info_received": (_l("Information received"), sa.and_(Request.state == RequestState.submitted, _ASKED_FOR_INFO)),
    "waiting_on_group": (_l("Waiting on the group's answer"), Request.state == RequestState.needs_info),
}


def info_asked_at(request_ids):
    """Return {request id: when the science shop last asked for more information}, in one statement."""
    if not request_ids:
        return {}
    return dict(db.session.execute(
        sa.select(RequestEvent.request_id, sa.func.max(RequestEvent.created_at))
        .where(RequestEvent.request_id.in_(request_ids), RequestEvent.action == EventKind.ask_info)
        .group_by(RequestEvent.request_id)
    ).all())


def queue_waiting_counts():
    """Return {view or state value: count} of what waits for the coordinators, in one statement."""
    conditions = {
        **{key: condition for key, (label, condition) in QUEUE_VIEWS.items()},
        RequestState.accepted.value: Request.state == RequestState.accepted,
        RequestState.open.value: Request.state == RequestState.open,
    }
    return _counts(sa.true(), conditions)


# -- a person's own requests, by the step that waits for them --------------------------
def _member_side(user):
    return Request.organisation_id.in_([m.organisation_id for m in user.approved_memberships])


def _assignee_side(user):
    return Request.id.in_(sa.select(Assignment.request_id).where(Assignment.user_id == user.id))


MY_STEPS = {
    "draft": (_l("Drafts to finish and submit"),
              lambda user: sa.and_(_member_side(user), Request.state == RequestState.draft)),
    "needs_info": (_l("The science shop asks you for more information"),
                   lambda user: sa.and_(_member_side(user), Request.state == RequestState.needs_info)),
    "to_rate": (_l("Results to rate"),
                lambda user: sa.and_(_member_side(user), Request.state == RequestState.completed,
                                     Request.rating.is_(None))),
    "to_start": (_l("Claimed: start the work"),
                 lambda user: sa.and_(_assignee_side(user), Request.state == RequestState.claimed)),
    "to_complete": (_l("In progress: post progress or complete"),
                    lambda user: sa.and_(_assignee_side(user), Request.state == RequestState.in_progress)),
}


def my_requests_condition(user, step=None):
    """Return the condition for a person's requests (their organisations' and those they work on)."""
    if step in MY_STEPS:
        return MY_STEPS[step][1](user)
    return sa.or_(_member_side(user), _assignee_side(user))


def my_step_counts(user):
    """Return {step: count} of a person's requests waiting at each step, in one statement."""
    return _counts(my_requests_condition(user), {step: make(user) for step, (label, make) in MY_STEPS.items()})


# -- suggestions to researchers ----------------------------------------------------------
def suggested_to(user):
    """Return the condition for open requests a coordinator suggested to the person."""
    return Request.id.in_(sa.select(Suggestion.request_id).where(Suggestion.user_id == user.id))


def open_suggestion_count(user):
    """Count the open requests suggested to the person."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Request).where(
        Request.state == RequestState.open, suggested_to(user)))


def _counts(where, conditions):
    columns = [sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0).label(key)
               for key, condition in conditions.items()]
    row = db.session.execute(sa.select(*columns).select_from(Request).where(where)).one()
    return {key: int(value) for key, value in zip(conditions, row)}


def due_info_reminders(asked_before):
    """Return requests still waiting on the group for a question asked before this moment, not yet reminded."""
    last_ask = (sa.select(RequestEvent.request_id, sa.func.max(RequestEvent.created_at).label("asked_at"))
                .where(RequestEvent.action == EventKind.ask_info).group_by(RequestEvent.request_id).subquery())
    reminded = sa.exists().where(RequestEvent.request_id == Request.id, RequestEvent.action == EventKind.remind_info,
                                 RequestEvent.created_at >= last_ask.c.asked_at)
    return list(db.session.scalars(
        sa.select(Request).join(last_ask, last_ask.c.request_id == Request.id)
        .where(Request.state == RequestState.needs_info, last_ask.c.asked_at <= asked_before, ~reminded)
        .order_by(Request.id)
    ))


# -- the follow-up evaluation ------------------------------------------------------------------
def due_follow_ups(completed_before):
    """Return completed requests, completed before this moment, whose group was never sent the follow-up."""
    return list(db.session.scalars(
        sa.select(Request).where(Request.state == RequestState.completed, Request.completed_at <= completed_before,
                                 ~sa.exists().where(FollowUp.request_id == Request.id))
        .order_by(Request.id)
    ))


def due_follow_up_reminders(sent_before):
    """Return follow-ups sent before this moment, unanswered and never reminded."""
    return list(db.session.scalars(
        sa.select(FollowUp).where(FollowUp.sent_at <= sent_before, FollowUp.answered_at.is_(None),
                                  FollowUp.reminded_at.is_(None)).order_by(FollowUp.id)
    ))


def follow_up_figures(start_at, end_at):
    """Return (sent, answered, used the results) for follow-ups sent in [start_at, end_at), in one statement."""
    answered = FollowUp.answered_at.is_not(None)
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(answered),
                  sa.func.count().filter(answered, FollowUp.used_results.in_([ResultUse.yes, ResultUse.partly])))
        .where(FollowUp.sent_at >= start_at, FollowUp.sent_at < end_at)
    ).one()
    return tuple(int(v or 0) for v in row)
