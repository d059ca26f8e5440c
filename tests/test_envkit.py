"""The shared environment bases in codegym_mcp.envkit: tree, DP-table and word-pair behaviour of their own."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import BaseModel

from codegym_mcp.env import ToolError
from codegym_mcp.envkit import (
    BatchEnv,
    DPTableMixin,
    GraphConfig,
    GraphEnv,
    GridEnv,
    IntBatchEnv,
    StringEnv,
    TreeConfig,
    TreeEnv,
    UnionFindMixin,
    ValuedTreeConfig,
    ValuedTreeEnv,
    WordPairConfig,
    WordPairTableEnv,
    random_tree,
)

# root 1; 1 -> (0, 2); 2 -> (-, 3)
TREE = {"root": 1, "left": [-1, 0, -1, -1], "right": [-1, 2, 3, -1]}


class _Tree(TreeEnv):
    """A test tree."""

    Config = TreeConfig

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _ValuedTree(ValuedTreeEnv):
    """A test tree with values."""

    Config = ValuedTreeConfig

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _Table(DPTableMixin, GridEnv):
    """A test DP table over a grid."""

    class Config(BaseModel):
        grid: list[list[int]]

    missing_message = "record the ways of cell(s) {cells} with SetWays first"

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _Words(WordPairTableEnv):
    """A test word-pair table whose edges count letters."""

    Config = WordPairConfig

    def edge_value(self, prefix_length: int) -> int:
        return prefix_length

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _Groups(UnionFindMixin):
    """Test union-find over nodes 1..n."""

    class Config(BaseModel):
        n: int

    def union_find_nodes(self) -> range:
        return range(1, self.config.n + 1)

    def check_node(self, node: int) -> None:
        if node not in self.union_find_nodes():
            raise ToolError(f"no node {node}")

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _Squares(IntBatchEnv):
    """Test batch: square every n."""

    class Config(BaseModel):
        ns: list[int]

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=[])


class _Words2(BatchEnv):
    """Test batch of words in a field of another name."""

    class Config(BaseModel):
        words: list[str]

    batch_field = "words"

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=[])


class _Graph(GraphEnv):
    """Test graph."""

    Config = GraphConfig

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


class _Text(StringEnv):
    """Test string in a field of another name."""

    class Config(BaseModel):
        s: str

    string_field = "s"

    @staticmethod
    def oracle(env: Any) -> None:
        env.Done(answer=0)


def _make(cls: type, config: dict[str, Any]) -> Any:
    env = cls()
    env.reset(config)
    return env


def test_random_tree_is_one_binary_tree_over_all_ids_and_repeats_for_a_seed() -> None:
    for n in (1, 2, 7, 30):
        root, left, right = random_tree(random.Random(n), n)
        children = [c for c in left + right if c >= 0]
        assert sorted(children + [root]) == list(range(n))  # every node but the root has exactly one parent
        seen, stack = set(), [root]
        while stack:
            u = stack.pop()
            seen.add(u)
            stack += [c for c in (left[u], right[u]) if c >= 0]
        assert seen == set(range(n))
        assert random_tree(random.Random(n), n) == (root, left, right)


def test_tree_tools_and_node_range_errors() -> None:
    env = _make(_Tree, TREE)
    assert [t.name for t in _Tree.tool_infos()] == ["Observe", "Done", "GetRoot", "GetLeft", "GetRight"]
    assert env.call_tool("GetRoot", {}) == 1
    assert env.call_tool("GetLeft", {"node": 1}) == 0
    assert env.call_tool("GetRight", {"node": 2}) == 3
    assert env.call_tool("GetLeft", {"node": 3}) == -1
    for bad in (-1, 4):
        with pytest.raises(ToolError, match=rf"node {bad} does not exist: ids are 0\.\.3 \(-1 means no child\)"):
            env.call_tool("GetRight", {"node": bad})
    assert env.source_args() == (1, TREE["left"], TREE["right"])


def test_valued_tree_counts_reads_afresh_each_episode() -> None:
    env = _make(_ValuedTree, {**TREE, "values": [5, 6, 7, 8]})
    assert env.call_tool("GetValue", {"node": 2}) == 7
    env.call_tool("GetValue", {"node": 2})
    env.call_tool("GetValue", {"node": 0})
    assert env.read == {0, 2}
    with pytest.raises(ToolError, match="node 9 does not exist"):
        env.call_tool("GetValue", {"node": 9})
    assert env.source_args() == (1, TREE["left"], TREE["right"], [5, 6, 7, 8])
    env.reset({**TREE, "values": [1, 1, 1, 1]})
    assert env.read == set()


def test_dp_table_names_missing_and_unrecorded_cells() -> None:
    env = _make(_Table, {"grid": [[0, 0], [0, 0]]})
    env.table[0, 0] = 4
    with pytest.raises(ToolError, match=r"record the ways of cell\(s\) \[\(0, 1\), \(1, 0\)\] with SetWays first"):
        env.recorded_values([(0, 0), (0, 1), (1, 0)])
    assert env.recorded_values([(0, 0)]) == [4]
    assert env.recorded(0, 0) == 4
    with pytest.raises(ToolError, match=r"no value recorded for cell \(1, 1\) yet"):  # the default wording
        env.recorded(1, 1)
    env.reset({"grid": [[0]]})
    assert env.table == {}


def test_word_pair_table_edges_letters_and_fill_order() -> None:
    env = _make(_Words, {"a": "ab", "b": "xyz"})
    assert env.call_tool("GetCell", {"i": 2, "j": 0}) == 2 and env.call_tool("GetCell", {"i": 0, "j": 3}) == 3
    assert env.observe() == "Words of 2 and 3 letters are hidden. 0 of 6 inner DP cells filled."
    assert env.call_tool("GetLength", {"which": "b"}) == 3
    assert env.call_tool("GetLetter", {"which": "a", "index": 1}) == "b"
    with pytest.raises(ToolError, match=r"index 2 is out of range \[0, 2\) for word a"):
        env.call_tool("GetLetter", {"which": "a", "index": 2})
    with pytest.raises(ToolError, match=r"which must be \"a\" or \"b\", got 'c'"):
        env.call_tool("GetLength", {"which": "c"})
    with pytest.raises(ToolError, match=r"cell \(0, 1\) is not an inner cell: need 1 <= i <= 2, 1 <= j <= 3"):
        env.check_inner(0, 1)
    assert env.filled_neighbours(1, 1) == (1, 1, 0)  # up (0, 1), left (1, 0), diagonal (0, 0)
    with pytest.raises(ToolError, match=r"fill cell\(s\) \[\(1, 2\), \(2, 1\), \(1, 1\)\] first"):
        env.filled_neighbours(2, 2)
    with pytest.raises(ToolError, match=r"cell \(2, 2\) is outside the table or not filled yet"):
        env.call_tool("GetCell", {"i": 2, "j": 2})


def test_union_find_merges_groups_and_refuses_a_second_merge() -> None:
    env = _make(_Groups, {"n": 4})
    assert env.group_count() == 4
    assert env.call_tool("Union", {"a": 1, "b": 2}) == 3
    assert env.call_tool("Union", {"a": 3, "b": 4}) == 2
    assert env.call_tool("Find", {"node": 1}) == env.call_tool("Find", {"node": 2})
    assert env.call_tool("Find", {"node": 1}) != env.call_tool("Find", {"node": 3})
    with pytest.raises(ToolError, match="nodes 2 and 1 are already in the same group"):
        env.call_tool("Union", {"a": 2, "b": 1})
    assert env.call_tool("Union", {"a": 2, "b": 4}) == 1
    with pytest.raises(ToolError, match="no node 0"):  # the subclass's own node check
        env.call_tool("Find", {"node": 0})
    env.reset({"n": 2})
    assert env.group_count() == 2


def test_batch_calls_the_source_once_per_input_and_checks_positions() -> None:
    env = _make(_Squares, {"ns": [3, 5]})
    assert env.source_calls() == [(3,), (5,)]
    assert env.combine_source((9, 25)) == [9, 25]
    assert env.call_tool("GetCount", {}) == 2 and env.call_tool("GetInput", {"index": 1}) == 5
    with pytest.raises(ToolError, match=r"index 2 is out of range \[0, 2\)"):
        env.call_tool("GetInput", {"index": 2})
    words = _make(_Words2, {"words": ["a", "bc", "d"]})
    assert words.source_calls() == [("a",), ("bc",), ("d",)]
    with pytest.raises(ToolError, match=r"index -1 is out of range \[0, 3\)"):
        words.check_batch_index(-1)


def test_graph_counts_nodes_checks_ids_and_passes_n_and_edges_to_the_source() -> None:
    env = _make(_Graph, {"n": 3, "edges": [[0, 1], [1, 2]]})
    assert env.call_tool("GetNodeCount", {}) == 3
    env.check_node(2)
    with pytest.raises(ToolError, match=r"node 3 does not exist: nodes are 0\.\.2"):
        env.check_node(3)
    assert env.source_args() == (3, [[0, 1], [1, 2]])


def test_string_reads_the_named_field_and_checks_positions() -> None:
    env = _make(_Text, {"s": "abc"})
    assert env.call_tool("GetLength", {}) == 3 and env.call_tool("GetChar", {"index": 2}) == "c"
    with pytest.raises(ToolError, match=r"index 3 is out of range \[0, 3\)"):
        env.call_tool("GetChar", {"index": 3})
    assert env.source_args() == ("abc",)
