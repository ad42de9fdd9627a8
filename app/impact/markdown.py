"""Guides are written in Markdown: rendered by markdown-it-py (CommonMark, no raw HTML) and then
sanitised by nh3 (Ammonia), so that nothing a guide's author types can run in a reader's browser."""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td"}


def render_markdown(text):
    """Return safe HTML for a guide's Markdown."""
    html = _parser.render(text or "")
    # A guide's page has one h1 (its title): headings in the text start at level 2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}, "th": {"scope"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)
