"""The one lifecycle kernel: every area's states move through these rows and this `apply()`.

An area declares its transitions as rows (action, source states, target state, the model's
permission method, what the move needs) and builds one `Lifecycle` for its model and event table.
`apply()` checks permission first (403), then the state (409), then what the move needs (409),
changes the state with a compare-and-set UPDATE, and writes one event row with the shared columns.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.db_types import UTCDateTime, enum_type, utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l

# A need: (object, the values the move brings, the actor) -> a message saying what is missing, or None.
Need = Callable[[object, dict, object], object]


@dataclass(frozen=True)
class Transition:
    """One row: the action, the states it starts from, where it leads, who may, what it needs.

    `permission` names a method of the model that answers `method(user) -> bool`; a row without
    one is taken only by the application itself (`system=True`), never offered to a person.
    """

    action: object
    sources: frozenset
    target: object
    permission: str | None
    needs: tuple = ()


def transition(action, sources, target, permission, needs=()) -> Transition:
    """Return one row of a transition table."""
    return Transition(action, frozenset(sources), target, permission, tuple(needs))


class LifecycleEventMixin:
    """The columns every event table shares: who did what, when, from which state to which, and why.

    A subclass sets `__action_enum__` and `__state_enum__` and adds the foreign key of its subject.
    """

    __action_enum__: type
    __state_enum__: type

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    @declared_attr
    def actor_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def action(cls):
        return mapped_column(enum_type(cls.__action_enum__, f"{cls.__tablename__}_action"), nullable=False)

    @declared_attr
    def from_state(cls):
        return mapped_column(enum_type(cls.__state_enum__, f"{cls.__tablename__}_from"), nullable=True)

    @declared_attr
    def to_state(cls):
        return mapped_column(enum_type(cls.__state_enum__, f"{cls.__tablename__}_to"), nullable=True)

    @declared_attr
    def actor(cls):
        return relationship("User", foreign_keys=[cls.actor_id])


class Lifecycle:
    """The transition table of one model, and the event table that records its moves."""

    def __init__(self, model, event_model, subject_key: str, transitions: Iterable[Transition],
                 needs: dict[str, Need] | None = None, state_attr: str = "state"):
        self.model = model
        self.event_model = event_model
        self.subject_key = subject_key
        self.transitions = tuple(transitions)
        self.by_action = {t.action: t for t in self.transitions}
        if len(self.by_action) != len(self.transitions):
            raise ValueError(f"{model.__name__}: each action must be one row")
        self.needs = dict(needs or {})
        unknown = {n for t in self.transitions for n in t.needs} - set(self.needs)
        if unknown:
            raise ValueError(f"{model.__name__}: needs without a check: {sorted(unknown)}")
        self.state_attr = state_attr

    @property
    def _timelines(self):
        """Return the model's relationships that hold its events."""
        return [r.key for r in sa.inspect(self.model).relationships if r.mapper.class_ is self.event_model]

    def __getitem__(self, action) -> Transition:
        return self.by_action[action]

    def may(self, obj, action, user) -> bool:
        """Return whether the person holds the permission the action asks for (whatever the state)."""
        permission = self.by_action[action].permission
        return permission is not None and bool(getattr(obj, permission)(user))

    def allowed_actions(self, obj, user) -> list:
        """Return the actions this person may take on the object in its current state."""
        state = getattr(obj, self.state_attr)
        return [t.action for t in self.transitions if state in t.sources and self.may(obj, t.action, user)]

    def check(self, obj, action, actor, system=False) -> Transition:
        """Raise NotAllowed (403) unless the person may, then Conflict (409) unless the state allows it."""
        row = self.by_action[action]
        if not system and not self.may(obj, action, actor):
            raise NotAllowed(_l("You may not do this."))
        state = getattr(obj, self.state_attr)
        if state not in row.sources:
            raise Conflict(_l("This cannot be done now: it is %(state)s.", state=_state_label(obj)))
        return row

    def apply(self, obj, action, actor, note="", system=False, **changes):
        """Take one transition: check it, compare-and-set the state, record one event; return the event.

        `changes` are further columns written in the same UPDATE. The UPDATE only matches while the
        state is still the one read, so of two people acting at once exactly one wins.
        """
        row = self.check(obj, action, actor, system=system)
        for need in row.needs:
            problem = self.needs[need](obj, {"note": note, **changes}, actor)
            if problem:
                raise Conflict(problem)
        source = getattr(obj, self.state_attr)
        now = utcnow()
        values = {self.state_attr: row.target, **changes}
        if "updated_at" in self.model.__table__.c and "updated_at" not in values:
            values["updated_at"] = now
        db.session.flush()
        result = db.session.execute(
            sa.update(self.model).where(self.model.id == obj.id, getattr(self.model, self.state_attr) == source)
            .values(**values).execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:
            raise Conflict(_l("Someone else changed this at the same moment. Nothing was saved; look again."))
        db.session.refresh(obj, list(values))
        return self.record(obj, action, actor, note=note, from_state=source, to_state=row.target, at=now)

    def record(self, obj, action, actor, note="", from_state=None, to_state=None, at=None):
        """Write one event on the object's timeline (also for steps that do not change its state)."""
        event = self.event_model(**{self.subject_key: obj.id}, action=action, from_state=from_state,
                                 to_state=to_state, actor_id=getattr(actor, "id", None), note=note or "",
                                 created_at=at or utcnow())
        db.session.add(event)
        db.session.flush()
        if sa.inspect(obj).persistent:  # the object's loaded timeline no longer tells all
            db.session.expire(obj, self._timelines)
        return event

    def create(self, obj, action, actor, note=""):
        """Record the first event of a newly added object that starts in its initial state."""
        db.session.add(obj)
        db.session.flush()
        return self.record(obj, action, actor, note=note, to_state=getattr(obj, self.state_attr))


def _state_label(obj):
    return getattr(obj, "state_label", None) or getattr(obj.state, "label", obj.state.value)
