"""Maximum level sum of a hidden binary tree, by breadth-first search through child and value tools."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta
from codegym_mcp.envkit import ValuedTreeConfig, ValuedTreeEnv, random_tree

SIZES = {"easy": (6, 9), "medium": (12, 16), "hard": (20, 28)}


def solve(root: int, left: list[int], right: list[int], values: list[int]) -> int:
    """Independent reference: depth-first search adding each value into its level's sum."""
    sums: dict[int, int] = {}

    def walk(u: int, level: int) -> None:
        if u >= 0:
            sums[level] = sums.get(level, 0) + values[u]
            walk(left[u], level + 1)
            walk(right[u], level + 1)

    walk(root, 1)
    return min(sums, key=lambda k: (-sums[k], k))


class MaxLevelSumEnv(ValuedTreeEnv):
    """A binary tree with an integer value (possibly negative) in every node is hidden; node ids are 0..n-1 in
    no particular order. The root is on level 1, its children on level 2, and so on. Find the level whose
    values have the largest sum; if several levels tie, the smallest such level. The answer is an integer
    (a level number)."""

    Config = ValuedTreeConfig

    answer_type = int
    meta = EnvMeta(source="classic: maximum level sum of a binary tree (LeetCode 1161)", license="original",
                   split="train", tags=("tree", "bfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        root, left, right = random_tree(rng, n)
        low = rng.choice((-20, -5, 0))
        return cls.Config(root=root, left=left, right=right, values=[rng.randint(low, 20) for _ in range(n)])

    def observe(self) -> str:
        return f"A binary tree with {len(self.config.left)} valued nodes is hidden. Node values read: {len(self.read)}."

    def reference_answer(self) -> int:
        c = self.config
        level, number, best, best_level = [c.root], 1, None, 0
        while level:
            total = sum(c.values[u] for u in level)
            if best is None or total > best:
                best, best_level = total, number
            level = [k for u in level for k in (c.left[u], c.right[u]) if k >= 0]
            number += 1
        return best_level

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        level, number, best, best_level = [env.GetRoot()], 1, None, 0
        while level:  # breadth-first, one whole level at a time
            total = sum(env.GetValue(node=u) for u in level)
            if best is None or total > best:  # strictly larger: ties keep the smaller level
                best, best_level = total, number
            level = [k for u in level for k in (env.GetLeft(node=u), env.GetRight(node=u)) if k >= 0]
            number += 1
        env.Done(answer=best_level)
