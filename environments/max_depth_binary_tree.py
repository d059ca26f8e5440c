"""Maximum depth of a hidden binary tree, explored node by node with child-lookup tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 32)}


def random_tree(rng: random.Random, n: int) -> tuple[int, list[int], list[int]]:
    """A random binary tree shape on nodes 0..n-1 (randomly labelled): (root, left, right), -1 = no child."""
    left, right = [-1] * n, [-1] * n
    slots = [(0, 0), (0, 1)]  # free child slots (parent, side)
    for new in range(1, n):
        k = rng.randrange(max(0, len(slots) - 4), len(slots)) if rng.random() < 0.5 else rng.randrange(len(slots))
        parent, side = slots.pop(k)
        (right if side else left)[parent] = new
        slots += [(new, 0), (new, 1)]
    label = rng.sample(range(n), n)
    new_left, new_right = [-1] * n, [-1] * n
    for i in range(n):
        new_left[label[i]] = label[left[i]] if left[i] >= 0 else -1
        new_right[label[i]] = label[right[i]] if right[i] >= 0 else -1
    return label[0], new_left, new_right


def solve(root: int, left: list[int], right: list[int]) -> int:
    """Independent reference: breadth-first search, counting levels."""
    level, depth = [root], 0
    while level:
        depth += 1
        level = [c for u in level for c in (left[u], right[u]) if c >= 0]
    return depth


class MaxDepthBinaryTreeEnv(Environment):
    """A binary tree is hidden; its nodes have ids 0..n-1 in no particular order. Find its maximum depth: the
    number of nodes on the longest path from the root down to a leaf (a tree with one node has depth 1).
    The answer is an integer. Tools give the root, each node's children, whether a node is a leaf, and keep
    the largest leaf depth you have recorded."""

    class Config(BaseModel):
        root: int
        left: list[int]
        right: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: maximum depth of binary tree (LeetCode 104)", license="original",
                   split="train", tags=("tree", "dfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        root, left, right = random_tree(rng, rng.randint(*SIZES[difficulty]))
        return cls.Config(root=root, left=left, right=right)

    def setup(self) -> None:
        self.deepest = 0

    def observe(self) -> str:
        return f"A binary tree with {len(self.config.left)} nodes is hidden. Deepest leaf recorded: {self.deepest}."

    def reference_answer(self) -> int:
        def depth(u: int) -> int:
            return 0 if u < 0 else 1 + max(depth(self.config.left[u]), depth(self.config.right[u]))

        return depth(self.config.root)

    def source_args(self) -> tuple[int, list[int], list[int]]:
        return (self.config.root, list(self.config.left), list(self.config.right))

    def _node(self, node: int) -> None:
        n = len(self.config.left)
        if not 0 <= node < n:
            raise ToolError(f"node {node} does not exist: ids are 0..{n - 1} (-1 means no child)")

    @tool
    def GetRoot(self) -> int:
        """Return the id of the root node."""
        return self.config.root

    @tool
    def GetLeft(self, node: int) -> int:
        """Return the id of a node's left child, or -1 if it has none.

        Args:
            node: a node id.
        """
        self._node(node)
        return self.config.left[node]

    @tool
    def GetRight(self, node: int) -> int:
        """Return the id of a node's right child, or -1 if it has none.

        Args:
            node: a node id.
        """
        self._node(node)
        return self.config.right[node]

    @tool
    def IsLeaf(self, node: int) -> bool:
        """Return whether a node has no children.

        Args:
            node: a node id.
        """
        self._node(node)
        return self.config.left[node] < 0 and self.config.right[node] < 0

    @tool
    def RecordLeafDepth(self, depth: int) -> int:
        """Record the depth of a leaf you reached; returns the largest depth recorded so far.

        Args:
            depth: the number of nodes on the path from the root to the leaf (the root has depth 1).
        """
        if depth < 1:
            raise ToolError("a depth is at least 1")
        self.deepest = max(self.deepest, depth)
        return self.deepest

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        stack, deepest = [(env.GetRoot(), 1)], 0
        while stack:  # depth-first, carrying each node's depth
            node, depth = stack.pop()
            if env.IsLeaf(node=node):
                deepest = env.RecordLeafDepth(depth=depth)
                continue
            for child in (env.GetLeft(node=node), env.GetRight(node=node)):
                if child >= 0:
                    stack.append((child, depth + 1))
        env.Done(answer=deepest)
