"""The site-wide search page."""
from flask import render_template, request
from flask_login import current_user

from app.pagecache import public_page
from app.pagination import ListPage
from app.routing import page_number
from app.search import bp
from app.search.forms import SearchForm
from app.search.sources import sources_for
from app.text import search as text_search

PER_PAGE = 20
PREVIEW = 5  # hits of each kind shown when looking in everything
FEW = 3  # fewer hits than this and "did you mean" proposes other spellings


@bp.route("")
@public_page()
def index():
    """Search everything the person may see; grouped by kind with counts, or one kind page by page."""
    allowed = sources_for(current_user)
    form = SearchForm([source for source, _ids in allowed], request.args)
    valid = form.validate()
    text = form.q.data if valid else ""
    chosen = form.kind.data if valid else ""
    exact = request.args.get("exact") == "1"  # "search instead for" what was typed: no correction
    found = _find(text, allowed, exact) if text else None
    sections = _sections(allowed, found, chosen)
    counts = [(source, len(found.rankings[source.name].ids) if found else 0) for source, _ids in allowed]
    total = sum(count for _source, count in counts)
    suggestions = []
    if text and found and found.correction is None and total < FEW:
        suggestions = text_search.suggestions(text, {s.name: (s.kind, ids) for s, ids in allowed})
    return render_template("search/index.html", form=form, text=text, chosen=chosen, sections=sections,
                           counts=counts, total=total, found=found, groups=found.groups if found else [],
                           suggestions=suggestions, snippet=text_search.snippet), 200 if valid else 400


def _sections(allowed, found, chosen):
    """Return [(source, ListPage of hits)]: a preview of each kind, or the chosen kind page by page."""
    sections = []
    for source, _ids in allowed:
        if chosen and source.name != chosen:
            continue
        ids = found.rankings[source.name].ids if found else []
        page, per_page = (page_number(), PER_PAGE) if chosen else (1, PREVIEW)
        shown = ids[(page - 1) * per_page: page * per_page]
        objects = source.load(shown) if shown else {}
        hits = [source.hit(objects[i]) for i in shown if i in objects]
        sections.append((source, ListPage(hits, len(ids), page, per_page)))
    return sections


def _find(text, allowed, exact):
    """Rank every allowed source (two sources may read one index kind with different permissions)."""
    return text_search.find(text, {source.name: (source.kind, ids) for source, ids in allowed}, correct_typos=not exact)
