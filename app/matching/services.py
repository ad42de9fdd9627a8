"""Domain actions for matching: offerings and needs (kept indexed), ranked lists, tracked matches.

They flush and queue mail, never commit.
"""
import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation
from app.accounts.services import coordinators
from app.links import path_for
from app.notifications.services import notify
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching import engine, notices
from app.matching.constants import (
    BUDGET_REQUIRES,
    CAPACITY_RANK,
    MatchAction,
    MatchState,
    NeedState,
    NoFitReason,
)
from app.matching.lifecycle import MATCH_LIFECYCLE
from app.matching.models import Match, Need, Offering, OfferingArea
from app.pagination import ListPage
from app.signals import certified_organisations
from app.text import index as text_index
from app.text.index import load_postings, load_stats, load_texts, plain_rows, terms_of

NEED, OFFERING = "need", "offering"
# Both sides' texts are indexed as they are flushed (app.text.index); a pair's text fit weighs terms
# by their IDF over the needs and the offerings together, the same from either side.
text_index.register(NEED, Need, ("title", "description"), lambda n: (n.title, n.description),
                    language=lambda n: n.language)
text_index.register(OFFERING, Offering, ("title", "description"), lambda o: (o.title, o.description))
BOTH_SIDES = (NEED, OFFERING)

# -- configuration -------------------------------------------------------------------------------------
def match_weights(without=()):
    """Return the normalised component weights: app.config["MATCHING_WEIGHTS"] over the engine's defaults."""
    return engine.normalise_weights(current_app.config.get("MATCHING_WEIGHTS"), without=without)


# -- offerings and needs ----------------------------------------------------------------------------------
def _set_areas(offering, municipalities):
    wanted = set(municipalities)
    offering.areas = [a for a in offering.areas if a.municipality in wanted] + [
        OfferingArea(municipality=m) for m in sorted(wanted - {a.municipality for a in offering.areas})
    ]


def create_offering(organisation, creator, municipalities=(), **fields):
    """Publish a social business's offering and index its text."""
    offering = Offering(organisation=organisation, created_by_id=creator.id, **fields)
    _set_areas(offering, municipalities)
    db.session.add(offering)
    db.session.flush()
    return offering


def update_offering(offering, municipalities=(), **fields):
    """Change an offering and reindex its text."""
    for name, value in fields.items():
        setattr(offering, name, value)
    _set_areas(offering, municipalities)
    db.session.flush()
    return offering


def create_need(organisation, creator, **fields):
    """Publish an established organisation's need and index its text."""
    need = Need(organisation=organisation, created_by_id=creator.id, state=NeedState.open, **fields)
    db.session.add(need)
    db.session.flush()
    return need


def update_need(need, **fields):
    """Change a need and reindex its text."""
    for name, value in fields.items():
        setattr(need, name, value)
    db.session.flush()
    return need


def set_need_state(need, state: NeedState):
    need.state = state
    db.session.flush()


def delete_offering(offering):
    db.session.delete(offering)


def delete_need(need):
    db.session.delete(need)


# -- profiles for the engine ------------------------------------------------------------------------------
def _customers_won(organisation_column, organisation_ids=None):
    """Return {organisation id: matches that became customers}, counted for one side's organisations."""
    query = (
        select(organisation_column, sa.func.count(Match.id))
        .select_from(Match).join(Need, Need.id == Match.need_id).join(Offering, Offering.id == Match.offering_id)
        .where(Match.state == MatchState.became_customer)
        .group_by(organisation_column)
    )
    if organisation_ids is not None:
        query = query.where(organisation_column.in_(list(organisation_ids)))
    return dict(db.session.execute(query).all())


def need_profile(need, past_success=0.0):
    """Describe a need to the engine."""
    return engine.NeedProfile(
        id=need.id, organisation_id=need.organisation_id, category=need.category.value,
        municipality=need.municipality, language=need.language, required_capacity=need.required_capacity,
        is_open=need.is_open, themes=frozenset(need.themes or ()), past_success=past_success,
    )


def offering_profile(offering, certified=False, past_success=0.0):
    """Describe an offering to the engine."""
    return engine.OfferingProfile(
        id=offering.id, organisation_id=offering.organisation_id, category=offering.category.value,
        municipalities=frozenset(offering.municipalities), whole_region=offering.whole_region,
        home_municipality=offering.organisation.municipality, languages=frozenset(offering.languages),
        capacity=offering.capacity_rank, available=offering.available, themes=frozenset(offering.themes or ()),
        certified=certified, past_success=past_success,
    )


