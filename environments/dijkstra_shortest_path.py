"""Dijkstra's shortest path in a hidden weighted graph, with the priority queue and settled set behind tools."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 7), "medium": (9, 12), "hard": (14, 18)}


def solve(n: int, edges: list[list[int]], source: int, target: int) -> int:
    """Independent reference: Floyd-Warshall over all pairs."""
    inf = float("inf")
    d = [[0 if i == j else inf for j in range(n)] for i in range(n)]
    for u, v, w in edges:
        d[u][v] = d[v][u] = min(d[u][v], w)
    for k in range(n):
        for i in range(n):
            for j in range(n):
                d[i][j] = min(d[i][j], d[i][k] + d[k][j])
    return -1 if d[source][target] == inf else int(d[source][target])


class DijkstraShortestPathEnv(Environment):
    """A hidden undirected graph has nodes 0..n-1 and edges with positive integer weights. Find the length
    (total weight) of a shortest path from the source node to the target node, or -1 if the target cannot be
    reached. The answer is an integer. Tools give each node's neighbours and keep a priority queue of
    (node, distance) entries and a set of settled nodes, for Dijkstra's algorithm."""

    class Config(BaseModel):
        n: int
        edges: list[list[int]]
        source: int
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: Dijkstra's shortest path", license="original", split="test",
                   tags=("graph", "shortest path", "priority queue"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        order = rng.sample(range(n), n)
        cut = n if rng.random() < 0.85 else rng.randint(n // 2, n - 1)  # sometimes two components
        edges: dict[tuple[int, int], int] = {}
        for i in range(1, n):  # a random spanning tree of each component
            j = rng.randrange(max(0, i - 3), i) if i != cut else None  # a long, thin tree
            if j is not None and (i < cut) == (j < cut):
                edges[tuple(sorted((order[i], order[j])))] = rng.randint(1, 9)
        for _ in range(rng.randint(n // 2, n)):
            i, j = rng.sample(range(n), 2)
            if (i < cut) == (j < cut):
                edges.setdefault(tuple(sorted((order[i], order[j]))), rng.randint(1, 9))
        source = order[0]
        target = order[rng.randrange(cut, n)] if cut < n else order[rng.randrange(n // 2, n)]  # later tree nodes lie deeper
        pairs = [[u, v, w] for (u, v), w in edges.items()]
        rng.shuffle(pairs)
        return cls.Config(n=n, edges=pairs, source=source, target=target)

    def setup(self) -> None:
        self.adj: list[list[list[int]]] = [[] for _ in range(self.config.n)]
        for u, v, w in self.config.edges:
            self.adj[u].append([v, w])
            self.adj[v].append([u, w])
        self.heap: list[tuple[int, int]] = []
        self.settled: set[int] = set()

    def observe(self) -> str:
        c = self.config
        return (f"A weighted graph with {c.n} nodes is hidden; source {c.source}, target {c.target}. "
                f"Queue entries: {len(self.heap)}, settled nodes: {len(self.settled)}.")

    def reference_answer(self) -> int:
        dist = {self.config.source: 0}
        heap = [(0, self.config.source)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == self.config.target:
                return d
            if d > dist[u]:
                continue
            for v, w in self.adj[u]:
                if d + w < dist.get(v, d + w + 1):
                    dist[v] = d + w
                    heapq.heappush(heap, (d + w, v))
        return -1

    def source_args(self) -> tuple[int, list[list[int]], int, int]:
        c = self.config
        return (c.n, [list(e) for e in c.edges], c.source, c.target)

    def _node(self, node: int) -> None:
        if not 0 <= node < self.config.n:
            raise ToolError(f"node {node} does not exist: nodes are 0..{self.config.n - 1}")

    @tool
    def GetEndpoints(self) -> list[int]:
        """Return [source, target]."""
        return [self.config.source, self.config.target]

    @tool
    def GetNeighbors(self, node: int) -> list[list[int]]:
        """Return the edges at a node as [neighbour, weight] pairs, by increasing neighbour.

        Args:
            node: the node number.
        """
        self._node(node)
        return sorted(self.adj[node])

    @tool
    def Push(self, node: int, distance: int) -> int:
        """Add a (node, distance) entry to the priority queue; returns the queue size.

        Args:
            node: the node number.
            distance: a path length from the source to that node (not negative).
        """
        self._node(node)
        if distance < 0:
            raise ToolError("a distance cannot be negative")
        heapq.heappush(self.heap, (distance, node))
        return len(self.heap)

    @tool
    def PopClosest(self) -> list[int]:
        """Remove the queue entry with the smallest distance (ties: smaller node) and return it as
        [node, distance]; returns [] if the queue is empty."""
        if not self.heap:
            return []
        distance, node = heapq.heappop(self.heap)
        return [node, distance]

    @tool
    def IsSettled(self, node: int) -> bool:
        """Return whether a node has been marked settled (its shortest distance is final).

        Args:
            node: the node number.
        """
        self._node(node)
        return node in self.settled

    @tool
    def MarkSettled(self, node: int) -> int:
        """Mark a node settled; returns how many nodes are settled.

        Args:
            node: the node number.
        """
        self._node(node)
        if node in self.settled:
            raise ToolError(f"node {node} is already settled")
        self.settled.add(node)
        return len(self.settled)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        source, target = env.GetEndpoints()
        best = {source: 0}
        env.Push(node=source, distance=0)
        while True:
            entry = env.PopClosest()
            if not entry:
                env.Done(answer=-1)
                return
            node, dist = entry
            if env.IsSettled(node=node):  # a stale entry: the node was reached more cheaply before
                continue
            env.MarkSettled(node=node)
            if node == target:
                env.Done(answer=dist)
                return
            for other, weight in env.GetNeighbors(node=node):
                if dist + weight < best.get(other, dist + weight + 1):
                    best[other] = dist + weight
                    env.Push(node=other, distance=dist + weight)
