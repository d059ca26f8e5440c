"""Redundant connection: find the edge that closes the only cycle, with union-find tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import UnionFindMixin

SIZES = {"easy": (5, 7), "medium": (9, 12), "hard": (15, 20)}


def solve(edges: list[list[int]]) -> list[int]:
    """Independent reference: drop edges from the last one back; the first whose removal leaves a tree."""
    n = len(edges)
    for k in range(n - 1, -1, -1):
        adj: dict[int, list[int]] = {i: [] for i in range(1, n + 1)}
        for i, (u, v) in enumerate(edges):
            if i != k:
                adj[u].append(v)
                adj[v].append(u)
        seen, stack = {1}, [1]
        while stack:
            for v in adj[stack.pop()]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        if len(seen) == n:
            return list(edges[k])
    return []


class RedundantConnectionEnv(UnionFindMixin):
    """A hidden undirected graph on nodes 1..n was a tree plus one extra edge, so it has n edges and exactly
    one cycle. Find an edge whose removal leaves a tree; if several do, the one that comes last in the edge
    list. The answer is a list of two integers [u, v], written as the edge is listed (u < v). Tools read the
    edges one at a time and keep a union-find structure over the nodes."""

    class Config(BaseModel):
        edges: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="classic: redundant connection (LeetCode 684)", license="original", split="train",
                   tags=("graph", "union-find"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        labels = rng.sample(range(1, n + 1), n)
        edges = {tuple(sorted((labels[i], labels[rng.randrange(i)]))) for i in range(1, n)}
        while True:  # one more edge, between nodes not yet adjacent
            extra = tuple(sorted(rng.sample(range(1, n + 1), 2)))
            if extra not in edges:
                break
        pairs = [list(e) for e in sorted(edges | {extra})]
        rng.shuffle(pairs)
        return cls.Config(edges=pairs)

    def observe(self) -> str:
        n = len(self.config.edges)
        return f"A graph on nodes 1..{n} with {n} edges is hidden. Union-find groups: {self.group_count()}."

    def reference_answer(self) -> list[int]:
        parent = list(range(len(self.config.edges) + 1))

        def find(x: int) -> int:
            while parent[x] != x:
                x = parent[x]
            return x

        for u, v in self.config.edges:
            ru, rv = find(u), find(v)
            if ru == rv:
                return [u, v]
            parent[ru] = rv
        return []

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(e) for e in self.config.edges],)

    def union_find_nodes(self) -> range:
        return range(1, len(self.config.edges) + 1)

    def check_node(self, node: int) -> None:
        n = len(self.config.edges)
        if not 1 <= node <= n:
            raise ToolError(f"node {node} does not exist: nodes are 1..{n}")

    @tool
    def GetEdgeCount(self) -> int:
        """Return the number of edges (equal to the number of nodes n)."""
        return len(self.config.edges)

    @tool
    def GetEdge(self, index: int) -> list[int]:
        """Return one edge of the list as [u, v] with u < v.

        Args:
            index: zero-based position in the edge list, 0 <= index < edge count.
        """
        if not 0 <= index < len(self.config.edges):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.edges)})")
        return list(self.config.edges[index])

    @tool
    def Find(self, node: int) -> int:
        """Return the representative (root) of the union-find group holding a node.

        Args:
            node: the node number, 1 <= node <= n.
        """
        return super().Find(node)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for index in range(env.GetEdgeCount()):
            u, v = env.GetEdge(index=index)
            if env.Find(node=u) == env.Find(node=v):  # the first edge inside one group closes the cycle
                env.Done(answer=[u, v])
                return
            env.Union(a=u, b=v)
        env.Done(answer=[])
