"""Cell suppression on tables computed by hand (the pure function behind the page and the CSV)."""
import pytest

from app.certification.suppression import MIN_CELL, Relation, is_small, suppress_cells


def tick_row(n, ticked):
    """A group of n organisations, `ticked` of whom ticked a barrier: n = ticked + not ticked."""
    sizes = {"n": n, "tick": ticked, "untick": n - ticked}
    return sizes, [Relation("n", ("tick", "untick"))]


def test_the_threshold_is_five():
    assert MIN_CELL == 5
    assert [is_small(n) for n in (0, 1, 4, 5, -1, -4, -5)] == [False, True, True, False, True, True, False]


@pytest.mark.parametrize("n,ticked,hidden", [
    (7, 1, {"tick", "untick"}),  # 1 of 7: hidden, and the 6 with it, else 1 = 7 - 6
    (7, 2, {"tick", "untick"}),  # 'yes' 2 of 7, 'no' 5 of 7: 'no' goes too, else 'yes' = 7 - 5
    (7, 6, {"tick", "untick"}),  # all but 1: the one who did not tick follows from the group
    (10, 5, set()),  # every cell at least 5: shown as is
    (7, 0, set()),  # none ticked: a 0 describes no one and is shown
    (7, 7, set()),  # all ticked: its complement is a 0, and the group has at least 5
])
def test_a_tick_row_by_hand(n, ticked, hidden):
    sizes, relations = tick_row(n, ticked)
    assert suppress_cells(sizes, relations, fixed={"n"}) == hidden


@pytest.mark.parametrize("counts,hidden", [
    # Answers per point of a scale, 12 in all (the total is shown).
    ({1: 0, 2: 1, 3: 2, 4: 6, 5: 3}, {2, 3, 5}),  # 1 + 2 + 3 = 6 hidden together: none follows
    ({1: 0, 2: 1, 3: 0, 4: 6, 5: 5}, {2, 5}),  # 1 alone would follow; the smallest other non-zero, 5, goes too
    ({1: 0, 2: 0, 3: 0, 4: 7, 5: 5}, set()),  # nothing small
])
def test_a_distribution_and_its_mean_by_hand(counts, hidden):
    sizes = {**counts, "total": sum(counts.values()), "mean": sum(counts.values())}
    result = suppress_cells(sizes, [Relation("total", tuple(counts))], [("mean", tuple(counts))], fixed={"total"})
    # The mean goes with any hidden point: with two unknowns, count and sum would give them away.
    assert result == (hidden | {"mean"} if hidden else set())


def test_a_breakdown_against_the_whole_by_hand():
    # Municipalities A (3) and B (4) are withheld whole; C (12) is shown. 8 of the 19 ticked cost:
    # A 1, B 0, C 7. Showing C's 7 would give A and B together 8 - 7 = 1: C's count goes, and then
    # C's 'did not tick' too (else 7 = 12 - 5).
    sizes = {("all", "n"): 19, ("all", "tick"): 8, ("all", "untick"): 11}
    for key, n, ticked in (("A", 3, 1), ("B", 4, 0), ("C", 12, 7)):
        sizes.update({(key, "n"): n, (key, "tick"): ticked, (key, "untick"): n - ticked})
    relations = [Relation((k, "n"), ((k, "tick"), (k, "untick"))) for k in ("all", "A", "B", "C")]
    relations += [Relation(("all", name), (("A", name), ("B", name), ("C", name))) for name in ("tick", "untick")]
    withheld = {(k, name) for k in ("A", "B") for name in ("n", "tick", "untick")}
    fixed = {(k, "n") for k in ("all", "A", "B", "C")}
    hidden = suppress_cells(sizes, relations, hidden=withheld, fixed=fixed)
    assert hidden - withheld == {("C", "tick"), ("C", "untick")}


def test_a_hidden_total_is_not_left_as_the_sum_of_its_shown_parts():
    sizes = {"total": 3, "a": 0, "b": 3, "c": 0}
    # 'b' is small and hidden; its total is small too; no cell is left alone to follow from the others.
    hidden = suppress_cells(sizes, [Relation("total", ("a", "b", "c"))])
    assert {"total", "b"} <= hidden


def test_a_change_between_two_snapshots_by_hand():
    # Then: 10 in the group, 5 ticked. Now: 15, 6 ticked. Each level is shown on its own (6 and 9), but
    # the change says that of the 5 who joined, exactly 1 ticked: both changes are hidden.
    then, now = tick_row(10, 5)[0], tick_row(15, 6)[0]
    _sizes, relations = tick_row(15, 6)
    assert suppress_cells(now, relations, fixed={"n"}) == set()
    changes = {cell: now[cell] - then[cell] for cell in now}
    assert suppress_cells(changes, relations, fixed={"n"}) == {"tick", "untick"}
    # Had 5 of the 5 newcomers ticked (change 5 and 0), nothing would be hidden.
    changes = {"n": 5, "tick": 5, "untick": 0}
    assert suppress_cells(changes, relations, fixed={"n"}) == set()


def test_a_cell_unknown_in_the_earlier_snapshot_is_not_left_alone_in_a_row():
    # A tick count was withheld last time, so its change is unknown; now 7 joined and 'did not tick'
    # grew by 5. Showing that change would give the tick count's change (7 - 5 = 2), and with it last
    # time's withheld count: the 5 is hidden too.
    changes = {"n": 7, "untick": 5}
    hidden = suppress_cells(changes, [Relation("n", ("tick", "untick"))], hidden={"tick"}, fixed={"n"})
    assert hidden == {"tick", "untick"}
