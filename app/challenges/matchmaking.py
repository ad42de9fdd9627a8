"""Passing a proposal to the match lists: the owner's need and the proposer's offering, followed as a match.

The match lists' own services do the work (create_need, create_offering, track_match), so that a
match begun here moves through matching's tracking and "became a customer" counts there too.
"""
from app.accounts.constants import OUTSIDE_SKANE
from app.challenges.constants import ProcurementRoute
from app.errors import Conflict
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching import services as matching
from app.matching.constants import BudgetBand, Capacity, Category, Timeframe
from app.matching.models import Match


def _budget_band(challenge):
    if challenge.budget_max <= 0:
        return BudgetBand.not_known
    if challenge.budget_max <= 250_000:
        return BudgetBand.up_to_250k
    return BudgetBand.up_to_1m if challenge.budget_max <= 1_000_000 else BudgetBand.over_1m


def pass_to_matchmaking(proposal, user):
    """Publish the challenge as a need and the proposal as an offering, and follow the pair; return the match."""
    if proposal.match_id is not None:
        match = db.session.get(Match, proposal.match_id)
        if match is not None:
            return match
    challenge = proposal.challenge
    if proposal.organisation.kind.value == "established":
        raise Conflict(_l("Only a social business or a group can offer its solution on the match lists."))
    municipality = (challenge.municipalities or [challenge.organisation.municipality or OUTSIDE_SKANE])[0]
    need = matching.create_need(
        challenge.organisation, user, title=challenge.title[:200], description=challenge.problem,
        category=Category.other, themes=[], municipality=municipality, language=challenge.language,
        budget_band=_budget_band(challenge), timeframe=Timeframe.within_a_year,
        is_procurement=challenge.procurement_route != ProcurementRoute.prize_only)
    offering = matching.create_offering(
        proposal.organisation, user, title=proposal.title[:200], description=proposal.summary,
        category=Category.other, themes=[], capacity=Capacity.large, available=True, whole_region=True,
        works_in_swedish=True, works_in_english=True, municipalities=[municipality])
    match = matching.track_match(need, offering, user)
    proposal.match_id = match.id
    db.session.flush()
    return match
