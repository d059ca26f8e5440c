"""Maximum level sum of a hidden binary tree, by breadth-first search through child and value tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (12, 16), "hard": (20, 28)}


def random_tree(rng: random.Random, n: int) -> tuple[int, list[int], list[int]]:
    """A random binary tree shape on nodes 0..n-1 (randomly labelled): (root, left, right), -1 = no child."""
    left, right = [-1] * n, [-1] * n
    slots = [(0, 0), (0, 1)]  # free child slots (parent, side)
    for new in range(1, n):
        k = rng.randrange(max(0, len(slots) - 4), len(slots)) if rng.random() < 0.5 else rng.randrange(len(slots))
        parent, side = slots.pop(k)
        (right if side else left)[parent] = new
        slots += [(new, 0), (new, 1)]
    label = rng.sample(range(n), n)
    new_left, new_right = [-1] * n, [-1] * n
    for i in range(n):
        new_left[label[i]] = label[left[i]] if left[i] >= 0 else -1
        new_right[label[i]] = label[right[i]] if right[i] >= 0 else -1
    return label[0], new_left, new_right


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


class MaxLevelSumEnv(Environment):
    """A binary tree with an integer value (possibly negative) in every node is hidden; node ids are 0..n-1 in
    no particular order. The root is on level 1, its children on level 2, and so on. Find the level whose
    values have the largest sum; if several levels tie, the smallest such level. The answer is an integer
    (a level number)."""

    class Config(BaseModel):
        root: int
        left: list[int]
        right: list[int]
        values: list[int]

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

    def setup(self) -> None:
        self.read: set[int] = set()

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

    def source_args(self) -> tuple[int, list[int], list[int], list[int]]:
        c = self.config
        return (c.root, list(c.left), list(c.right), list(c.values))

    def _node(self, node: int) -> None:
        n = len(self.config.left)
        if not 0 <= node < n:
            raise ToolError(f"node {node} does not exist: ids are 0..{n - 1} (-1 means no child)")

    @tool
    def GetRoot(self) -> int:
        """Return the id of the root node."""
        return self.config.root

    @tool
    def GetLeft(self, node: int) -> int:
        """Return the id of a node's left child, or -1 if it has none.

        Args:
            node: a node id.
        """
        self._node(node)
        return self.config.left[node]

    @tool
    def GetRight(self, node: int) -> int:
        """Return the id of a node's right child, or -1 if it has none.

        Args:
            node: a node id.
        """
        self._node(node)
        return self.config.right[node]

    @tool
    def GetValue(self, node: int) -> int:
        """Return the value stored in a node.

        Args:
            node: a node id.
        """
        self._node(node)
        self.read.add(node)
        return self.config.values[node]

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
