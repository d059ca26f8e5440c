"""Diameter of a hidden binary tree: subtree heights computed bottom-up through tools."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TreeConfig, TreeEnv, random_tree

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 32)}


def solve(root: int, left: list[int], right: list[int]) -> int:
    """Independent reference: two breadth-first searches over the tree as an undirected graph."""
    n = len(left)
    adj: list[list[int]] = [[] for _ in range(n)]
    for u in range(n):
        for c in (left[u], right[u]):
            if c >= 0:
                adj[u].append(c)
                adj[c].append(u)

    def farthest(start: int) -> tuple[int, int]:
        dist, queue = {start: 0}, [start]
        for u in queue:
            for v in adj[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        far = max(dist, key=dist.get)
        return far, dist[far]

    return farthest(farthest(root)[0])[1]


class DiameterBinaryTreeEnv(TreeEnv):
    """A binary tree is hidden; its nodes have ids 0..n-1 in no particular order. Find its diameter: the
    number of edges on the longest path between any two nodes (the path need not pass through the root).
    The answer is an integer. Tools give the root and each node's children, and compute a node's height
    (the number of nodes on the longest downward path from it) once its children's heights are computed."""

    Config = TreeConfig

    answer_type = int
    meta = EnvMeta(source="classic: diameter of binary tree (LeetCode 543)", license="original",
                   split="train", tags=("tree", "dfs", "post-order"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        root, left, right = random_tree(rng, rng.randint(*SIZES[difficulty]))
        return cls.Config(root=root, left=left, right=right)

    def setup(self) -> None:
        self.height: dict[int, int] = {}

    def observe(self) -> str:
        return f"A binary tree with {len(self.config.left)} nodes is hidden. Heights computed: {len(self.height)}."

    def reference_answer(self) -> int:
        best = 0

        def height(u: int) -> int:
            nonlocal best
            if u < 0:
                return 0
            a, b = height(self.config.left[u]), height(self.config.right[u])
            best = max(best, a + b)
            return 1 + max(a, b)

        height(self.config.root)
        return best

    @tool
    def ComputeHeight(self, node: int) -> int:
        """Compute a node's height as 1 + the larger height of its children (a missing child counts 0).
        Each existing child's height must already be computed. Returns the height.

        Args:
            node: a node id.
        """
        self.check_node(node)
        kids = [c for c in (self.config.left[node], self.config.right[node]) if c >= 0]
        missing = [c for c in kids if c not in self.height]
        if missing:
            raise ToolError(f"compute the height of child node(s) {missing} first")
        self.height[node] = 1 + max((self.height[c] for c in kids), default=0)
        return self.height[node]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        order, children, stack = [], {}, [env.GetRoot()]
        while stack:  # pre-order; its reverse has every child before its parent
            node = stack.pop()
            order.append(node)
            children[node] = [c for c in (env.GetLeft(node=node), env.GetRight(node=node)) if c >= 0]
            stack.extend(children[node])
        height, best = {}, 0
        for node in reversed(order):
            below = [height[c] for c in children[node]]
            best = max(best, sum(below))  # the longest path that turns at this node
            height[node] = env.ComputeHeight(node=node)
        env.Done(answer=best)
