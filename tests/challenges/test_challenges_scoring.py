"""Score normalisation on hand-computed examples: strict and lenient jurors, ties, one review, a constant scorer."""
from math import isclose, sqrt

import pytest

from app.challenges.scoring import compute_results, juror_z_scores, weighted_score


def test_weighted_score_puts_every_criterion_on_the_reference_scale():
    # (score, weight, scale): 4/5 with weight 1 and 2/5 with weight 3 -> (4 + 3*2) / 4 = 2.5
    assert weighted_score([(4, 1, 5), (2, 3, 5)], 5) == pytest.approx(2.5)
    # a 0-10 criterion scoring 10 counts as 5 on a 0-5 reference
    assert weighted_score([(10, 1, 10), (3, 1, 5)], 5) == pytest.approx(4.0)
    assert weighted_score([(None, 1, 5)], 5) is None
    assert weighted_score([], 5) is None


def test_a_lenient_and_a_strict_juror_who_rank_alike_give_equal_z_means():
    # Lenient juror L scores A, B, C as 5, 4, 3; strict juror S as 3, 2, 1. Same ranking, offset by 2.
    reviews = [("L", "A", 5), ("L", "B", 4), ("L", "C", 3), ("S", "A", 3), ("S", "B", 2), ("S", "C", 1)]
    z = juror_z_scores(reviews)
    # each juror: mean 4 (resp. 2), population sd sqrt(2/3); z of the best = 1 / sqrt(2/3) = 1.2247
    assert z[("L", "A")] == pytest.approx(1 / sqrt(2 / 3))
    assert z[("L", "A")] == pytest.approx(z[("S", "A")])
    assert z[("L", "C")] == pytest.approx(z[("S", "C")]) == pytest.approx(-1 / sqrt(2 / 3))
    results = compute_results(reviews, 5)
    assert results["A"].raw_mean == pytest.approx(4.0)
    assert results["A"].z_mean == pytest.approx(1.2247448714)
    assert results["B"].z_mean == pytest.approx(0.0)
    assert results["A"].std_dev == pytest.approx(1.0)  # population sd of 5 and 3
    assert [results[p].rank for p in "ABC"] == [1, 2, 3]


def test_a_strict_juror_alone_on_a_proposal_does_not_sink_it():
    # P1 is seen by the lenient juror (4 of 4, 5), P2 only by the strict one (2 against 1): both are
    # their juror's better proposal, so their z-means are equal although the raw means differ.
    reviews = [("L", "P1", 5), ("L", "P0", 4), ("S", "P2", 2), ("S", "P3", 1)]
    results = compute_results(reviews, 5)
    assert results["P1"].raw_mean == 5 and results["P2"].raw_mean == 2
    assert results["P1"].z_mean == pytest.approx(results["P2"].z_mean) == pytest.approx(1.0)


def test_a_juror_with_a_single_review_gives_z_zero_without_dividing_by_zero():
    results = compute_results([("only", "P", 3.5)], 5)
    assert results["P"].count == 1
    assert results["P"].raw_mean == 3.5 and results["P"].z_mean == 0.0 and results["P"].std_dev == 0.0
    assert results["P"].disagreement is False


def test_a_juror_who_gives_every_proposal_the_same_score_adds_nothing_to_rank():
    reviews = [("flat", "A", 3), ("flat", "B", 3), ("flat", "C", 3), ("J", "A", 5), ("J", "B", 1)]
    z = juror_z_scores(reviews)
    assert z[("flat", "A")] == z[("flat", "B")] == z[("flat", "C")] == 0.0
    results = compute_results(reviews, 5)
    # J: mean 3, sd 2 -> A +1, B -1; with the flat juror's zeros: A 0.5, B -0.5, C 0
    assert results["A"].z_mean == pytest.approx(0.5)
    assert results["B"].z_mean == pytest.approx(-0.5)
    assert results["C"].z_mean == 0.0
    assert [results[p].rank for p in "ACB"] == [1, 2, 3]


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    reviews = [("J", "A", 4), ("J", "B", 4), ("J", "C", 2)]
    results = compute_results(reviews, 5)
    assert results["A"].rank == results["B"].rank == 1
    assert results["C"].rank == 3


def test_disagreement_is_a_spread_of_more_than_two_points_on_a_five_point_scale():
    reviews = [("J1", "A", 5), ("J2", "A", 2.9), ("J1", "B", 4), ("J2", "B", 2), ("J3", "B", 3)]
    results = compute_results(reviews, 5)
    assert results["A"].spread == pytest.approx(2.1) and results["A"].disagreement
    assert results["B"].spread == pytest.approx(2.0) and not results["B"].disagreement
    assert isclose(results["B"].std_dev, sqrt(2 / 3))


def test_a_proposal_without_reviews_has_a_count_of_zero_and_no_figures():
    results = compute_results([], 5, proposal_ids=["X"])
    assert results["X"].count == 0 and results["X"].raw_mean is None and results["X"].z_mean is None
    assert results["X"].rank is None
