"""Is a graph bipartite? Two-colour a hidden undirected graph by breadth-first search through tools."""

from __future__ import annotations

import random
from collections import deque

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GraphConfig, GraphEnv

SIZES = {"easy": (5, 7), "medium": (8, 11), "hard": (12, 16)}


def solve(n: int, edges: list[list[int]]) -> bool:
    """Independent reference: union-find with parity (an edge inside one parity class is an odd cycle)."""
    parent, parity = list(range(n)), [0] * n

    def find(x: int) -> tuple[int, int]:
        p = 0
        while parent[x] != x:
            p ^= parity[x]
            x = parent[x]
        return x, p

    for u, v in edges:
        (ru, pu), (rv, pv) = find(u), find(v)
        if ru == rv:
            if pu == pv:
                return False
        else:
            parent[ru], parity[ru] = rv, pu ^ pv ^ 1
    return True


class BipartiteCheckEnv(GraphEnv):
    """A hidden undirected graph has nodes 0..n-1 (it may have several connected parts). Answer true if its
    nodes can be coloured with two colours (0 and 1) so that every edge joins nodes of different colours,
    else false. The answer is a boolean. Tools give each node's neighbours and keep a colour per node."""

    Config = GraphConfig

    answer_type = bool
    meta = EnvMeta(source="classic: is graph bipartite (LeetCode 785)", license="original", split="test",
                   tags=("graph", "bfs", "colouring"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        side = [int(rng.random() < 0.5) if i > 3 else i % 2 for i in range(n)]
        rng.shuffle(side)
        a = sum(side)
        edges: set[tuple[int, int]] = set()
        target = min(rng.randint(n, int(1.3 * n)), a * (n - a))
        while len(edges) < target:  # edges only across the two hidden sides: bipartite so far
            u, v = rng.sample(range(n), 2)
            if side[u] != side[v]:
                edges.add((min(u, v), max(u, v)))
        if rng.random() < 0.5:  # an edge inside a side that closes an odd cycle
            for _ in range(100):
                u, v = sorted(rng.sample(range(n), 2))
                if side[u] == side[v] and not solve(n, [*map(list, edges), [u, v]]):
                    edges.add((u, v))
                    break
        pairs = [list(e) for e in sorted(edges)]
        rng.shuffle(pairs)
        return cls.Config(n=n, edges=pairs)

    def setup(self) -> None:
        self.adj: list[set[int]] = [set() for _ in range(self.config.n)]
        for u, v in self.config.edges:
            self.adj[u].add(v)
            self.adj[v].add(u)
        self.color: dict[int, int] = {}

    def observe(self) -> str:
        return f"An undirected graph with {self.config.n} nodes is hidden. Nodes coloured: {len(self.color)}."

    def reference_answer(self) -> bool:
        color: dict[int, int] = {}
        for start in range(self.config.n):
            if start in color:
                continue
            color[start] = 0
            queue = deque([start])
            while queue:
                u = queue.popleft()
                for v in self.adj[u]:
                    if v not in color:
                        color[v] = 1 - color[u]
                        queue.append(v)
                    elif color[v] == color[u]:
                        return False
        return True

    @tool
    def GetNeighbors(self, node: int) -> list[int]:
        """Return the neighbours of a node, by increasing number.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return sorted(self.adj[node])

    @tool
    def SetColor(self, node: int, color: int) -> int:
        """Colour an uncoloured node; returns how many nodes are coloured.

        Args:
            node: the node number.
            color: 0 or 1.
        """
        self.check_node(node)
        if color not in (0, 1):
            raise ToolError("color must be 0 or 1")
        if node in self.color:
            raise ToolError(f"node {node} is already coloured {self.color[node]}")
        self.color[node] = color
        return len(self.color)

    @tool
    def GetColor(self, node: int) -> int:
        """Return the colour of a node: 0 or 1, or -1 if it is not coloured yet.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return self.color.get(node, -1)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetNodeCount()
        for start in range(n):
            if env.GetColor(node=start) != -1:
                continue
            env.SetColor(node=start, color=0)
            queue = [(start, 0)]
            while queue:  # breadth-first: neighbours take the other colour
                node, color = queue.pop(0)
                for other in env.GetNeighbors(node=node):
                    seen = env.GetColor(node=other)
                    if seen == -1:
                        env.SetColor(node=other, color=1 - color)
                        queue.append((other, 1 - color))
                    elif seen == color:
                        env.Done(answer=False)
                        return
        env.Done(answer=True)
