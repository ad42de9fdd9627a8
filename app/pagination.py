"""A page of an already ordered list (ranked results), shaped like Flask-SQLAlchemy's pagination."""
import math
from dataclasses import dataclass


@dataclass
class ListPage:
    """One page of a list whose order was decided in Python (a ranking), for the `pagination_nav` macro."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1

    def iter_pages(self, left_edge=1, right_edge=1, left_current=2, right_current=2):
        """Yield page numbers with None for gaps, like Flask-SQLAlchemy's pagination."""
        last = 0
        for number in range(1, self.pages + 1):
            if (number <= left_edge or number > self.pages - right_edge
                    or self.page - left_current - 1 < number < self.page + right_current + 1):
                if last + 1 != number:
                    yield None
                yield number
                last = number