def _declined_pairs(need_id=None, offering_id=None):
    query = select(Match.need_id, Match.offering_id).where(Match.state == MatchState.no_fit)
    if need_id is not None:
        query = query.where(Match.need_id == need_id)
    if offering_id is not None:
        query = query.where(Match.offering_id == offering_id)
    return frozenset(tuple(row) for row in db.session.execute(query).all())


_THEMES: dict[str, frozenset] = {}


def _themes(raw):
    """Parse a stored JSON list of themes once per distinct value (there are few distinct combinations)."""
    if not isinstance(raw, str):  # PostgreSQL's driver hands JSON back parsed
        return frozenset(raw or ())
    themes = _THEMES.get(raw)
    if themes is None:
        themes = _THEMES[raw] = frozenset(json.loads(raw) if raw else ())
    return themes


def _offering_conditions(need):
    """Return the SQL conditions an offering must meet to pass a need's hard filters (the engine checks again)."""
    listed = sa.exists().where(OfferingArea.offering_id == Offering.id,
                               OfferingArea.municipality == need.municipality)
    capacities = [c.value for c, rank in CAPACITY_RANK.items() if rank >= need.required_capacity]
    language = Offering.works_in_swedish if need.language == "sv" else Offering.works_in_english
    region = sa.and_(Offering.whole_region.is_(True), sa.literal(need.municipality != "outside"))
    # Compared as plain strings: these conditions also go to plain_rows, which binds values as they are.
    return listed, [sa.type_coerce(Offering.category, sa.String) == need.category.value,
                    Offering.available.is_(True), language.is_(True),
                    sa.type_coerce(Offering.capacity, sa.String).in_(capacities), sa.or_(region, listed)]


def _offering_candidates(need):
    """Load the offerings that can pass the need's hard filters, as engine profiles, in few queries."""
    listed, conditions = _offering_conditions(need)
    rows = plain_rows(
        select(Offering.id, Offering.organisation_id, Offering.whole_region, Offering.works_in_swedish,
               Offering.works_in_english, Offering.capacity, sa.cast(Offering.themes, sa.Text), Organisation.municipality,
               listed)
        .join(Organisation, Organisation.id == Offering.organisation_id)
        .where(*conditions)
    )
    organisation_ids = {r[1] for r in rows}
    certified = certified_organisations(organisation_ids)
    won = _customers_won(Offering.organisation_id) if organisation_ids else {}
    success = {org: engine.past_success(count) for org, count in won.items()}
    home = frozenset((need.municipality,))
    nowhere = frozenset()
    category = need.category.value
    ranks = {c.value: rank for c, rank in CAPACITY_RANK.items()}
    both, swedish, english = frozenset(("sv", "en")), frozenset(("sv",)), frozenset(("en",))
    profile = engine.OfferingProfile
    return [
        profile(id_, org, category, home if is_listed else nowhere, bool(whole), municipality,
                both if sv and en else swedish if sv else english, ranks[capacity], True, _themes(themes),
                org in certified, success.get(org, 0.0))
        for id_, org, whole, sv, en, capacity, themes, municipality, is_listed in rows
    ]


def _need_conditions(offering):
    """Return the SQL conditions a need must meet to pass an offering's hard filters (the engine checks again)."""
    served = Need.municipality.in_(offering.municipalities)
    if offering.whole_region:
        served = sa.or_(served, Need.municipality != "outside")
    allowed_budgets = [b for b, rank in BUDGET_REQUIRES.items() if rank <= offering.capacity_rank]
    return [Need.category == offering.category, Need.state == NeedState.open,
            sa.or_(Need.deadline.is_(None), Need.deadline >= date.today()),
            Need.language.in_(offering.languages), Need.budget_band.in_(allowed_budgets), served]


def _need_candidates(offering):
    """Load the open needs that can pass the offering's hard filters, as engine profiles."""
    rows = db.session.execute(
        select(Need.id, Need.organisation_id, Need.municipality, Need.language, Need.budget_band, Need.themes)
        .where(*_need_conditions(offering))
    ).all()
    won = _customers_won(Need.organisation_id) if rows else {}
    return [
        engine.NeedProfile(
            id=r.id, organisation_id=r.organisation_id, category=offering.category.value,
            municipality=r.municipality, language=r.language, required_capacity=BUDGET_REQUIRES[r.budget_band],
            is_open=True, themes=frozenset(r.themes or ()),
            past_success=engine.past_success(won.get(r.organisation_id, 0)),
        )
        for r in rows
    ]


