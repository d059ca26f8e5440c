"""Connected components of an undirected graph, counted with a union-find the agent drives through tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 10), "medium": (14, 22), "hard": (30, 40)}


def solve(n: int, edges: list[list[int]]) -> int:
    """Independent reference: label propagation; every node takes the smallest label among its neighbours."""
    label = list(range(n))
    changed = True
    while changed:
        changed = False
        for a, b in edges:
            low = min(label[a], label[b])
            if label[a] != low or label[b] != low:
                label[a] = label[b] = low
                changed = True
    return len(set(label))


class ConnectedComponentsEnv(Environment):
    """An undirected graph with num_nodes nodes (numbered 0..num_nodes-1) and a hidden list of edges is given.
    Return the number of connected components (an isolated node is a component of its own). The answer is
    an integer."""

    class Config(BaseModel):
        num_nodes: int
        edges: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: number of connected components in an undirected graph (LeetCode 323)",
                   license="original", split="train", tags=("graph", "union-find"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        target = rng.randint(n // 3, n)  # fewer edges leave more components
        edges: set[tuple[int, int]] = set()
        for _ in range(target):
            a, b = sorted(rng.sample(range(n), 2))
            edges.add((a, b))
        pairs = [list(e) if rng.random() < 0.5 else [e[1], e[0]] for e in sorted(edges)]
        rng.shuffle(pairs)
        return cls.Config(num_nodes=n, edges=pairs)

    def setup(self) -> None:
        self.parent = list(range(self.config.num_nodes))
        self.size = [1] * self.config.num_nodes
        self.merges = 0

    def observe(self) -> str:
        return (f"A graph with {self.config.num_nodes} nodes and {len(self.config.edges)} hidden edges. "
                f"Successful unions so far: {self.merges}.")

    def reference_answer(self) -> int:
        adj: list[list[int]] = [[] for _ in range(self.config.num_nodes)]
        for a, b in self.config.edges:
            adj[a].append(b)
            adj[b].append(a)
        seen, count = set(), 0
        for start in range(self.config.num_nodes):
            if start in seen:
                continue
            count += 1
            seen.add(start)
            stack = [start]
            while stack:
                for nb in adj[stack.pop()]:
                    if nb not in seen:
                        seen.add(nb)
                        stack.append(nb)
        return count

    def source_args(self) -> tuple[int, list[list[int]]]:
        return (self.config.num_nodes, [list(e) for e in self.config.edges])

    def _root(self, node: int) -> int:
        if not 0 <= node < self.config.num_nodes:
            raise ToolError(f"node {node} does not exist: nodes are 0..{self.config.num_nodes - 1}")
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]  # path halving keeps trees shallow
            node = self.parent[node]
        return node

    @tool
    def GetNumNodes(self) -> int:
        """Return the number of nodes in the graph."""
        return self.config.num_nodes

    @tool
    def GetNumEdges(self) -> int:
        """Return the number of edges in the graph."""
        return len(self.config.edges)

    @tool
    def GetEdge(self, index: int) -> list[int]:
        """Return one edge as a pair of node numbers [a, b].

        Args:
            index: zero-based edge index, 0 <= index < number of edges.
        """
        if not 0 <= index < len(self.config.edges):
            raise ToolError(f"edge index {index} is out of range [0, {len(self.config.edges)})")
        return list(self.config.edges[index])

    @tool
    def Union(self, a: int, b: int) -> bool:
        """Join the groups of two nodes. Returns true if they were in different groups, false if already joined.

        Args:
            a: a node number.
            b: another node number.
        """
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:  # hang the smaller tree under the larger
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.merges += 1
        return True

    @tool
    def Find(self, node: int) -> int:
        """Return the representative node of the group a node belongs to.

        Args:
            node: a node number.
        """
        return self._root(node)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, m = env.GetNumNodes(), env.GetNumEdges()
        for i in range(m):
            a, b = env.GetEdge(index=i)
            env.Union(a=a, b=b)
        roots = {env.Find(node=v) for v in range(n)}
        env.Done(answer=len(roots))
