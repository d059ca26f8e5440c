"""Validate a binary search tree: check every node against the bounds its ancestors set, through tools."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta
from codegym_mcp.envkit import ValuedTreeConfig, ValuedTreeEnv, random_tree

SIZES = {"easy": (7, 9), "medium": (12, 16), "hard": (20, 28)}


def solve(root: int, left: list[int], right: list[int], values: list[int]) -> bool:
    """Independent reference: the in-order sequence of a valid BST is strictly increasing."""
    seq: list[int] = []

    def walk(u: int) -> None:
        if u >= 0:
            walk(left[u])
            seq.append(values[u])
            walk(right[u])

    walk(root)
    return all(a < b for a, b in zip(seq, seq[1:]))


def _depths(root: int, left: list[int], right: list[int]) -> dict[int, int]:
    depth, stack = {root: 0}, [root]
    while stack:
        u = stack.pop()
        for c in (left[u], right[u]):
            if c >= 0:
                depth[c] = depth[u] + 1
                stack.append(c)
    return depth


class ValidateBstEnv(ValuedTreeEnv):
    """A binary tree with an integer value in every node is hidden; node ids are 0..n-1 in no particular
    order. Answer true if it is a valid binary search tree: for every node, all values in its left subtree
    are strictly smaller and all values in its right subtree strictly larger than its own value. Otherwise
    answer false. The answer is a boolean."""

    Config = ValuedTreeConfig

    answer_type = bool
    meta = EnvMeta(source="classic: validate binary search tree (LeetCode 98)", license="original",
                   split="train", tags=("tree", "bst", "dfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        root, left, right = random_tree(rng, n)
        inorder: list[int] = []
        stack, u = [], root
        while stack or u >= 0:
            while u >= 0:
                stack.append(u)
                u = left[u]
            u = stack.pop()
            inorder.append(u)
            u = right[u]
        values = [0] * n
        for node, value in zip(inorder, sorted(rng.sample(range(-50, 100), n))):
            values[node] = value
        if rng.random() < 0.5:  # swap the values of two nodes two or more levels below the root
            deep = sorted(u for u, d in _depths(root, left, right).items() if d >= 2)
            a, b = rng.sample(deep, 2)
            values[a], values[b] = values[b], values[a]
        return cls.Config(root=root, left=left, right=right, values=values)

    def observe(self) -> str:
        return f"A binary tree with {len(self.config.left)} valued nodes is hidden. Nodes read: {len(self.read)}."

    def reference_answer(self) -> bool:
        c = self.config

        def ok(u: int, low: float, high: float) -> bool:
            if u < 0:
                return True
            v = c.values[u]
            return low < v < high and ok(c.left[u], low, v) and ok(c.right[u], v, high)

        return ok(c.root, float("-inf"), float("inf"))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        stack = [(env.GetRoot(), None, None)]  # (node, exclusive lower bound, exclusive upper bound)
        while stack:
            node, low, high = stack.pop()
            value = env.GetValue(node=node)
            if (low is not None and value <= low) or (high is not None and value >= high):
                env.Done(answer=False)
                return
            right, left = env.GetRight(node=node), env.GetLeft(node=node)
            if right >= 0:
                stack.append((right, value, high))
            if left >= 0:
                stack.append((left, low, value))
        env.Done(answer=True)
