"""Minimum spanning tree weight: Kruskal's algorithm with the union-find structure and running total behind tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin, UnionFindMixin

SIZES = {"easy": (4, 5), "medium": (7, 9), "hard": (11, 13)}


def solve(n: int, edges: list[list[int]]) -> int:
    """Independent reference: Prim's algorithm, growing one tree from node 0."""
    inf = float("inf")
    w = [[inf] * n for _ in range(n)]
    for u, v, c in edges:
        w[u][v] = w[v][u] = min(w[u][v], c)
    in_tree, dist, total = [False] * n, [inf] * n, 0
    dist[0] = 0
    for _ in range(n):
        u = min((d, i) for i, d in enumerate(dist) if not in_tree[i])[1]
        in_tree[u] = True
        total += dist[u]
        for v in range(n):
            if not in_tree[v] and w[u][v] < dist[v]:
                dist[v] = w[u][v]
    return int(total)


class MinSpanningTreeEnv(UnionFindMixin, TallyMixin):
    """A hidden connected undirected graph has nodes 0..n-1 and weighted edges (positive integers). Find the
    total weight of a minimum spanning tree: a set of n - 1 edges connecting every node with the smallest
    possible weight sum. The answer is an integer. Tools read the edges one at a time, keep a union-find
    structure over the nodes (Find, Union) and a running total (AddToTotal, GetTotal)."""

    class Config(BaseModel):
        n: int
        edges: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: minimum spanning tree (Kruskal)", license="original", split="test",
                   tags=("graph", "union-find", "greedy"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        edges: dict[tuple[int, int], int] = {}
        for i in range(1, n):  # a random spanning tree keeps the graph connected
            edges[(rng.randrange(i), i)] = rng.randint(1, 20)
        for _ in range(rng.randint(n // 2 + 1, n)):
            u, v = sorted(rng.sample(range(n), 2))
            edges.setdefault((u, v), rng.randint(1, 20))
        labels = rng.sample(range(n), n)
        pairs = [[labels[u], labels[v], w] for (u, v), w in edges.items()]
        rng.shuffle(pairs)
        return cls.Config(n=n, edges=pairs)

    def observe(self) -> str:
        return (f"A weighted graph with {self.config.n} nodes and {len(self.config.edges)} edges is hidden. "
                f"Union-find groups: {self.group_count()}. Running total: {self.total}.")

    def reference_answer(self) -> int:
        parent = list(range(self.config.n))

        def find(x: int) -> int:
            while parent[x] != x:
                x = parent[x]
            return x

        total = 0
        for u, v, w in sorted(self.config.edges, key=lambda e: e[2]):
            ru, rv = find(u), find(v)
            if ru != rv:
                parent[ru] = rv
                total += w
        return total

    def source_args(self) -> tuple[int, list[list[int]]]:
        return (self.config.n, [list(e) for e in self.config.edges])

    def union_find_nodes(self) -> range:
        return range(self.config.n)

    def check_node(self, node: int) -> None:
        if not 0 <= node < self.config.n:
            raise ToolError(f"node {node} does not exist: nodes are 0..{self.config.n - 1}")

    @tool
    def GetNodeCount(self) -> int:
        """Return the number of nodes n."""
        return self.config.n

    @tool
    def GetEdgeCount(self) -> int:
        """Return the number of edges."""
        return len(self.config.edges)

    @tool
    def GetEdge(self, index: int) -> list[int]:
        """Return one edge as [u, v, weight]. Edges are in no particular order.

        Args:
            index: zero-based edge index, 0 <= index < edge count.
        """
        if not 0 <= index < len(self.config.edges):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.edges)})")
        return list(self.config.edges[index])

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetNodeCount()
        edges = sorted((env.GetEdge(index=i) for i in range(env.GetEdgeCount())), key=lambda e: e[2])
        groups = n
        for u, v, w in edges:  # lightest first; skip an edge whose ends are already connected
            if groups == 1:
                break
            if env.Find(node=u) != env.Find(node=v):
                groups = env.Union(a=u, b=v)
                env.AddToTotal(value=w)
        env.Done(answer=env.GetTotal())
