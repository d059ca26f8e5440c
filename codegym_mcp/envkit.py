"""Reusable pieces for environments whose hidden data has a common shape.

`SequenceEnv` gives the two tools almost every such environment needs, `GetLength()` and
`GetElement(index)`, over the config field named by `sequence_field`, with a helpful range error.
`StringEnv` does the same for a hidden string (`GetLength()`, `GetChar(index)`; `StringLengthEnv`: length only).
`GridEnv` does the same for a hidden 2-D grid: `GetRows()`, `GetCols()` and a cell range check.
`ArrayEnv` words the sequence tools for an array of integers; `MidpointMixin` adds binary search's `Midpoint`.
`BatchEnv` hides a batch of inputs to a one-input problem (`IntBatchEnv`: integers, with count/input tools).
`TreeEnv` / `ValuedTreeEnv` hide a binary tree (`random_tree` makes one): root, child and value tools.
`DPTableMixin` and `WordPairTableEnv` hold a dynamic-programming table the agent fills through tools.
`GraphEnv` hides a graph given by n and an edge list (`GetNodeCount()`, a node range check).
`UnionFindMixin` keeps union-find groups over node ids behind `Find` and `Union`.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from pydantic import BaseModel

from .env import Environment, ToolError, tool

__all__ = [
    "ArrayEnv",
    "BatchEnv",
    "DPTableMixin",
    "GraphConfig",
    "GraphEnv",
    "GridEnv",
    "IntBatchEnv",
    "MidpointMixin",
    "SequenceEnv",
    "StringEnv",
    "StringLengthEnv",
    "TallyMixin",
    "TreeConfig",
    "TreeEnv",
    "UnionFindMixin",
    "ValuedTreeConfig",
    "ValuedTreeEnv",
    "WordPairConfig",
    "WordPairTableEnv",
    "random_tree",
]


class SequenceEnv(Environment):
    abstract = True
    sequence_field: ClassVar[str] = "nums"

    @property
    def sequence(self) -> Any:
        return getattr(self.config, self.sequence_field)

    def check_index(self, index: int) -> None:
        if not 0 <= index < len(self.sequence):
            raise ToolError(f"index {index} is out of range [0, {len(self.sequence)})")

    @tool
    def GetLength(self) -> int:
        """Return how many elements the hidden sequence holds."""
        return len(self.sequence)

    @tool
    def GetElement(self, index: int) -> Any:
        """Return the element at a position of the hidden sequence.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.sequence[index]


class ArrayEnv(SequenceEnv):
    """`SequenceEnv` worded for a hidden array of integers (the config field `nums` unless renamed)."""

    abstract = True

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.sequence)

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the array.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.sequence[index]


class MidpointMixin(Environment):
    """The `Midpoint(left, right)` tool binary searches share."""

    abstract = True

    @tool
    def Midpoint(self, left: int, right: int) -> int:
        """Return the middle index between two indices, rounded down.

        Args:
            left: the lower index.
            right: the upper index.
        """
        return (left + right) // 2


