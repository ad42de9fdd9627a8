"""People, their roles, organisations and memberships, researcher profiles."""
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.constants import (
    MembershipState,
    OrganisationKind,
    Role,
    Sector,
    municipality_label,
)
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.i18n import lazy_gettext as _l


def new_login_token():
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(5), default="sv")
    # Rotated on password change and deletion, so that old sessions and remember cookies stop working.
    login_token: Mapped[str] = mapped_column(sa.String(32), default=new_login_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan",
        foreign_keys="UserRole.user_id",
    )
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="Membership.user_id",
    )
    researcher_profile: Mapped["ResearcherProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False,
    )

    def __repr__(self):
        return f"<User {self.id} {self.email}>"

    # -- authentication -------------------------------------------------
    def set_password(self, password):
        """Hash and store a new password, ending other sessions."""
        self.password_hash = generate_password_hash(password)
        self.login_token = new_login_token()

    def check_password(self, password):
        """Return whether the password matches."""
        if self.deleted_at is not None:
            return False
        return check_password_hash(self.password_hash, password)

    def get_id(self):
        return f"{self.id}:{self.login_token}"

    @property
    def is_active(self):
        return self.deleted_at is None

    @property
    def display_name(self):
        """Return the name others see; deleted people show as a neutral label."""
        if self.deleted_at is not None:
            return str(_l("Deleted user"))
        return self.name

    # -- roles ----------------------------------------------------------
    @property
    def role_set(self) -> set[Role]:
        return {grant.role for grant in self.roles}

    def has_role(self, role: Role) -> bool:
        """Return whether a coordinator granted this role."""
        return role in self.role_set

    @property
    def is_coordinator(self):
        return self.has_role(Role.coordinator)

    @property
    def is_researcher(self):
        return self.has_role(Role.researcher)

    @property
    def is_facilitator(self):
        return self.has_role(Role.facilitator)

    @property
    def approved_memberships(self):
        return [m for m in self.memberships if m.state == MembershipState.approved]

    def organisations_of_kind(self, kind: OrganisationKind):
        """Return the organisations of one kind this person is an approved member of."""
        return [m.organisation for m in self.approved_memberships if m.organisation.kind == kind]

    @property
    def is_group_member(self):
        return bool(self.organisations_of_kind(OrganisationKind.community_group))

    @property
    def is_business_member(self):
        return bool(self.organisations_of_kind(OrganisationKind.social_business))

    @property
    def is_stakeholder_member(self):
        return bool(self.organisations_of_kind(OrganisationKind.established))

    def is_member_of(self, organisation):
        """Return whether this person is an approved member of the organisation."""
        return any(m.organisation_id == organisation.id for m in self.approved_memberships)

    def can_manage_users(self):
        return self.is_coordinator


class UserRole(db.Model):
    """One role granted to one person."""

    __tablename__ = "user_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", name="uq_user_roles_user_id_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])


class Organisation(db.Model):
    """A community group, social business or established organisation."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    org_number: Mapped[str | None] = mapped_column(sa.String(11), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "organisation_kind"), index=True)
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, "sector"), index=True)
    municipality: Mapped[str] = mapped_column(sa.String(16))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    member_since: Mapped[date | None] = mapped_column(sa.Date)
    contact_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    contact_person: Mapped[User | None] = relationship(foreign_keys=[contact_person_id])

    def __repr__(self):
        return f"<Organisation {self.id} {self.name}>"


    @property
    def municipality_label(self):
        return municipality_label(self.municipality)

    @property
    def is_alliance_member(self):
        return self.member_since is not None

    def membership_of(self, user):
        """Return the person's membership (pending or approved), if any."""
        if not user or not getattr(user, "is_authenticated", False):
            return None
        return next((m for m in self.memberships if m.user_id == user.id), None)

    def is_admin(self, user):
        membership = self.membership_of(user)
        return bool(membership and membership.state == MembershipState.approved and membership.is_admin)

    def can_view(self, user):
        """Signed-in people see the directory of organisations."""
        return bool(user and user.is_authenticated)

    def can_edit(self, user):
        """Coordinators and the organisation's admins edit its details."""
        return bool(user and user.is_authenticated and (user.is_coordinator or self.is_admin(user)))

    def can_manage_members(self, user):
        return self.can_edit(user)

    def can_set_alliance_membership(self, user):
        return bool(user and user.is_authenticated and user.is_coordinator)

    def can_view_members(self, user):
        """Members, their admins and coordinators see who belongs."""
        return bool(user and user.is_authenticated and (user.is_coordinator or user.is_member_of(self)))

    def can_request_to_join(self, user):
        return bool(user and user.is_authenticated and self.membership_of(user) is None)


class Membership(db.Model):
    """A person's (requested or approved) membership of an organisation."""

    __tablename__ = "memberships"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "organisation_id", name="uq_memberships_user_id_organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[MembershipState] = mapped_column(enum_type(MembershipState, "membership_state"))
    is_admin: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")

    @property
    def is_pending(self):
        return self.state == MembershipState.pending


class ResearcherProfile(db.Model):
    """What a researcher knows and how much they can take on."""

    __tablename__ = "researcher_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    department: Mapped[str] = mapped_column(sa.String(200), default="")
    expertise: Mapped[str] = mapped_column(sa.Text, default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int] = mapped_column(default=2)
    available: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="researcher_profile")

    __table_args__ = (sa.CheckConstraint("capacity >= 0 AND capacity <= 50", name="capacity_range"),)

    @property
    def keywords(self) -> list[str]:
        """Return the expertise keywords as a list."""
        return [k.strip() for k in self.expertise.split(",") if k.strip()]
