"""The maturity self-assessment: five questions, four levels, advice for each level."""
from app.i18n import lazy_gettext as _l

QUESTIONS = [
    ("purpose", _l("Have you written down the change you want to see?"), [
        (0, _l("Not yet")), (1, _l("We talk about it, but it is not written down")),
        (2, _l("Yes, in a short text")), (3, _l("Yes, as a theory of change that we review every year"))]),
    ("indicators", _l("Do you follow indicators?"), [
        (0, _l("No")), (1, _l("We count activities")), (2, _l("We follow one or two outcomes")),
        (3, _l("We follow outcomes from the alliance's catalogue, with baselines"))]),
    ("data", _l("How do you collect data?"), [
        (0, _l("We do not")), (1, _l("When someone asks for it")), (2, _l("On a schedule, in a spreadsheet")),
        (3, _l("On a schedule, with documented methods and consent"))]),
    ("use", _l("What do you do with the results?"), [
        (0, _l("Nothing yet")), (1, _l("We put them in applications")), (2, _l("We discuss them in the board")),
        (3, _l("We change our work because of them and tell participants"))]),
    ("honesty", _l("Do you say what would have happened anyway?"), [
        (0, _l("No")), (1, _l("We mention it")), (2, _l("We estimate deadweight or attribution")),
        (3, _l("We compare with a reference group or have it reviewed"))]),
]

LEVELS = {
    1: (_l("Starting"), _l("Write one page: what you do, for whom, and what should be different for them in a "
                           "year. Then read the guide \"Your first theory of change\".")),
    2: (_l("Counting"), _l("You count what you do. Choose one outcome from the catalogue, record a baseline this "
                           "month, and book a clinic to check your method.")),
    3: (_l("Following"), _l("You follow outcomes. Add evidence to your reports and estimate deadweight and "
                            "attribution, so that your figures hold when a funder asks.")),
    4: (_l("Learning"), _l("You measure and learn. Share your method in a clinic, and ask the science shop about a "
                           "comparison group or a review by a researcher.")),
}


def score_of(answers):
    """Return the points of a set of answers ({question: points})."""
    return sum(int(answers.get(key, 0)) for key, _, _ in QUESTIONS)


def level_for(score):
    """Return the level (1–4) of a score (0–15)."""
    if score <= 3:
        return 1
    if score <= 7:
        return 2
    if score <= 11:
        return 3
    return 4
