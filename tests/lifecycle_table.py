"""One test style for every transition table: every (state, action, role), through the real routes.

Each area's test says by hand who may take each action (never read from the table under test),
how to make an object in a state, how to take an action as a role, and how to read the object back.
Where no route takes the step for the person it is about, `act` goes through the kernel itself
with `apply_as`, which answers like a route would.
"""
import inspect
from dataclasses import dataclass

from app.errors import DomainError
from app.extensions import db


def _takes_action(make):
    """Return whether `make` wants the action too (`make(state, action)`), not only the state."""
    parameters = inspect.signature(make).parameters.values()
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in parameters)


def walk_transition_table(lifecycle, state, roles, may, *, make, act, read):
    """Take every person-facing action of `lifecycle` as every role from `state`, each on a fresh object.

    `make(state)` (or `make(state, action)`, for objects that must fit the action, such as a
    session that has started for closing it) returns the id of a new object in `state`.
    Allowed moves answer with a redirect, reach the row's target and write exactly one event; the
    others answer 403 when the role may not (whatever the state), else 409, and change nothing.
    Return the number of cases walked.
    """
    with_action = _takes_action(make)
    cases = 0
    for row in lifecycle.transitions:
        if row.permission is None:  # taken by the application itself, never through a route
            continue
        for role in roles:
            object_id = make(state, row.action) if with_action else make(state)
            before = read(object_id)
            response = act(row.action, role, object_id)
            after = read(object_id)
            allowed = may(row.action, role, state)
            case = (getattr(state, "value", state), row.action.value, role)
            if allowed and state in row.sources:
                assert response.status_code in (302, 303), (case, response.status_code,
                                                            response.get_data(as_text=True)[:600])
                assert after == (row.target, before[1] + 1), (case, before, after)
            else:
                assert response.status_code == (409 if allowed else 403), (case, response.status_code)
                assert after == before, (case, before, after)
            response.close()
            cases += 1
    return cases


@dataclass
class KernelAnswer:
    """What `apply_as` answers: the status a route would give, and the error's message if any."""

    status_code: int
    message: str = ""

    def get_data(self, as_text=False):
        return self.message if as_text else self.message.encode()

    def close(self):
        pass


def apply_as(app, lifecycle, object_id, action, user, **changes):
    """Take `action` on the object through `lifecycle.apply` as `user`, as a route would.

    Runs in a request context, commits on success (302) and rolls back on a DomainError (its
    status code), so that steps no route offers for this person are walked like the others.
    """
    from app.accounts.models import User

    with app.test_request_context():
        obj = db.session.get(lifecycle.model, object_id)
        actor = db.session.get(User, user.id)
        try:
            lifecycle.apply(obj, action, actor, **changes)
        except DomainError as error:
            db.session.rollback()
            return KernelAnswer(error.status_code, str(error))
        db.session.commit()
        return KernelAnswer(302)
