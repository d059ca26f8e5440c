"""0/1 knapsack: relax a table of best values per capacity, one (capacity, item) pair at a time."""

from __future__ import annotations

import random
from itertools import combinations

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

# (item count range, capacity range); items * capacity bounds the oracle's relax calls
SIZES = {"easy": ((3, 4), (6, 9)), "medium": ((5, 6), (10, 15)), "hard": ((6, 7), (18, 24))}


def solve(weights: list[int], values: list[int], capacity: int) -> int:
    """Independent reference: try every subset of items."""
    best = 0
    for k in range(len(weights) + 1):
        for idx in combinations(range(len(weights)), k):
            if sum(weights[i] for i in idx) <= capacity:
                best = max(best, sum(values[i] for i in idx))
    return best


class Knapsack01Env(Environment):
    """Items with hidden positive weights and values and a knapsack capacity are given. Each item can be packed
    at most once. Find the largest total value of a set of items whose total weight is at most the capacity.
    The answer is an integer. Tools keep a table best[c] of the largest value known to fit in capacity c,
    starting at 0 for every c; to use each item at most once, relax capacities from high to low per item."""

    class Config(BaseModel):
        weights: list[int]
        values: list[int]
        capacity: int

    answer_type = int
    meta = EnvMeta(source="classic: 0/1 knapsack", license="original", split="train", tags=("dp", "knapsack"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (nlo, nhi), (clo, chi) = SIZES[difficulty]
        n, capacity = rng.randint(nlo, nhi), rng.randint(clo, chi)
        weights = [rng.randint(1, max(2, capacity * 2 // 3)) for _ in range(n)]
        values = [rng.randint(1, 30) for _ in range(n)]
        return cls.Config(weights=weights, values=values, capacity=capacity)

    def setup(self) -> None:
        self.best = [0] * (self.config.capacity + 1)
        self.relaxed = 0

    def observe(self) -> str:
        return (f"{len(self.config.weights)} items with hidden weights and values; capacity {self.config.capacity}. "
                f"Relax calls so far: {self.relaxed}.")

    def reference_answer(self) -> int:
        best = [0] * (self.config.capacity + 1)
        for w, v in zip(self.config.weights, self.config.values):
            for c in range(self.config.capacity, w - 1, -1):
                best[c] = max(best[c], best[c - w] + v)
        return best[-1]

    def source_args(self) -> tuple[list[int], list[int], int]:
        return (list(self.config.weights), list(self.config.values), self.config.capacity)

    def _item(self, item: int) -> None:
        if not 0 <= item < len(self.config.weights):
            raise ToolError(f"item {item} is out of range [0, {len(self.config.weights)})")

    @tool
    def GetItemCount(self) -> int:
        """Return how many items there are."""
        return len(self.config.weights)

    @tool
    def GetCapacity(self) -> int:
        """Return the knapsack capacity."""
        return self.config.capacity

    @tool
    def GetWeight(self, item: int) -> int:
        """Return the weight of one item.

        Args:
            item: zero-based item index, 0 <= item < item count.
        """
        self._item(item)
        return self.config.weights[item]

    @tool
    def GetValue(self, item: int) -> int:
        """Return the value of one item.

        Args:
            item: zero-based item index, 0 <= item < item count.
        """
        self._item(item)
        return self.config.values[item]

    @tool
    def Relax(self, capacity: int, weight: int, value: int) -> int:
        """Try packing an item of this weight and value on top of best[capacity - weight]:
        best[capacity] = max(best[capacity], best[capacity - weight] + value). Returns the new best[capacity].

        Args:
            capacity: weight <= capacity <= the knapsack capacity.
            weight: the weight of an item.
            value: the value of that same item.
        """
        if (weight, value) not in zip(self.config.weights, self.config.values):
            raise ToolError(f"no item has weight {weight} and value {value}")
        if not weight <= capacity <= self.config.capacity:
            raise ToolError(f"capacity {capacity} is out of range [{weight}, {self.config.capacity}]")
        self.relaxed += 1
        self.best[capacity] = max(self.best[capacity], self.best[capacity - weight] + value)
        return self.best[capacity]

    @tool
    def GetBest(self, capacity: int) -> int:
        """Return best[capacity], the largest value known to fit in that capacity.

        Args:
            capacity: 0 <= capacity <= the knapsack capacity.
        """
        if not 0 <= capacity <= self.config.capacity:
            raise ToolError(f"capacity {capacity} is out of range [0, {self.config.capacity}]")
        return self.best[capacity]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        top = env.GetCapacity()
        for item in range(env.GetItemCount()):
            weight = env.GetWeight(item=item)
            if weight > top:
                continue
            value = env.GetValue(item=item)
            for c in range(top, weight - 1, -1):  # high to low: best[c - weight] does not yet include this item
                env.Relax(capacity=c, weight=weight, value=value)
        env.Done(answer=env.GetBest(capacity=top))
