"""Plain-language reasons for a ranked request–researcher pair."""
from flask_babel import format_percent

from app.enums import LabelledEnum
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.matching import explain

class ResearchComponent(LabelledEnum):
    """The weighed parts of a request–researcher score, by the engine's names."""

    text = "text", _l("Expertise")
    theme = "theme", _l("Themes of earlier requests")
    capacity = "capacity", _l("Free capacity")
    experience = "experience", _l("Earlier requests and ratings")


class ResearchFilter(LabelledEnum):
    """The conditions a researcher must meet before being scored, by the engine's names."""

    availability = "availability", _l("Open and available")
    capacity = "capacity", _l("Has free capacity")
    not_declined = "not_declined", _l("Not declined before")


def component_rows(explanation):
    """Return one dict per weighed component of a request–researcher pair, in a fixed order."""
    return explain.component_rows(explanation, ResearchComponent)


def filter_labels(explanation):
    """Return the labels of the filters the researcher passed."""
    return explain.filter_labels(explanation, ResearchFilter)


def _reason(component, for_request):
    if component.name == "theme":
        return _("they have answered requests on the same themes") if for_request else \
            _("it is on themes you have worked on")
    if component.name == "capacity":
        return _("they have room for more work") if for_request else _("you have room for more work")
    if component.name == "experience":
        return _("groups rated their earlier results well") if for_request else None
    return None


def sentence(explanation, ranked, for_request=True):
    """Return one sentence that says why the pair is listed."""
    score = explanation.score
    opening = _("A strong match") if score >= 0.6 else _("A fair match") if score >= 0.35 else _("A weak match")
    reasons = []
    if explanation.top_terms:
        words = ", ".join(_("“%(word)s”", word=w) for w in explanation.top_terms[:3])
        reasons.append(_("the expertise and the question share %(words)s", words=words))
    for component in explanation.leading:
        reason = _reason(component, for_request)
        if reason and len(reasons) < 3:
            reasons.append(reason)
    if not for_request and ranked.researcher.active >= ranked.researcher.capacity:
        reasons.append(_("but you have no free capacity now"))
    percent = format_percent(score)
    if not reasons:
        return _("%(opening)s (%(score)s): it shares little with the expertise.", opening=opening, score=percent)
    joined = reasons[0] if len(reasons) == 1 else _("%(first)s and %(last)s", first=", ".join(reasons[:-1]),
                                                     last=reasons[-1])
    return _("%(opening)s (%(score)s): %(reasons)s.", opening=opening, score=percent, reasons=joined)