# Up to this many candidates, the postings query names them; beyond, it reads every posting of the terms.
NAMED_CANDIDATES = 2000


def _postings_of(kind, terms, candidates):
    """Load the postings (id, term, frequency, text weight) of the query's terms, for the candidates only
    when they are few."""
    if not candidates:
        return []
    if len(candidates) <= NAMED_CANDIDATES:
        return load_postings(kind, terms, [c.id for c in candidates], weights=True)
    return load_postings(kind, terms, weights=True)


def pair_query(kind, object_id):
    """Return one side's text, ready to meet the other side's postings, and its readable words."""
    terms, words = terms_of(kind, object_id)
    return engine.prepare_pair_query(terms, load_stats(BOTH_SIDES, terms)), words


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while tens of thousands of small tuples are made.

    Ranking 10 000 offerings allocates enough objects to trigger several full collections, which
    took a fifth of the time; nothing made here holds reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rows(kind, ranked, shown_from, query, weights, words, items, tracked):
    """Explain the rows shown, naming the shared terms from their postings (one query for all of them)."""
    texts = load_texts(kind, query.weights, [r.id for r in ranked], weights=True) if ranked and query.weights else {}
    rows = []
    for i, r in enumerate(ranked):
        parts = engine.pair_fit(query, *texts[r.id])[1] if r.id in texts else {}
        rows.append(Row(shown_from + i + 1, r, engine.explain(r, weights, words, parts), items[r.id],
                        tracked.get(r.id)))
    return rows


# -- ranked lists -------------------------------------------------------------------------------------------
@dataclass
class ListFilters:
    certified_only: bool = False
    local_only: bool = False
    min_score: int = 0  # per cent


@dataclass
class Row:
    rank: int
    ranked: engine.Ranked
    explanation: engine.Explanation
    item: object  # the Offering or Need listed
    tracked: Match | None


@dataclass
class RankedList(ListPage):
    """A page of ranked rows, with the weights that made their scores."""

    weights: tuple = ()

    @property
    def rows(self):
        return self.items


def _apply_filters(ranked, filters, for_need):
    result = ranked
    if filters.certified_only and for_need:
        result = [r for r in result if r.offering.certified]
    if filters.local_only:
        result = [r for r in result if r.offering.home_municipality == r.need.municipality]
    if filters.min_score:
        result = [r for r in result if r.score * 100 >= filters.min_score]
    return result


def rank_offerings_for_need(need, filters=None, page=1, per_page=20, everything=False):
    """Rank the social businesses' offerings for a need, with an explanation per row on the page shown."""
    filters = filters or ListFilters()
    query, words = pair_query(NEED, need.id)
    query_terms = query.weights
    won = _customers_won(Need.organisation_id, [need.organisation_id])
    profile = need_profile(need, engine.past_success(won.get(need.organisation_id, 0)))
    weights = match_weights()
    with _collector_paused():
        candidates = _offering_candidates(need)
        ranked = engine.rank_offerings(profile, candidates, query, _postings_of(OFFERING, query_terms, candidates),
                                       weights, _declined_pairs(need_id=need.id))
    ranked = _apply_filters(ranked, filters, for_need=True)
    shown = ranked if everything else ranked[(page - 1) * per_page: page * per_page]
    offerings = {}
    tracked = {}
    if shown:
        ids = [r.id for r in shown]
        offerings = {o.id: o for o in db.session.scalars(
            select(Offering).where(Offering.id.in_(ids)).options(selectinload(Offering.organisation))
        )}
        tracked = {m.offering_id: m for m in db.session.scalars(
            select(Match).where(Match.need_id == need.id, Match.offering_id.in_(ids)))}
    rows = _rows(OFFERING, shown, 0 if everything else (page - 1) * per_page, query, weights, words, offerings,
                 tracked)
    return RankedList(rows, len(ranked), page, per_page, weights)


