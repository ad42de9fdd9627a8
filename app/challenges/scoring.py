"""Results, honestly computed: weighted raw mean, z-normalised mean, count, spread and disagreement.

Each juror's weighted score of a proposal is normalised against that juror's own scores at the
same stage (z = (x - mean) / standard deviation), so that a strict and a lenient juror who rank
proposals alike weigh the same. A juror whose scores do not vary (one review, or the same score
everywhere) says nothing about rank: their z is 0, never a division by zero.
"""
from collections import defaultdict
from dataclasses import dataclass
from math import fsum, sqrt

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


@dataclass(frozen=True)
class Result:
    """One proposal's figures at one stage."""

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


def juror_z_scores(reviews):
    """Return {(juror, proposal): z} for [(juror, proposal, weighted score)]."""
    by_juror = defaultdict(list)
    for juror, _proposal, score in reviews:
        by_juror[juror].append(score)
    moments = {}
    for juror, scores in by_juror.items():
        sd = pstdev(scores) if len(scores) > 1 else 0.0
        moments[juror] = (fmean(scores), sd)
    z = {}
    for juror, proposal, score in reviews:
        mean, sd = moments[juror]
        z[(juror, proposal)] = (score - mean) / sd if sd > EPSILON else 0.0
    return z


def compute_results(reviews, scale_max, proposal_ids=None):
    """Return {proposal id: Result} from [(juror id, proposal id, weighted score)] of one stage.

    Proposals in `proposal_ids` without any review get a Result with a count of 0. Ranks follow the
    z-mean, then the raw mean; equal figures share a rank (1, 1, 3).
    """
    z = juror_z_scores(reviews)
    by_proposal = defaultdict(list)
    for juror, proposal, score in reviews:
        by_proposal[proposal].append((score, z[(juror, proposal)]))
    figures = {}
    for proposal in set(by_proposal) | set(proposal_ids or ()):
        rows = by_proposal.get(proposal, [])
        if not rows:
            figures[proposal] = (0, None, None, None, None, False)
            continue
        raw = [r for r, _z in rows]
        spread = max(raw) - min(raw)
        figures[proposal] = (len(rows), fmean(raw), fmean([zz for _r, zz in rows]),
                             pstdev(raw) if len(raw) > 1 else 0.0, spread,
                             spread > DISAGREEMENT_SHARE * scale_max + EPSILON)
    ranks = _ranks(figures)
    return {p: Result(p, *f, rank=ranks.get(p)) for p, f in figures.items()}


def _ranks(figures):
    """Return {proposal: rank} by z-mean, then raw mean; equal figures share a rank (1, 1, 3)."""
    scored = sorted(((p, f) for p, f in figures.items() if f[0]), key=lambda item: (-item[1][2], -item[1][1], item[0]))
    ranks, previous, rank = {}, None, 0
    for position, (proposal, f) in enumerate(scored, start=1):
        key = (round(f[2], 9), round(f[1], 9))
        if key != previous:
            rank, previous = position, key
        ranks[proposal] = rank
    return ranks
