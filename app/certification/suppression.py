"""Cell suppression, as a statistics office does it: no published figure describes 1 to 4 organisations.

A table is a set of cells, each with the number of organisations it describes (its size), and the
relations between them: a total is the sum of its parts, in value and in size (a tick count and the
count of those who did not tick add up to the group; the groups of a breakdown add up to the whole).

The rules, applied until nothing changes:
1. Primary: a cell describing 1 to MIN_CELL - 1 organisations is hidden. A 0 describes no one and is
   shown; so is "all of them", because its complement (those who did not) is a 0 and the group itself
   has at least MIN_CELL organisations. "All but 2" is hidden: the 2 follow from the group.
2. Complementary: in each relation whose total is shown, the hidden parts together must describe 0 or
   at least MIN_CELL organisations; and no relation may have exactly one hidden cell, which would follow
   from the others. The smallest shown non-zero part is hidden next (then the total).
3. Dependent: a figure computed from hidden cells (a mean of a distribution) is hidden too.

The same function checks the change between two snapshots: the sizes are then the changes, and a cell
hidden in either snapshot has an unknown change.
"""
from dataclasses import dataclass

MIN_CELL = 5


@dataclass(frozen=True)
class Relation:
    """`total` is the sum of `parts`, in value and in the organisations described."""

    total: object
    parts: tuple


def is_small(size):
    """Return whether a cell (or a change) of this size describes too few organisations to publish."""
    return 0 < abs(size) < MIN_CELL


def _complement(relation, sizes, hidden, fixed):
    """Return the next cell to hide in `relation`: the smallest shown non-zero part, else the total."""
    order = {cell: index for index, cell in enumerate(relation.parts)}
    candidates = [p for p in relation.parts if p not in hidden and p not in fixed]
    if candidates:
        return min(candidates, key=lambda p: (sizes.get(p, 0) == 0, abs(sizes.get(p, 0)), order[p]))
    if relation.total not in hidden and relation.total not in fixed:
        return relation.total
    return None


def _unsafe(relation, sizes, hidden):
    cells = (relation.total, *relation.parts)
    count = sum(cell in hidden for cell in cells)
    if count == 0:
        return False
    if count == 1:
        return True
    if relation.total in hidden:
        return False
    return is_small(sum(sizes.get(p, 0) for p in relation.parts if p in hidden))


def suppress_cells(sizes, relations=(), dependants=(), hidden=(), fixed=()):
    """Return the cells to hide.

    sizes: cell -> organisations it describes (or, between snapshots, the change in them).
    relations: Relation(total, parts) rows. dependants: (cell, cells) pairs; the cell is hidden when any
    of the cells is. hidden: cells hidden from the start (unknown). fixed: cells never hidden as a
    complement (a group's size, settled by the group rule).
    """
    hidden = set(hidden) | {cell for cell, size in sizes.items() if is_small(size) and cell not in fixed}
    changed = True
    while changed:
        changed = False
        for cell, sources in dependants:
            if cell not in hidden and any(source in hidden for source in sources):
                hidden.add(cell)
                changed = True
        for relation in relations:
            while _unsafe(relation, sizes, hidden):
                cell = _complement(relation, sizes, hidden, fixed)
                if cell is None:
                    break
                hidden.add(cell)
                changed = True
    return hidden