def rank_needs_for_offering(offering, filters=None, page=1, per_page=20, everything=False):
    """Rank the open needs for an offering, with the same score for each pair as the need's own list shows."""
    filters = filters or ListFilters()
    query, words = pair_query(OFFERING, offering.id)
    query_terms = query.weights
    certified = offering.organisation_id in certified_organisations({offering.organisation_id})
    won = _customers_won(Offering.organisation_id, [offering.organisation_id])
    profile = offering_profile(offering, certified, engine.past_success(won.get(offering.organisation_id, 0)))
    weights = match_weights()
    with _collector_paused():
        candidates = _need_candidates(offering)
        ranked = engine.rank_needs(profile, candidates, query, _postings_of(NEED, query_terms, candidates),
                                   weights, _declined_pairs(offering_id=offering.id))
    ranked = _apply_filters(ranked, filters, for_need=False)
    shown = ranked if everything else ranked[(page - 1) * per_page: page * per_page]
    needs = {}
    tracked = {}
    if shown:
        ids = [r.id for r in shown]
        needs = {n.id: n for n in db.session.scalars(
            select(Need).where(Need.id.in_(ids)).options(selectinload(Need.organisation)))}
        tracked = {m.need_id: m for m in db.session.scalars(
            select(Match).where(Match.offering_id == offering.id, Match.need_id.in_(ids)))}
    rows = _rows(NEED, shown, 0 if everything else (page - 1) * per_page, query, weights, words, needs, tracked)
    return RankedList(rows, len(ranked), page, per_page, weights)


# -- near misses -------------------------------------------------------------------------------------------
SHORT_LIST = 5  # a list shorter than this also shows its near misses
NEAR_MISSES = 5
NEAR_MISS_CANDIDATES = 50  # the texts most like this one that are checked against the filters


@dataclass
class NearMiss:
    """A text much like this one whose pair failed some hard filters: which, and how alike the texts are."""

    item: object
    text: float
    failed: tuple  # names of the filters it failed, in engine.FILTERS order


def _near_misses(query, other_kind, judge):
    """Check the texts most like this one against the filters; `judge(ids)` gives [(item, filter verdicts)]."""
    scores = engine.pair_scores(query, load_postings(other_kind, query.weights, weights=True))
    closest = sorted(scores, key=lambda i: (-scores[i], i))[:NEAR_MISS_CANDIDATES]
    misses = []
    for item, verdict in judge(closest) if closest else []:
        failed = tuple(name for name in engine.FILTERS if not verdict[name])
        if failed and "not_declined" not in failed:  # a declined pair never comes back, not even here
            misses.append(NearMiss(item, scores[item.id], failed))
    misses.sort(key=lambda m: (len(m.failed), -m.text, m.item.id))
    return misses[:NEAR_MISSES]


def near_misses_for_need(need):
    """Return the offerings most like a need that some hard filter left out, with the filters that did."""
    query, _words = pair_query(NEED, need.id)
    declined = _declined_pairs(need_id=need.id)
    profile = need_profile(need)

    def judge(ids):
        offerings = list(db.session.scalars(select(Offering).where(Offering.id.in_(ids)).options(
            selectinload(Offering.organisation), selectinload(Offering.areas))))
        certified = certified_organisations({o.organisation_id for o in offerings})
        return [(o, engine.filter_results(profile, offering_profile(o, o.organisation_id in certified), declined))
                for o in offerings]

    return _near_misses(query, OFFERING, judge)


def near_misses_for_offering(offering):
    """Return the needs most like an offering that some hard filter left out, with the filters that did."""
    query, _words = pair_query(OFFERING, offering.id)
    declined = _declined_pairs(offering_id=offering.id)
    profile = offering_profile(offering)

    def judge(ids):
        needs = db.session.scalars(select(Need).where(Need.id.in_(ids)).options(selectinload(Need.organisation)))
        return [(n, engine.filter_results(need_profile(n), profile, declined)) for n in needs]

    return _near_misses(query, NEED, judge)


