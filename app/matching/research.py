"""Match lists between science-shop requests and researchers: index upkeep and ranked lists.

Requests and researcher profiles are indexed as the session flushes them, so the requests and
accounts areas need not know about matching, and ranking never re-reads their texts.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.constants import Role
from app.accounts.models import ResearcherProfile, User, UserRole
from app.extensions import db
from app.matching import research_engine as engine
from app.matching.engine import pair_fit, prepare_pair_query
from app.matching.services import RankedList
from app.requests.constants import ACTIVE_WORK_STATES, RequestState
from app.requests.models import Assignment, Request, RequestTheme
from app.text import index as text_index
from app.text.index import load_postings, load_stats, load_texts, plain_rows, terms_of, write_index

REQUEST, RESEARCHER = "request", "researcher"
BOTH_SIDES = (REQUEST, RESEARCHER)
PROFILE_FIELDS = ("department", "expertise", "bio")
# Requests a coordinator can already line researchers up for (they are opened to them later).
RANKABLE_STATES = (RequestState.accepted, RequestState.open)


# -- index upkeep -------------------------------------------------------------------------------------
def profile_text(profile):
    """Expertise keywords count like a title; the department and bio like a description."""
    return profile.expertise or "", f"{profile.department or ''}\n{profile.bio or ''}"


# Requests are indexed by the requests area (kind "request"); researchers' profiles here.
text_index.register(RESEARCHER, ResearcherProfile, PROFILE_FIELDS, profile_text, key="user_id")


def ensure_indexed(kind, object_id, text):
    """Index a text the flush listener never saw (rows loaded in bulk), and return its terms."""
    terms, words = terms_of(kind, object_id)
    if not terms:
        write_index(db.session.connection(), kind, object_id, *text)
        terms, words = terms_of(kind, object_id)
    return terms, words


def _pair_query(kind, object_id, text):
    terms, words = ensure_indexed(kind, object_id, text)
    return prepare_pair_query(terms, load_stats(BOTH_SIDES, terms)), words


# -- profiles -------------------------------------------------------------------------------------------
def research_weights():
    return engine.normalise_weights(current_app.config.get("MATCHING_RESEARCH_WEIGHTS"))


def _themes_of_requests(where):
    rows = db.session.execute(select(RequestTheme.request_id, RequestTheme.theme).where(where)).all()
    themes = {}
    for request_id, theme in rows:
        themes.setdefault(request_id, set()).add(theme.value)
    return themes


def researcher_profiles(user_ids=None):
    """Return the engine's profile of every researcher (or of the given ones), in four queries.

    Enum values are compared and read as their plain strings: these queries read tens of thousands
    of rows through the driver directly (`plain_rows`), which costs a third of building ORM rows.
    """
    who = (
        select(ResearcherProfile.user_id)
        .join(User, User.id == ResearcherProfile.user_id)
        .join(UserRole, sa.and_(UserRole.user_id == User.id, UserRole.role == Role.researcher.value))
        .where(User.deleted_at.is_(None))
    )
    for_some = user_ids is not None
    if for_some:
        who = who.where(ResearcherProfile.user_id.in_(list(user_ids)))
    # Loads and earlier work are counted for everyone (cheap, and far quicker in SQLite than an IN over
    # every researcher); only the listed researchers' figures are used.
    someone = Assignment.user_id.in_(list(user_ids)) if for_some else sa.true()
    rows = plain_rows(
        select(ResearcherProfile.user_id, ResearcherProfile.available, ResearcherProfile.capacity)
        .where(ResearcherProfile.user_id.in_(who))
    )
    if not rows:
        return []
    active = dict(plain_rows(
        select(Assignment.user_id, sa.func.count()).join(Request, Request.id == Assignment.request_id)
        .where(Request.state.in_([state.value for state in ACTIVE_WORK_STATES]), someone)
        .group_by(Assignment.user_id)
    ))
    completed = Request.state == RequestState.completed.value
    done = {user_id: (count, rating) for user_id, count, rating in plain_rows(
        select(Assignment.user_id, sa.func.count(), sa.func.avg(Request.rating))
        .join(Request, Request.id == Assignment.request_id)
        .where(completed, someone)
        .group_by(Assignment.user_id)
    )}
    past_themes = {}
    for user_id, theme in plain_rows(
        select(Assignment.user_id, RequestTheme.theme).distinct()
        .join(Request, Request.id == Assignment.request_id)
        .join(RequestTheme, RequestTheme.request_id == Request.id)
        .where(completed, someone)
    ):
        past_themes.setdefault(user_id, set()).add(theme)
    nothing = (0, None)
    no_themes = frozenset()
    make = tuple.__new__  # ResearcherProfile(...) without NamedTuple's Python-level __new__
    profiles = []
    for user_id, available, capacity in rows:
        count, rating = done.get(user_id, nothing)
        themes = past_themes.get(user_id)
        profiles.append(make(engine.ResearcherProfile, (
            user_id, bool(available), capacity, active.get(user_id, 0),
            frozenset(themes) if themes else no_themes, count, float(rating) if rating is not None else None,
        )))
    return profiles


def request_profile(request):
    return engine.RequestProfile(request.id, frozenset(t.value for t in request.themes),
                                 request.state in RANKABLE_STATES)


# -- ranked lists ----------------------------------------------------------------------------------------
@dataclass
class Row:
    rank: int
    ranked: engine.Ranked
    explanation: object
    item: object  # the User or the Request listed


def _explained_rows(kind, shown, first_rank, query, weights, words, items):
    texts = load_texts(kind, query.weights, [r.id for r in shown], weights=True) if shown and query.weights else {}
    rows = []
    for offset, ranked in enumerate(shown):
        parts = pair_fit(query, *texts[ranked.id])[1] if ranked.id in texts else {}
        rows.append(Row(first_rank + offset + 1, ranked, engine.explain(ranked, weights, words, parts),
                        items[ranked.id]))
    return rows


def _page(ranked, page, per_page, everything):
    if everything:
        return ranked, 0
    return ranked[(page - 1) * per_page: page * per_page], (page - 1) * per_page


def rank_researchers_for_request(request, page=1, per_page=20, everything=False):
    """Rank the researchers with free capacity for a request, explained on the page shown."""
    from app.requests.search import request_text

    query, words = _pair_query(REQUEST, request.id, request_text(request))
    weights = research_weights()
    profiles = researcher_profiles()
    ranked = engine.rank_researchers(request_profile(request), profiles, query,
                                     load_postings(RESEARCHER, query.weights, weights=True), weights)
    shown, first = _page(ranked, page, per_page, everything)
    people = {}
    if shown:
        people = {u.id: u for u in db.session.scalars(
            select(User).where(User.id.in_([r.id for r in shown])).options(selectinload(User.researcher_profile)))}
    rows = _explained_rows(RESEARCHER, shown, first, query, weights, words, people)
    return RankedList(rows, len(ranked), page, per_page, weights)


def rank_requests_for_researcher(user, page=1, per_page=20, everything=False):
    """Rank the open requests for a researcher, explained on the page shown."""
    profile = user.researcher_profile
    if profile:
        query, words = _pair_query(RESEARCHER, user.id, profile_text(profile))
    else:
        query, words = prepare_pair_query({}, load_stats(BOTH_SIDES, ())), {}
    weights = research_weights()
    me = (researcher_profiles([user.id]) or [engine.ResearcherProfile(user.id, False, 0, 0)])[0]
    open_ids = select(Request.id).where(Request.state == RequestState.open)
    themes = _themes_of_requests(RequestTheme.request_id.in_(open_ids))
    candidate_ids = list(db.session.scalars(open_ids))
    candidates = [engine.RequestProfile(request_id, frozenset(themes.get(request_id, ())))
                  for request_id in candidate_ids]
    ranked = engine.rank_requests(me, candidates, query,
                                  load_postings(REQUEST, query.weights, among=candidate_ids, weights=True), weights)
    shown, first = _page(ranked, page, per_page, everything)
    requests = {}
    if shown:
        requests = {r.id: r for r in db.session.scalars(
            select(Request).where(Request.id.in_([r.id for r in shown]))
            .options(selectinload(Request.organisation), selectinload(Request.theme_rows)))}
    rows = _explained_rows(REQUEST, shown, first, query, weights, words, requests)
    return RankedList(rows, len(ranked), page, per_page, weights), me
