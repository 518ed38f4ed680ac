"""A Whoosh collector that stops scoring when its time is spent, keeping the hits it has.

As-you-type search must answer within a frame or two; a phrase of very common words can
otherwise step through hundreds of thousands of postings.
"""

from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit, TopCollector


class BudgetCollector(FilterCollector):
    """Top ``limit`` documents, filtered, giving up after ``budget`` seconds (keeping what it has).

    Whoosh's own TimeLimitCollector skips a FilterCollector's filtering when wrapped
    around it, and uses signals; this checks the clock every few hundred matches, and in
    the postings themselves (a phrase of common words steps through thousands of
    documents holding every word for each one where they stand together).
    """

    def __init__(self, limit: int, allow: wq.Query | None, budget: float) -> None:
        super().__init__(TopCollector(limit, usequality=False), allow=allow)
        self.budget = budget
        self.timedout = False

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self.deadline = time.perf_counter() + self.budget
        self.timedout = False

    def set_subsearcher(self, subsearcher, offset) -> None:
        # Every posting list is guarded as it is opened: building an And or a Phrase matcher
        # already steps through postings to the first match (thousands, for common words).
        postings = subsearcher.postings

        def guarded(*args, **kwargs):
            matcher = postings(*args, **kwargs)
            self._guard_tree(matcher)
            return matcher

        subsearcher.postings = guarded
        try:
            super().set_subsearcher(subsearcher, offset)
        finally:
            del subsearcher.postings  # back to the class's method
        self._guard_tree(self.child.matcher)

    def _guard_tree(self, matcher) -> None:
        stack = [matcher]
        while stack:
            matcher = stack.pop()
            children = matcher.children()
            if children:
                stack.extend(children)
            elif not getattr(matcher, "_earmark_guarded", False):
                self._guard(matcher)

    def _guard(self, leaf) -> None:
        """Make the leaf's steps raise :class:`TimeLimit` once the budget is spent."""
        step, skip = leaf.next, leaf.skip_to

        def next_():
            if time.perf_counter() > self.deadline:
                self.timedout = True
                raise TimeLimit
            return step()

        def skip_to(target):
            if time.perf_counter() > self.deadline:
                self.timedout = True
                raise TimeLimit
            return skip(target)

        leaf.next, leaf.skip_to = next_, skip_to
        leaf._earmark_guarded = True

    def collect_matches(self) -> None:
        child, allow = self.child, self._allow
        for count, sub_docnum in enumerate(child.matches()):
            if count % 256 == 255 and time.perf_counter() > self.deadline:
                self.timedout = True
                raise TimeLimit
            if allow is not None and self.offset + sub_docnum not in allow:
                continue
            child.collect(sub_docnum)
