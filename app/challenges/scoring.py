"""Results, honestly computed: weighted raw mean, z-normalised mean, count, spread and disagreement.

Each juror's weighted score of a proposal is normalised against that juror's own scores at the
same stage (z = (x - mean) / standard deviation), so that a strict and a lenient juror who rank
proposals alike weigh the same. A juror whose scores do not vary (one review, or the same score
everywhere) says nothing about rank: their z is 0, never a division by zero.
"""
from collections import defaultdict
from math import fsum, sqrt
from typing import NamedTuple

from app.challenges.constants import DISAGREEMENT_SHARE

EPSILON = 1e-9


def fmean(values):
    values = list(values)
    return fsum(values) / len(values)


def pstdev(values):
    """Return the population standard deviation (statistics.pstdev is exact but a hundred times slower)."""
    values = list(values)
    mean = fsum(values) / len(values)
    return sqrt(fsum((v - mean) ** 2 for v in values) / len(values))


class Result(NamedTuple):
    """One proposal's figures at one stage (a named tuple: thousands are made per page)."""

    proposal_id: int
    count: int
    raw_mean: float | None
    z_mean: float | None
    std_dev: float | None
    spread: float | None
    disagreement: bool
    rank: int | None = None


def weighted_score(pairs, reference_scale):
    """Return the weighted mean of (score, weight, scale_max) on the reference scale; None without scores."""
    pairs = [(s, w, m) for s, w, m in pairs if s is not None]
    total = sum(w for _s, w, _m in pairs)
    if not pairs or total <= 0:
        return None
    return sum(s * reference_scale / m * w for s, w, m in pairs) / total


def _juror_moments(reviews):
    """Return {juror: (mean, 1 / standard deviation, or 0 when their scores do not vary)}."""
    by_juror = defaultdict(list)
    for juror, _proposal, score in reviews:
        by_juror[juror].append(score)
    moments = {}
    for juror, scores in by_juror.items():
        mean = fsum(scores) / len(scores)
        sd = sqrt(fsum((v - mean) ** 2 for v in scores) / len(scores)) if len(scores) > 1 else 0.0
        moments[juror] = (mean, 1 / sd if sd > EPSILON else 0.0)
    return moments


def juror_z_scores(reviews):
    """Return {(juror, proposal): z} for [(juror, proposal, weighted score)]."""
    moments = _juror_moments(reviews)
    return {(juror, proposal): (score - moments[juror][0]) * moments[juror][1] for juror, proposal, score in reviews}


def compute_results(reviews, scale_max, proposal_ids=None):
    """Return {proposal id: Result} from [(juror id, proposal id, weighted score)] of one stage.

    Proposals in `proposal_ids` without any review get a Result with a count of 0. Ranks follow the
    z-mean, then the raw mean; equal figures share a rank (1, 1, 3). One pass over the reviews
    gathers each proposal's scores and z-scores; the figures follow from a handful of values each.
    """
    moments = _juror_moments(reviews)
    limit = DISAGREEMENT_SHARE * scale_max + EPSILON
    figures = {}
    # Reviews in proposal order (as weighted_reviews reads them; sorted here when they are not), so that
    # each proposal's few scores are gathered in one reused list, with no container per proposal.
    ordered = reviews if all(reviews[i][1] <= reviews[i + 1][1] for i in range(len(reviews) - 1)) else sorted(
        reviews, key=lambda r: r[1])
    raw, z_sum, current = [], 0.0, None
    for juror, proposal, score in (*ordered, (None, None, None)):
        if proposal != current:
            if raw:
                n = len(raw)
                raw_mean = fsum(raw) / n
                spread = max(raw) - min(raw)
                sd = sqrt(fsum((v - raw_mean) ** 2 for v in raw) / n) if n > 1 else 0.0
                figures[current] = (n, raw_mean, z_sum / n, sd, spread, spread > limit)
            raw, z_sum, current = [], 0.0, proposal
        if juror is not None:
            mean, inverse = moments[juror]
            raw.append(score)
            z_sum += (score - mean) * inverse
    for proposal in proposal_ids or ():
        figures.setdefault(proposal, (0, None, None, None, None, False))
    ranks = _ranks(figures)
    return {p: Result(p, *f, ranks.get(p)) for p, f in figures.items()}


def _ranks(figures):
    """Return {proposal: rank} by z-mean, then raw mean; equal figures share a rank (1, 1, 3)."""
    scored = sorted(((round(f[2], 9), round(f[1], 9), p) for p, f in figures.items() if f[0]),
                    key=lambda item: (-item[0], -item[1], item[2]))
    ranks, previous, rank = {}, None, 0
    for position, (z, raw, proposal) in enumerate(scored, start=1):
        if (z, raw) != previous:
            rank, previous = position, (z, raw)
        ranks[proposal] = rank
    return ranks
