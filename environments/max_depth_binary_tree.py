"""Maximum depth of a hidden binary tree, explored node by node with child-lookup tools."""

from __future__ import annotations

import random

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TreeConfig, TreeEnv, random_tree

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 32)}


def solve(root: int, left: list[int], right: list[int]) -> int:
    """Independent reference: breadth-first search, counting levels."""
    level, depth = [root], 0
    while level:
        depth += 1
        level = [c for u in level for c in (left[u], right[u]) if c >= 0]
    return depth


class MaxDepthBinaryTreeEnv(TreeEnv):
    """A binary tree is hidden; its nodes have ids 0..n-1 in no particular order. Find its maximum depth: the
    number of nodes on the longest path from the root down to a leaf (a tree with one node has depth 1).
    The answer is an integer. Tools give the root, each node's children, whether a node is a leaf, and keep
    the largest leaf depth you have recorded."""

    Config = TreeConfig

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

    @tool
    def IsLeaf(self, node: int) -> bool:
        """Return whether a node has no children.

        Args:
            node: a node id.
        """
        self.check_node(node)
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
