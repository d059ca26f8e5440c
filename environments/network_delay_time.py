"""Network delay time: Bellman-Ford over a hidden directed weighted graph, one edge relaxation per call."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": ((4, 5), 1.5), "medium": ((6, 8), 1.7), "hard": ((9, 11), 1.8)}


def solve(times: list[list[int]], n: int, k: int) -> int:
    """Independent reference: Dijkstra's algorithm with a binary heap."""
    adj: dict[int, list[tuple[int, int]]] = {u: [] for u in range(1, n + 1)}
    for u, v, w in times:
        adj[u].append((v, w))
    dist: dict[int, int] = {}
    heap = [(0, k)]
    while heap:
        d, u = heapq.heappop(heap)
        if u in dist:
            continue
        dist[u] = d
        for v, w in adj[u]:
            if v not in dist:
                heapq.heappush(heap, (d + w, v))
    return max(dist.values()) if len(dist) == n else -1


class NetworkDelayTimeEnv(Environment):
    """A network of n nodes labelled 1..n has hidden directed edges [u, v, w]: a signal sent from u reaches v
    after w time units (w >= 1). A signal is sent from node k. Find how long it takes until every node has
    received it (the largest shortest-path time from k), or -1 if some node never receives it. The answer is
    an integer. Tools read edges and keep dist[v], the shortest time to v known so far (dist[k] = 0, others
    unknown), improved one edge at a time as in the Bellman-Ford algorithm."""

    class Config(BaseModel):
        n: int
        times: list[list[int]]
        k: int

    answer_type = int
    meta = EnvMeta(source="classic: network delay time (LeetCode 743)", license="original", split="train",
                   tags=("graph", "shortest path", "bellman-ford"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), ratio = SIZES[difficulty]
        n = rng.randint(lo, hi)
        order = rng.sample(range(1, n + 1), n)
        edges: dict[tuple[int, int], int] = {}
        reach = n if rng.random() < 0.8 else n - 1  # sometimes the last node gets no incoming edge
        for i in range(1, reach):  # a random arborescence from order[0] reaches the first `reach` nodes
            edges[(order[rng.randrange(i)], order[i])] = rng.randint(1, 9)
        while len(edges) < int(ratio * n):
            u, v = rng.sample(order[:reach], 2) if rng.random() < 0.8 else rng.sample(order, 2)
            if v != order[-1] or reach == n:
                edges.setdefault((u, v), rng.randint(1, 9))
        times = [[u, v, w] for (u, v), w in edges.items()]
        rng.shuffle(times)
        return cls.Config(n=n, times=times, k=order[0])

    def setup(self) -> None:
        self.dist: dict[int, int] = {self.config.k: 0}

    def observe(self) -> str:
        c = self.config
        return (f"A network of {c.n} nodes with {len(c.times)} hidden directed edges; the signal starts at node "
                f"{c.k}. Nodes with a known time: {len(self.dist)}.")

    def reference_answer(self) -> int:
        dist = {self.config.k: 0}
        for _ in range(self.config.n - 1):
            for u, v, w in self.config.times:
                if u in dist and dist[u] + w < dist.get(v, dist[u] + w + 1):
                    dist[v] = dist[u] + w
        return max(dist.values()) if len(dist) == self.config.n else -1

    def source_args(self) -> tuple[list[list[int]], int, int]:
        c = self.config
        return ([list(t) for t in c.times], c.n, c.k)

    @tool
    def GetNodeCount(self) -> int:
        """Return the number of nodes n (labelled 1..n)."""
        return self.config.n

    @tool
    def GetStart(self) -> int:
        """Return the node k the signal is sent from."""
        return self.config.k

    @tool
    def GetEdgeCount(self) -> int:
        """Return the number of directed edges."""
        return len(self.config.times)

    @tool
    def GetEdge(self, index: int) -> list[int]:
        """Return one directed edge as [u, v, w]. Edges are in no particular order.

        Args:
            index: zero-based edge index, 0 <= index < edge count.
        """
        if not 0 <= index < len(self.config.times):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.times)})")
        return list(self.config.times[index])

    @tool
    def Relax(self, index: int) -> bool:
        """Relax one edge [u, v, w]: if dist[u] is known and dist[u] + w beats dist[v], set dist[v] to it.
        Returns true if dist[v] improved.

        Args:
            index: zero-based edge index, 0 <= index < edge count.
        """
        u, v, w = self.GetEdge(index)
        if u in self.dist and self.dist[u] + w < self.dist.get(v, self.dist[u] + w + 1):
            self.dist[v] = self.dist[u] + w
            return True
        return False

    @tool
    def GetDistance(self, node: int) -> int:
        """Return dist[node], the shortest known time from k to the node, or -1 if none is known.

        Args:
            node: a node label, 1 <= node <= n.
        """
        if not 1 <= node <= self.config.n:
            raise ToolError(f"node {node} does not exist: nodes are 1..{self.config.n}")
        return self.dist.get(node, -1)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, start = env.GetNodeCount(), env.GetStart()
        edges = [env.GetEdge(index=i) for i in range(env.GetEdgeCount())]
        hops, frontier = {start: 0}, [start]
        for u in frontier:  # hop counts from the start: relaxing edges in that order needs few passes
            for a, b, _ in edges:
                if a == u and b not in hops:
                    hops[b] = hops[u] + 1
                    frontier.append(b)
        if len(hops) < n:  # some node cannot be reached by any chain of edges
            env.Done(answer=-1)
            return
        order = sorted(range(len(edges)), key=lambda i: hops[edges[i][0]])
        changed = True
        while changed:  # Bellman-Ford passes until nothing improves
            changed = False
            for i in order:
                changed = env.Relax(index=i) or changed
        env.Done(answer=max(env.GetDistance(node=v) for v in range(1, n + 1)))
