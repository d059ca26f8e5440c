"""Cycle detection in a directed graph: depth-first search with white/grey/black node states behind tools."""

from __future__ import annotations

import random
from typing import Literal

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GraphConfig, GraphEnv

SIZES = {"easy": (5, 7), "medium": (8, 11), "hard": (12, 16)}
State = Literal["unvisited", "in_progress", "finished"]


def solve(n: int, edges: list[list[int]]) -> bool:
    """Independent reference: Kahn's algorithm; a cycle remains when some node never loses all in-edges."""
    indegree, succ = [0] * n, [[] for _ in range(n)]
    for u, v in edges:
        succ[u].append(v)
        indegree[v] += 1
    ready = [u for u in range(n) if indegree[u] == 0]
    removed = 0
    while ready:
        u = ready.pop()
        removed += 1
        for v in succ[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return removed < n


class DirectedCycleEnv(GraphEnv):
    """A hidden directed graph has nodes 0..n-1. Answer true if it contains a directed cycle (a path of one or
    more edges that returns to its start), else false. The answer is a boolean. Tools give each node's
    successors and keep a depth-first-search state per node: "unvisited", "in_progress" (on the current
    search path) or "finished"."""

    Config = GraphConfig

    answer_type = bool
    meta = EnvMeta(source="classic: detect a cycle in a directed graph", license="original", split="train",
                   tags=("graph", "dfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        order = rng.sample(range(n), n)  # a hidden topological order: forward edges never make a cycle
        edges: set[tuple[int, int]] = set()
        for _ in range(rng.randint(n, int(1.6 * n))):
            i, j = sorted(rng.sample(range(n), 2))
            edges.add((order[i], order[j]))
        if rng.random() < 0.5:  # one backward edge between nodes already joined by a forward path
            for _ in range(100):
                i, j = sorted(rng.sample(range(n), 2))
                if solve(n, [*map(list, edges), [order[j], order[i]]]):
                    edges.add((order[j], order[i]))
                    break
        pairs = [list(e) for e in sorted(edges)]
        rng.shuffle(pairs)
        return cls.Config(n=n, edges=pairs)

    def setup(self) -> None:
        self.succ: list[list[int]] = [[] for _ in range(self.config.n)]
        for u, v in self.config.edges:
            self.succ[u].append(v)
        self.state: dict[int, str] = {}

    def observe(self) -> str:
        done = sum(s == "finished" for s in self.state.values())
        return f"A directed graph with {self.config.n} nodes is hidden. Nodes finished: {done}."

    def reference_answer(self) -> bool:
        color = [0] * self.config.n
        for start in range(self.config.n):
            if color[start]:
                continue
            color[start] = 1
            stack = [(start, iter(self.succ[start]))]
            while stack:
                u, it = stack[-1]
                v = next(it, None)
                if v is None:
                    color[u] = 2
                    stack.pop()
                elif color[v] == 1:
                    return True
                elif color[v] == 0:
                    color[v] = 1
                    stack.append((v, iter(self.succ[v])))
        return False

    @tool
    def GetSuccessors(self, node: int) -> list[int]:
        """Return the nodes that a node has an edge to, by increasing number.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return sorted(self.succ[node])

    @tool
    def GetState(self, node: int) -> str:
        """Return the search state of a node: "unvisited", "in_progress" or "finished".

        Args:
            node: the node number.
        """
        self.check_node(node)
        return self.state.get(node, "unvisited")

    @tool
    def SetState(self, node: int, state: State) -> str:
        """Move a node forward in the search: "unvisited" -> "in_progress" -> "finished". Returns the new state.

        Args:
            node: the node number.
            state: "in_progress" when the search enters the node, "finished" when it leaves it.
        """
        self.check_node(node)
        before = self.state.get(node, "unvisited")
        allowed = {"unvisited": "in_progress", "in_progress": "finished"}.get(before)
        if state != allowed:
            raise ToolError(f"node {node} is {before}; it can only become {allowed or 'nothing else'}")
        self.state[node] = state
        return state

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetNodeCount()
        for start in range(n):
            if env.GetState(node=start) != "unvisited":
                continue
            env.SetState(node=start, state="in_progress")
            stack = [(start, env.GetSuccessors(node=start))]
            while stack:  # iterative depth-first search
                node, todo = stack[-1]
                if not todo:
                    env.SetState(node=node, state="finished")
                    stack.pop()
                    continue
                nxt = todo.pop(0)
                state = env.GetState(node=nxt)
                if state == "in_progress":  # an edge back onto the current path closes a cycle
                    env.Done(answer=True)
                    return
                if state == "unvisited":
                    env.SetState(node=nxt, state="in_progress")
                    stack.append((nxt, env.GetSuccessors(node=nxt)))
        env.Done(answer=False)