class StringLengthEnv(Environment):
    """A hidden string (the config field named by `string_field`): `GetLength()` and a position range check.

    The source solution takes the string as its one argument. Subclasses add their own character tools.
    """

    abstract = True
    string_field: ClassVar[str] = "string"

    @property
    def text(self) -> str:
        return str(getattr(self.config, self.string_field))

    def check_index(self, index: int) -> None:
        if not 0 <= index < len(self.text):
            raise ToolError(f"index {index} is out of range [0, {len(self.text)})")

    def source_args(self) -> tuple[Any, ...]:
        return (self.text,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden string."""
        return len(self.text)


class StringEnv(StringLengthEnv):
    """A `StringLengthEnv` with `GetChar(index)`."""

    abstract = True

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the hidden string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.text[index]


class GridEnv(Environment):
    abstract = True
    grid_field: ClassVar[str] = "grid"

    @property
    def grid(self) -> Any:
        return getattr(self.config, self.grid_field)

    def check_cell(self, row: int, col: int) -> None:
        rows, cols = len(self.grid), len(self.grid[0])
        if not (0 <= row < rows and 0 <= col < cols):
            raise ToolError(f"cell ({row}, {col}) is outside the grid: rows 0..{rows - 1}, cols 0..{cols - 1}")

    def source_args(self) -> tuple[list[list[Any]]]:
        return ([list(r) for r in self.grid],)

    @tool
    def GetRows(self) -> int:
        """Return the number of rows of the grid."""
        return len(self.grid)

    @tool
    def GetCols(self) -> int:
        """Return the number of columns of the grid."""
        return len(self.grid[0])


class TallyMixin(Environment):
    """A running integer total the agent keeps through tools."""

    abstract = True
    total: int = 0

    def reset(self, config: Any, seed: int | None = None) -> None:
        self.total = 0  # an instance may be reset for a new episode: the tally starts over
        super().reset(config, seed)

    @tool
    def AddToTotal(self, value: int) -> int:
        """Add a value to the running total; returns the new total.

        Args:
            value: the amount to add (may be negative).
        """
        self.total += value
        return self.total

    @tool
    def GetTotal(self) -> int:
        """Return the running total."""
        return self.total


class BatchEnv(Environment):
    """A hidden batch of inputs to a problem that takes one input (the config field named by `batch_field`).

    The source solution is called once per input and the answer is the list of its results; subclasses
    whose source call or answer differ override `source_calls` / `combine_source`.
    """

    abstract = True
    batch_field: ClassVar[str] = "ns"

    @property
    def batch(self) -> Any:
        return getattr(self.config, self.batch_field)

    def check_batch_index(self, index: int, name: str = "index") -> None:
        """A ToolError unless `index` is a position in the batch; `name` is the tool parameter's name."""
        if not 0 <= index < len(self.batch):
            raise ToolError(f"{name} {index} is out of range [0, {len(self.batch)})")

    def source_calls(self) -> list[tuple[Any, ...]] | None:
        return [(item,) for item in self.batch]

    def combine_source(self, results: list[Any]) -> Any:
        return list(results)


class IntBatchEnv(BatchEnv):
    """A `BatchEnv` of integers n with `GetCount()` and `GetInput(index)`."""

    abstract = True

    @tool
    def GetCount(self) -> int:
        """Return how many integers the batch holds."""
        return len(self.batch)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one integer n of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.batch[index]


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


class TreeConfig(BaseModel):
    """A binary tree on node ids 0..n-1: its root and each node's children (-1 = no child)."""

    root: int
    left: list[int]
    right: list[int]


class ValuedTreeConfig(TreeConfig):
    values: list[int]


class TreeEnv(Environment):
    """A hidden binary tree (a `TreeConfig`): `GetRoot()`, `GetLeft(node)`, `GetRight(node)` and a node range check."""

    abstract = True
    config: TreeConfig

    def check_node(self, node: int) -> None:
        n = len(self.config.left)
        if not 0 <= node < n:
            raise ToolError(f"node {node} does not exist: ids are 0..{n - 1} (-1 means no child)")

    def source_args(self) -> tuple[Any, ...]:
        return (self.config.root, list(self.config.left), list(self.config.right))

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
        self.check_node(node)
        return self.config.left[node]

    @tool
    def GetRight(self, node: int) -> int:
        """Return the id of a node's right child, or -1 if it has none.

        Args:
            node: a node id.
        """
        self.check_node(node)
        return self.config.right[node]


class ValuedTreeEnv(TreeEnv):
    """A `TreeEnv` with a value in every node (a `ValuedTreeConfig`): `GetValue(node)`; `read` holds the nodes read."""

    abstract = True
    config: ValuedTreeConfig

    def setup(self) -> None:
        self.read: set[int] = set()

    def source_args(self) -> tuple[Any, ...]:
        return (*super().source_args(), list(self.config.values))

    @tool
    def GetValue(self, node: int) -> int:
        """Return the value stored in a node.

        Args:
            node: a node id.
        """
        self.check_node(node)
        self.read.add(node)
        return self.config.values[node]


class DPTableMixin(Environment):
    """A dynamic-programming table the agent fills cell by cell through tools: `table` maps (row, col) to a value.

    A subclass words the two errors its tools share: `missing_message` (formatted with `cells`, the list of
    unrecorded cells a step needs) and `unrecorded_message` (formatted with `row` and `col`).
    """

    abstract = True
    missing_message: ClassVar[str] = "record cell(s) {cells} first"
    unrecorded_message: ClassVar[str] = "no value recorded for cell ({row}, {col}) yet"

    def setup(self) -> None:
        self.table: dict[tuple[int, int], int] = {}

    def recorded_values(self, cells: list[tuple[int, int]]) -> list[int]:
        """The recorded values of `cells`, which a DP step needs; a ToolError naming those not recorded yet."""
        missing = [cell for cell in cells if cell not in self.table]
        if missing:
            raise ToolError(self.missing_message.format(cells=missing))
        return [self.table[cell] for cell in cells]

    def recorded(self, row: int, col: int) -> int:
        if (row, col) not in self.table:
            raise ToolError(self.unrecorded_message.format(row=row, col=col))
        return self.table[row, col]


class WordPairConfig(BaseModel):
    a: str
    b: str


class WordPairTableEnv(Environment):
    """Two hidden words a and b (a `WordPairConfig`) and a DP table over their prefixes.

    Cell (i, j) pairs the first i letters of a with the first j letters of b; row 0 and column 0 are filled
    with `edge_value`. Tools: `GetLength(which)`, `GetLetter(which, index)`, `GetCell(i, j)`; a subclass adds
    the tool that fills an inner cell, using `check_inner` and `filled_neighbours`.
    """

    abstract = True
    config: WordPairConfig

    def edge_value(self, prefix_length: int) -> int:
        """The value of cells (k, 0) and (0, k): the answer when one of the prefixes is empty."""
        return 0

    def setup(self) -> None:
        a, b = self.config.a, self.config.b
        self.table: dict[tuple[int, int], int] = {(i, 0): self.edge_value(i) for i in range(len(a) + 1)}
        self.table.update({(0, j): self.edge_value(j) for j in range(len(b) + 1)})

    def observe(self) -> str:
        a, b = self.config.a, self.config.b
        inner = len(self.table) - len(a) - len(b) - 1
        return f"Words of {len(a)} and {len(b)} letters are hidden. {inner} of {len(a) * len(b)} inner DP cells filled."

    def source_args(self) -> tuple[str, str]:
        return (self.config.a, self.config.b)

    def word(self, which: str) -> str:
        if which not in ("a", "b"):
            raise ToolError(f'which must be "a" or "b", got {which!r}')
        return self.config.a if which == "a" else self.config.b

    def check_inner(self, i: int, j: int) -> None:
        if not (1 <= i <= len(self.config.a) and 1 <= j <= len(self.config.b)):
            raise ToolError(f"cell ({i}, {j}) is not an inner cell: need 1 <= i <= {len(self.config.a)}, "
                            f"1 <= j <= {len(self.config.b)}")

    def filled_neighbours(self, i: int, j: int) -> tuple[int, int, int]:
        """The values of cells (i-1, j), (i, j-1) and (i-1, j-1); a ToolError naming those not filled yet."""
        cells = ((i - 1, j), (i, j - 1), (i - 1, j - 1))
        missing = [c for c in cells if c not in self.table]
        if missing:
            raise ToolError(f"fill cell(s) {missing} first (go row by row, left to right)")
        up, left, diagonal = (self.table[c] for c in cells)
        return up, left, diagonal

    @tool
    def GetLength(self, which: str) -> int:
        """Return the length of a word.

        Args:
            which: "a" or "b".
        """
        return len(self.word(which))

    @tool
    def GetLetter(self, which: str, index: int) -> str:
        """Return one letter of a word.

        Args:
            which: "a" or "b".
            index: zero-based position, 0 <= index < length of that word.
        """
        word = self.word(which)
        if not 0 <= index < len(word):
            raise ToolError(f"index {index} is out of range [0, {len(word)}) for word {which}")
        return word[index]

    @tool
    def GetCell(self, i: int, j: int) -> int:
        """Return the value of a filled DP cell.

        Args:
            i: row, 0 <= i <= length of a.
            j: column, 0 <= j <= length of b.
        """
        if (i, j) not in self.table:
            raise ToolError(f"cell ({i}, {j}) is outside the table or not filled yet")
        return self.table[i, j]

class GraphConfig(BaseModel):
    """A graph on nodes 0..n-1 given as an edge list (each edge [u, v] or [u, v, weight])."""

    n: int
    edges: list[list[int]]


class GraphEnv(Environment):
    """A hidden graph (a `GraphConfig`): `GetNodeCount()` and a node range check."""

    abstract = True
    config: GraphConfig

    def check_node(self, node: int) -> None:
        if not 0 <= node < self.config.n:
            raise ToolError(f"node {node} does not exist: nodes are 0..{self.config.n - 1}")

    def source_args(self) -> tuple[Any, ...]:
        return (self.config.n, [list(e) for e in self.config.edges])

    @tool
    def GetNodeCount(self) -> int:
        """Return the number of nodes n."""
        return self.config.n



class UnionFindMixin(Environment):
    """Union-find groups over the node ids `union_find_nodes()`, with the `Find(node)` and `Union(a, b)` tools.

    A subclass names its node ids and checks one in `check_node` (with its own wording of the error).
    """

    abstract = True

    def union_find_nodes(self) -> range:
        raise NotImplementedError

    def check_node(self, node: int) -> None:
        raise NotImplementedError

    def setup(self) -> None:
        self.parent = list(range(self.union_find_nodes().stop))

    def root(self, node: int) -> int:
        while self.parent[node] != node:
            node = self.parent[node]
        return node

    def group_count(self) -> int:
        return sum(self.root(i) == i for i in self.union_find_nodes())

    @tool
    def Find(self, node: int) -> int:
        """Return the representative (root) of the union-find group holding a node.

        Args:
            node: the node number.
        """
        self.check_node(node)
        return self.root(node)

    @tool
    def Union(self, a: int, b: int) -> int:
        """Merge the groups of two nodes that are in different groups; returns the number of groups left.

        Args:
            a: a node number.
            b: a node number in another group.
        """
        self.check_node(a)
        self.check_node(b)
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            raise ToolError(f"nodes {a} and {b} are already in the same group")
        self.parent[ra] = rb
        return self.group_count()
