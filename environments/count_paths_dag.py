"""Count paths in a DAG: push path counts along edges in topological order (Kahn's algorithm through tools)."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GraphConfig, GraphEnv

SIZES = {"easy": (6, 7), "medium": (9, 12), "hard": (14, 18)}


def solve(n: int, edges: list[list[int]], source: int, target: int) -> int:
    """Independent reference: enumerate every path by depth-first search (no memo)."""
    succ: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        succ[u].append(v)

    def count(u: int) -> int:
        return 1 if u == target else sum(count(v) for v in succ[u])

    return count(source)


class CountPathsDagEnv(GraphEnv):
    """A hidden directed acyclic graph has nodes 0..n-1. Count the distinct directed paths from the source
    node to the target node. The answer is an integer (0 if there is none). Tools follow Kahn's topological
    order: a node can be processed once all its predecessors are, and keep paths[v], the number of paths
    from the source to v found so far (paths[source] = 1, all others start at 0)."""

    class Config(GraphConfig):
        source: int
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: count paths in a DAG (topological order)", license="original", split="train",
                   tags=("graph", "topological sort", "dp"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        order = rng.sample(range(n), n)  # edges go forward in this hidden topological order
        edges: set[tuple[int, int]] = set()
        for i in range(n - 1):  # each node jumps 1 or 2 ahead, so the first node reaches the last
            edges.add((order[i], order[min(n - 1, i + rng.randint(1, 2))]))
        for _ in range(rng.randint(n // 2, n)):
            i = rng.randrange(n - 1)
            edges.add((order[i], order[rng.randint(i + 1, min(n - 1, i + 3))]))
        if rng.random() < 0.15:  # cut every edge into the target: no path at all
            edges = {e for e in edges if e[1] != order[-1]}
        pairs = [list(e) for e in sorted(edges)]
        rng.shuffle(pairs)
        return cls.Config(n=n, edges=pairs, source=order[0], target=order[-1])

    def setup(self) -> None:
        n = self.config.n
        self.succ: list[list[int]] = [[] for _ in range(n)]
        self.waiting = [0] * n
        for u, v in self.config.edges:
            self.succ[u].append(v)
            self.waiting[v] += 1
        self.paths = [0] * n
        self.paths[self.config.source] = 1
        self.processed: set[int] = set()

    def observe(self) -> str:
        c = self.config
        return (f"A DAG with {c.n} nodes is hidden; source {c.source}, target {c.target}. "
                f"Nodes processed: {len(self.processed)}.")

    def reference_answer(self) -> int:
        n = self.config.n
        indegree = [0] * n
        for _, v in self.config.edges:
            indegree[v] += 1
        paths = [0] * n
        paths[self.config.source] = 1
        ready = [u for u in range(n) if indegree[u] == 0]
        while ready:  # Kahn's order on fresh counts (the tools change self.paths)
            u = ready.pop()
            for v in self.succ[u]:
                paths[v] += paths[u]
                indegree[v] -= 1
                if indegree[v] == 0:
                    ready.append(v)
        return paths[self.config.target]

    def source_args(self) -> tuple[int, list[list[int]], int, int]:
        c = self.config
        return (c.n, [list(e) for e in c.edges], c.source, c.target)

    @tool
    def GetEndpoints(self) -> list[int]:
        """Return [source, target]."""
        return [self.config.source, self.config.target]

    @tool
    def GetUnprocessedPredecessors(self, node: int) -> int:
        """Return how many direct predecessors of a node are not processed yet.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return self.waiting[node]

    @tool
    def Process(self, node: int) -> list[int]:
        """Process a node whose predecessors are all processed: add paths[node] to paths[v] of every direct
        successor v. Returns the direct successors, by increasing number.

        Args:
            node: the node number.
        """
        self.check_node(node)
        if node in self.processed:
            raise ToolError(f"node {node} is already processed")
        if self.waiting[node]:
            raise ToolError(f"node {node} still has {self.waiting[node]} unprocessed predecessor(s)")
        self.processed.add(node)
        for v in self.succ[node]:
            self.paths[v] += self.paths[node]
            self.waiting[v] -= 1
        return sorted(self.succ[node])

    @tool
    def GetPaths(self, node: int) -> int:
        """Return paths[node], the number of source-to-node paths pushed into it so far.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return self.paths[node]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetNodeCount()
        source, target = env.GetEndpoints()
        ready = [u for u in range(n) if env.GetUnprocessedPredecessors(node=u) == 0]
        while ready:
            node = ready.pop()
            if node == target:  # every path into the target has been pushed
                break
            for v in env.Process(node=node):
                if env.GetUnprocessedPredecessors(node=v) == 0:
                    ready.append(v)
        env.Done(answer=env.GetPaths(node=target))
