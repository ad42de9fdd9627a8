"""The anonymised version of a proposal for blind stages, and the warning about names left in its text."""
import re
from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation, User
from app.challenges.constants import REMOVED
from app.extensions import db

TEXT_FIELDS = ("title", "summary", "problem", "solution", "beneficiaries", "activities", "outputs", "outcomes",
               "team", "budget", "ask")
MIN_NAME_PART = 3
LEGAL_FORMS = re.compile(r"\s+(AB|HB|KB|ek\.?\s*för\.?|ekonomisk förening|ideell förening|förening|stiftelse)$",
                         re.IGNORECASE)


def organisation_names(name):
    """Return a name and the short forms people write it by: without its legal form, its first word."""
    forms = {name}
    short = LEGAL_FORMS.sub("", name).strip()
    forms.add(short)
    words = short.split()
    if len(words) > 1 and len(words[0]) >= 4 and words[0][0].isupper():
        forms.add(words[0])
    return forms


def names_of(proposal):
    """Return the names that identify the applicant: its and the partners' organisations and their people."""
    organisation_ids = list(proposal.organisation_ids)
    names = set()
    for name in db.session.scalars(sa.select(Organisation.name).where(Organisation.id.in_(organisation_ids))):
        names |= organisation_names(name)
    people = db.session.scalars(
        sa.select(User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(organisation_ids), Membership.state == MembershipState.approved,
               User.deleted_at.is_(None)))
    for name in people:
        names.add(name)
        names.update(part for part in name.split() if len(part) >= MIN_NAME_PART and part[0].isupper())
    return sorted((n.strip() for n in names if n and n.strip()), key=len, reverse=True)


def _pattern(names):
    if not names:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


def names_in_text(proposal, names=None):
    """Return the identifying names found in the proposal's own text, for the applicant's warning."""
    pattern = _pattern(names if names is not None else names_of(proposal))
    if pattern is None:
        return []
    found = {}
    for text in [*(getattr(proposal, f) or "" for f in TEXT_FIELDS), *(proposal.criterion_answers or {}).values()]:
        for match in pattern.finditer(str(text)):
            found.setdefault(match.group(0).casefold(), match.group(0))
    return sorted(found.values(), key=str.casefold)


@dataclass(frozen=True)
class BlindProposal:
    """The text of a proposal with the applicant's names taken out; no organisation, no people."""

    id: int
    code: str
    title: str
    summary: str
    problem: str
    solution: str
    beneficiaries: str
    beneficiary_count: int
    activities: str
    outputs: str
    outcomes: str
    team: str
    budget: str
    budget_total: int
    ask: str
    criterion_answers: dict


def proposal_code(proposal):
    """Return the neutral reference jurors know a proposal by."""
    return f"P-{proposal.challenge_id}-{proposal.id}"


def anonymised(proposal, names=None):
    """Return the proposal's blind version."""
    pattern = _pattern(names if names is not None else names_of(proposal))

    def clean(text):
        return pattern.sub(REMOVED, text or "") if pattern else (text or "")

    return BlindProposal(
        id=proposal.id, code=proposal_code(proposal), **{f: clean(getattr(proposal, f)) for f in TEXT_FIELDS},
        beneficiary_count=proposal.beneficiary_count, budget_total=proposal.budget_total,
        criterion_answers={key: clean(value) for key, value in (proposal.criterion_answers or {}).items()})
