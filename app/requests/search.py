"""Full-text search over the science shop's requests, through the shared text index (`app.text`).

Requests are indexed (kind "request") with their title, question, public summary, result text and
recommendations, as the session flushes them; the researchers' match list reads the same terms. The background is left out: the
results library does not show it, so a published result must not be found by its words.
"""
import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.pagination import ListPage
from app.requests.constants import RequestState
from app.requests.models import Request
from app.search.sources import Hit, Source, search_sources_asked, signed_in
from app.text import index as text_index
from app.text import search as text_search

REQUEST = "request"
PER_PAGE = 50


def request_text(request):
    """Return a request's indexed title and body (the parts the results library shows, once published)."""
    body = "\n".join(part for part in (request.question, request.public_summary, request.result_text,
                                       request.recommendations) if part)
    return request.title or "", body


text_index.register(REQUEST, Request, ("title", "question", "public_summary", "result_text", "recommendations"),
                    request_text,
                    language=lambda r: r.language.value if r.language else None)


def rank(id_query, text):
    """Rank the requests of a SELECT of ids for a text; None when the text has no words to search for."""
    groups = text_search.parse(text)
    if not groups:
        return None
    return text_search.rank(REQUEST, groups, among=id_query)


def paginate_ranked(ranking, page, per_page=PER_PAGE, *options):
    """Load one page of ranked requests (best first) with their relations, in one statement."""
    from sqlalchemy.orm import joinedload, selectinload

    ids = ranking.ids[(page - 1) * per_page: page * per_page]
    loaded = {r.id: r for r in db.session.scalars(sa.select(Request).where(Request.id.in_(ids)).options(
        joinedload(Request.organisation), selectinload(Request.theme_rows), *options))} if ids else {}
    return ListPage([loaded[i] for i in ids if i in loaded], len(ranking.ids), page, per_page)


def similar(title, question, visible, limit=5, exclude_id=None):
    """Return the ids of requests (among a SELECT of visible ids) whose text is most like a title and question."""
    groups = text_search.parse(" ".join([title or "", question or ""]))
    if not groups:
        return []
    ranking = text_search.rank(REQUEST, groups, among=visible, any_word=True)
    return [i for i in ranking.ids if i != exclude_id][:limit]


def reindex(request):
    """Index a request again after a change written by a plain UPDATE (the kernel's), which no flush sees."""
    db.session.flush()
    text_index.index_object(db.session.connection(), text_index.KINDS[REQUEST], request)


# -- its sources in site-wide search ---------------------------------------------------
def _published_results(user):
    return sa.select(Request.id).where(Request.state == RequestState.completed, Request.consent_to_publish.is_(True))


def _staff_requests(user):
    if not (signed_in(user) and user.is_coordinator):
        return None
    return sa.select(Request.id).where(Request.state != RequestState.draft)


def _load_requests(ids):
    return {r.id: r for r in db.session.scalars(
        sa.select(Request).where(Request.id.in_(ids)).options(joinedload(Request.organisation)))}


def _result_hit(item):
    return Hit(item.title, url_for("requests.library_show", request_id=item.id), request_text(item)[1],
               item.organisation.name)


def _request_hit(item):
    return Hit(item.title, url_for("requests.show", request_id=item.id), request_text(item)[1],
               f"{item.organisation.name} · {item.state.label}")


@search_sources_asked.connect
def search_sources(_sender, **extra):
    """The science shop's kinds of page in site-wide search: published results, and requests for staff."""
    return [Source("results", REQUEST, _l("Published results"), _published_results, _load_requests, _result_hit,
                   order=10),
            Source("requests", REQUEST, _l("Requests to the science shop"), _staff_requests, _load_requests,
                   _request_hit, order=60)]