# -- tracking -----------------------------------------------------------------------------------------------
def track_match(need, offering, user, score=None):
    """Start following a suggested pair (or return the one already followed); declined pairs stay declined."""
    if not (need.can_view_matches(user) or offering.can_view_matches(user)):
        raise NotAllowed(_l("Only the two organisations and coordinators can follow this match."))
    existing = db.session.scalar(select(Match).where(Match.need_id == need.id, Match.offering_id == offering.id))
    if existing is not None:
        return existing
    if not engine.passes_filters(need_profile(need), offering_profile(offering)):
        raise Conflict(_l("This offering does not fit this need."))
    try:
        with db.session.begin_nested():  # two people may follow the same pair at the same moment
            match = Match(need=need, offering=offering, state=MatchState.suggested, score=score,
                          created_by_id=user.id)
            MATCH_LIFECYCLE.create(match, MatchAction.track, user)
    except IntegrityError:
        return db.session.scalar(select(Match).where(Match.need_id == need.id, Match.offering_id == offering.id))
    if "need" in match.sides_of(user):  # the buyer's side follows: the business hears of it
        notify(_side_recipients(offering.organisation, None), notices.FOLLOWED, title=_match_title(match),
               link=_match_link(match), exclude=user,
               body=_l("%(buyer)s follows your offering for its need “%(need)s”.", buyer=need.organisation.name,
                       need=need.title))
    return match


def mark_interest(match, user, share_contact: bool):
    """Say that one's organisation is interested, and whether one's contact details may be shared."""
    if not match.can_mark_interest(user):
        raise NotAllowed(_l("Only the two organisations can mark interest in an open match."))
    both_before = match.need_interested and match.offering_interested
    for side in match.sides_of(user):
        setattr(match, f"{side}_interested", True)
        current = getattr(match, f"{side}_contact_id")
        if share_contact:
            setattr(match, f"{side}_contact_id", user.id)
        elif current == user.id:
            setattr(match, f"{side}_contact_id", None)
    MATCH_LIFECYCLE.record(match, MatchAction.mark_interest, user, from_state=match.state, to_state=match.state)
    if match.need_interested and match.offering_interested and not both_before:
        people = (_side_recipients(match.need.organisation, match.need_contact)
                  + _side_recipients(match.offering.organisation, match.offering_contact) + coordinators())
        notify(people, notices.BOTH_INTERESTED, title=_match_title(match), link=_match_link(match), exclude=user,
               body=_l("Both %(buyer)s and %(business)s said they are interested. A coordinator can now introduce them.",
                       buyer=match.need.organisation.name, business=match.offering.organisation.name))
    return match


def decline_match(match, user, note=""):
    """One side is not interested: the pair gets no fit and never comes back in either list."""
    return MATCH_LIFECYCLE.apply(match, MatchAction.decline, user, note=note,
                                 no_fit_reason=NoFitReason.not_interested, no_fit_note=note or "")


def _side_recipients(organisation, contact):
    if contact is not None and contact.deleted_at is None:
        return [contact]
    return [m.user for m in db.session.scalars(
        select(Membership).where(Membership.organisation_id == organisation.id,
                                 Membership.state == MembershipState.approved, Membership.is_admin.is_(True))
        .options(selectinload(Membership.user))
    ) if m.user.deleted_at is None]


def introduce(match, user, note=""):
    """Introduce the two sides by email; each sees the other's contact details only if that person agreed."""
    MATCH_LIFECYCLE.apply(match, MatchAction.introduce, user, note=note)
    sides = {"need": (match.need.organisation, match.need_contact), "offering": (match.offering.organisation,
                                                                                  match.offering_contact)}
    for side, (organisation, contact) in sides.items():
        other = "offering" if side == "need" else "need"
        other_organisation, other_contact = sides[other]
        for recipient in _side_recipients(organisation, contact):
            notify([recipient], notices.INTRODUCED, title=_match_title(match), link=_match_link(match),
                   subject=_l("Introduction: %(need)s and %(offering)s", need=match.need.title,
                              offering=match.offering.title),
                   recipient=recipient, match=match, organisation=organisation,
                   other_organisation=other_organisation, other_contact=other_contact, note=note)
    return match


def _match_title(match):
    return f"{match.need.title} · {match.offering.title}"


def _match_link(match):
    return path_for("matching.show_match", match_id=match.id)


def record_meeting(match, user, meeting_on, note=""):
    return MATCH_LIFECYCLE.apply(match, MatchAction.record_meeting, user, note=note, meeting_on=meeting_on)


def record_customer(match, user, value_band, customer_since, note=""):
    return MATCH_LIFECYCLE.apply(match, MatchAction.record_customer, user, note=note, value_band=value_band,
                                 customer_since=customer_since)


def record_no_fit(match, user, reason, note=""):
    return MATCH_LIFECYCLE.apply(match, MatchAction.record_no_fit, user, note=note, no_fit_reason=reason,
                                 no_fit_note=note or "")
