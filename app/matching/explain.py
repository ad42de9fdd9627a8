"""Plain-language reasons for a ranked pair, built from the engine's explanation."""
from flask_babel import format_percent

from app.i18n import gettext as _
from app.matching.constants import ScoreComponent, ScoreFilter


def component_rows(explanation, components=ScoreComponent):
    """Return (name, label, value, contribution, percent) for each weighed component, in a fixed order."""
    return [
        {"name": c.name, "label": components(c.name).label, "value": c.value, "weight": c.weight,
         "contribution": c.contribution, "percent": int(round(c.value * 100))}
        for c in explanation.components
    ]


def filter_labels(explanation, filters=ScoreFilter):
    """Return the labels of the filters the pair passed."""
    return [filters(name).label for name in explanation.filters]


def _reason(component, ranked, municipality, for_need):
    name = component.name
    if name == "text":
        return None
    if name == "theme":
        return _("it shares social goals with you")
    if name == "geography":
        if for_need:
            if component.value >= 1.0:
                return _("it is based in %(place)s", place=municipality)
            return _("it works in %(place)s", place=municipality)
        if component.value >= 1.0:
            return _("the work is in your home municipality, %(place)s", place=municipality)
        return _("the work is in %(place)s, where you work", place=municipality)
    if name == "certification":
        return _("the business is certified")
    if name == "past_success":
        if for_need:
            return _("it has won alliance members as customers before")
        return _("the organisation has bought from social businesses before")
    return None


def sentence(explanation, ranked, municipality, for_need=True):
    """Return one sentence that says why the pair is listed, naming the shared words and the two strongest other reasons."""
    strength = explanation.score
    if strength >= 0.6:
        opening = _("A strong match")
    elif strength >= 0.35:
        opening = _("A fair match")
    else:
        opening = _("A weak match")
    reasons = []
    if explanation.top_terms:
        words = ", ".join(_("“%(word)s”", word=w) for w in explanation.top_terms[:3])
        reasons.append(_("the descriptions share %(words)s", words=words))
    for component in explanation.leading:
        reason = _reason(component, ranked, municipality, for_need)
        if reason and len(reasons) < 3:
            reasons.append(reason)
    score = format_percent(strength)
    if not reasons:
        return _("%(opening)s (%(score)s): it passes every filter, but shares little else.", opening=opening,
                 score=score)
    if len(reasons) == 1:
        joined = reasons[0]
    else:
        joined = _("%(first)s and %(last)s", first=", ".join(reasons[:-1]), last=reasons[-1])
    return _("%(opening)s (%(score)s): %(reasons)s.", opening=opening, score=score, reasons=joined)
