"""Column types and defaults shared by every model."""
import enum
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow():
    """Return the current time, aware, in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Store datetimes as naive UTC and hand them back aware, on every database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def enum_type(enum_class: type[enum.Enum], name: str, members=None):
    """Return a portable VARCHAR enum type holding the members' values, with a CHECK.

    `members` narrows a shared vocabulary (app.enums.Theme) to the values one column accepts.
    """
    if members is not None:
        return EnumSubset(enum_class, members, name)
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class EnumSubset(TypeDecorator):
    """A VARCHAR enum column that holds some members of an enum, by value, with a CHECK of them."""

    impl = sa.Enum
    cache_ok = True

    def __init__(self, enum_class, members, name):
        self.enum_class = enum_class
        self.members = tuple(members)
        values = [m.value for m in self.members]
        super().__init__(*values, name=name, native_enum=False, create_constraint=True,
                         length=max(len(v) for v in values), validate_strings=True)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        member = value if isinstance(value, self.enum_class) else self.enum_class(value)
        if member not in self.members:
            raise LookupError(f"{member!r} is not one of the values of {self.impl_instance.name}")
        return member.value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)

    @property
    def python_type(self):
        return self.enum_class

    @property
    def sort_key_function(self):
        """Order members by their stored value (the unit of work sorts rows by primary key)."""
        return lambda member: member.value if isinstance(member, enum.Enum) else member


def render_migration_item(type_, obj, autogen_context):
    """Write our column types into migrations as the plain types the database sees."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, EnumSubset):
        values = ", ".join(repr(m.value) for m in obj.members)
        return f"sa.Enum({values}, name={obj.impl_instance.name!r}, native_enum=False, create_constraint=True)"
    return False
