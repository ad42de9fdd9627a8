"""Domain actions on people and their roles. They flush, never commit."""
import secrets

import sqlalchemy as sa
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.constants import Role
from app.accounts.models import Organisation, ResearcherProfile, User, UserRole
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.db_types import utcnow
from app.email import queue_email
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.privacy import collect_personal_data, erase_personal_data

RESET_SALT = "password-reset"


def find_user_by_email(email):
    """Return the active account with this email (case-insensitive), or None."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == (email or "").strip().lower(), User.deleted_at.is_(None))
    )


def register_user(name, email, password, locale="sv"):
    """Create an account."""
    user = User(name=name, email=email.strip().lower(), locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email, password):
    """Return the account for these credentials and note the sign-in, or None."""
    user = find_user_by_email(email)
    if user is None or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def _reset_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user):
    """Return a signed token that resets this password once, until it expires."""
    return _reset_serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(token):
    """Return the account a valid, unused, unexpired token belongs to, or None."""
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or user.deleted_at is not None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def request_password_reset(email):
    """Email a reset link when the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    queue_email(user.email, _l("Reset your Samverka password"), "email/password_reset",
                locale=user.locale, user=user, link=link,
                minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def reset_password(user, password):
    """Set a new password from a reset link."""
    user.set_password(password)


def update_profile(user, name, email, locale):
    user.name = name
    user.email = email.strip().lower()
    user.locale = locale


def change_password(user, password):
    user.set_password(password)


def update_researcher_profile(user, department, expertise, bio, capacity, available):
    """Create or update the researcher's profile."""
    if not user.is_researcher:
        raise NotAllowed(_l("Only researchers have a researcher profile."))
    profile = user.researcher_profile or ResearcherProfile(user=user)
    profile.department = department
    profile.expertise = expertise
    profile.bio = bio or ""
    profile.capacity = capacity
    profile.available = available
    db.session.add(profile)
    return profile


def _iso(value):
    return value.isoformat() if value else None


def export_personal_data(user):
    """Return everything Samverka holds about a person, ready for JSON."""
    data = {
        "exported_at": utcnow().isoformat(),
        "account": {
            "id": user.id, "name": user.name, "email": user.email, "language": user.locale,
            "created_at": _iso(user.created_at), "last_login_at": _iso(user.last_login_at),
            "roles": sorted(r.role.value for r in user.roles),
        },
        "memberships": [
            {
                "organisation": m.organisation.name, "organisation_id": m.organisation_id,
                "state": m.state.value, "is_admin": m.is_admin,
                "requested_at": _iso(m.requested_at), "approved_at": _iso(m.approved_at),
            }
            for m in user.memberships
        ],
        "researcher_profile": None,
    }
    profile = user.researcher_profile
    if profile is not None:
        data["researcher_profile"] = {
            "department": profile.department, "expertise": profile.keywords, "bio": profile.bio,
            "capacity": profile.capacity, "available": profile.available,
        }
    data.update(collect_personal_data(user))
    return data


def delete_account(user):
    """Remove a person's personal data and drafts; what others depend on stays, under "deleted user".

    Every area's `privacy.py` takes part through the `account_erasing` signal (app/privacy.py).
    """
    erase_personal_data(user)
    for membership in list(user.memberships):
        db.session.delete(membership)
    for grant in list(user.roles):
        db.session.delete(grant)
    if user.researcher_profile is not None:
        db.session.delete(user.researcher_profile)
    db.session.execute(
        sa.update(Organisation).where(Organisation.contact_person_id == user.id).values(contact_person_id=None)
    )
    user.name = ""
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@deleted.invalid"
    user.set_password(secrets.token_urlsafe(32))
    user.last_login_at = None
    user.deleted_at = utcnow()
    record_audit(user, AuditAction.account_deleted, None, detail=f"user {user.id}")


# -- roles ----------------------------------------------------------------
def coordinators():
    """Return every active coordinator."""
    return list(db.session.scalars(
        sa.select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.coordinator, User.deleted_at.is_(None))
    ))


def set_roles(user, roles: set[Role], granted_by):
    """Give a person exactly these roles; a coordinator cannot drop their own coordinator role."""
    if user.id == granted_by.id and Role.coordinator in user.role_set and Role.coordinator not in roles:
        raise Conflict(_l("You cannot remove your own coordinator role. Ask another coordinator."))
    for grant in list(user.roles):
        if grant.role not in roles:
            user.roles.remove(grant)
            record_audit(granted_by, AuditAction.role_removed, user, detail=grant.role.value)
    for role in roles - user.role_set:
        user.roles.append(UserRole(role=role, granted_by_id=granted_by.id))
        record_audit(granted_by, AuditAction.role_granted, user, detail=role.value)
    db.session.flush()


def grant_role(user, role: Role, granted_by=None):
    """Add one role (used by the command line and demo data)."""
    if role not in user.role_set:
        user.roles.append(UserRole(role=role, granted_by_id=granted_by.id if granted_by else None))
        record_audit(granted_by, AuditAction.role_granted, user, detail=role.value)
    db.session.flush()
