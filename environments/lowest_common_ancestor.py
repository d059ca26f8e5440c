"""Lowest common ancestor in a hidden binary tree, found by exploring the tree with child and value tools."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ValuedTreeConfig, ValuedTreeEnv, random_tree

SIZES = {"easy": (6, 9), "medium": (12, 16), "hard": (20, 28)}


def solve(root: int, left: list[int], right: list[int], values: list[int], p: int, q: int) -> int:
    """Independent reference: the root-to-node paths of p and q; the last node they share."""

    def path(u: int, want: int) -> list[int] | None:
        if u < 0:
            return None
        if values[u] == want:
            return [u]
        rest = path(left[u], want) or path(right[u], want)
        return [u, *rest] if rest else None

    a, b = path(root, p), path(root, q)
    common = [x for x, y in zip(a, b) if x == y]
    return values[common[-1]]


class LowestCommonAncestorEnv(ValuedTreeEnv):
    """A binary tree with distinct integer values in its nodes is hidden (node ids 0..n-1 in no particular
    order). Two values p and q, each held by some node, are given. Find the lowest common ancestor of those
    two nodes: the deepest node that has both of them in its subtree (a node is in its own subtree). The
    answer is an integer: the VALUE stored in that node."""

    class Config(ValuedTreeConfig):
        p: int
        q: int

    answer_type = int
    meta = EnvMeta(source="classic: lowest common ancestor of a binary tree (LeetCode 236)", license="original",
                   split="train", tags=("tree", "dfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        root, left, right = random_tree(rng, n)
        values = rng.sample(range(1, 100), n)
        a, b = rng.sample([u for u in range(n) if u != root], 2)
        return cls.Config(root=root, left=left, right=right, values=values, p=values[a], q=values[b])

    def observe(self) -> str:
        c = self.config
        return f"A binary tree with {len(c.left)} nodes is hidden. p = {c.p}, q = {c.q}. Node values read: {len(self.read)}."

    def reference_answer(self) -> int:
        c = self.config

        def find(u: int) -> int:  # the LCA within u's subtree, a p/q node found there, or -1
            if u < 0 or c.values[u] in (c.p, c.q):
                return u
            a, b = find(c.left[u]), find(c.right[u])
            return u if a >= 0 and b >= 0 else max(a, b)

        return c.values[find(c.root)]

    def source_args(self) -> tuple[int, list[int], list[int], list[int], int, int]:
        c = self.config
        return (c.root, list(c.left), list(c.right), list(c.values), c.p, c.q)

    @tool
    def GetTargets(self) -> list[int]:
        """Return the two values [p, q] whose nodes' lowest common ancestor is wanted."""
        return [self.config.p, self.config.q]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        p, q = env.GetTargets()
        root = env.GetRoot()
        parent, value_of, where, stack = {root: -1}, {}, {}, [root]
        while stack:  # depth-first until both nodes are found, remembering each node's parent
            node = stack.pop()
            value_of[node] = env.GetValue(node=node)
            if value_of[node] in (p, q):
                where[value_of[node]] = node
                if len(where) == 2:
                    break
            for child in (env.GetRight(node=node), env.GetLeft(node=node)):
                if child >= 0:
                    parent[child] = node
                    stack.append(child)
        ancestors, node = set(), where[p]
        while node >= 0:
            ancestors.add(node)
            node = parent[node]
        node = where[q]
        while node not in ancestors:  # climb from q to the first ancestor of p
            node = parent[node]
        env.Done(answer=value_of[node])
