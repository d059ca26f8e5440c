"""The oracle agent rehearses on a private episode, then plays its calls over MCP: the trajectory is the one
forwarding each call would record, an oracle that raises is replayed up to its failure, and a server that
answers differently from the rehearsal (a non-deterministic env) ends the episode as the agent's failure."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from agent_runners.harness import RunConfig, run_async
from codegym_mcp.registry import Registry
from codegym_mcp.store import Store

from .conftest import oracle_calls

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "environments" / "binary_search.py").read_text()
TASKS = ROOT / "environments" / "tasks" / "BinarySearchEnv.jsonl"
HEADER = "class BinarySearchEnv(Environment):\n"
ORACLE_START = "        env.Observe()\n        n = env.GetLength()\n"


def variant(tmp_path: Path, name: str, oracle_start: str = ORACLE_START, extra: str = "",
            replace: tuple[str, str] = ("", "")) -> Registry:
    """BinarySearchEnv renamed, with code before the class, another oracle start and one more replacement."""
    assert HEADER in SOURCE and SOURCE.count(ORACLE_START) == 1 and SOURCE.count(replace[0]) >= 1
    path = tmp_path / f"{name.lower()}.py"
    source = SOURCE.replace(HEADER, f"{extra}class {name}(Environment):\n").replace(ORACLE_START, oracle_start)
    path.write_text(source.replace(*replace) if replace[0] else source)
    registry = Registry()
    registry.add_file(ROOT / "environments" / "binary_search.py", trusted=True)
    registry.add_file(path, trusted=True, task_file=TASKS)
    return registry


async def play(registry: Registry, env: str, tasks: int = 2) -> tuple[Store, list[dict]]:
    store = Store()
    cfg = RunConfig(agent="oracle", envs=[env], tasks_per_env=tasks, transport="memory", oracle_steps=False)
    with anyio.fail_after(60):
        result = await run_async(cfg, store, registry=registry)
    return store, store.episodes(result.run_id)


@pytest.mark.anyio
async def test_the_oracle_plays_over_mcp_exactly_the_calls_it_rehearsed(tmp_path):
    registry = variant(tmp_path, "PlainSearchEnv")
    store, rows = await play(registry, "BinarySearchEnv", tasks=3)
    assert [r["status"] for r in rows] == ["terminated"] * 3 and all(r["reward"] == 1 for r in rows)
    entry = registry.get("BinarySearchEnv")
    for row in rows:
        task = next(t for t in entry.tasks if t.id == row["task_id"])
        played = [(c["name"], json.loads(c["arguments"])) for c in store.tool_calls(row["id"])]
        assert played == oracle_calls(entry, task) and row["steps"] == len(played) > 3


@pytest.mark.anyio
async def test_an_oracle_that_raises_is_replayed_up_to_its_failure(tmp_path):
    start = "        env.Observe()\n        n = env.GetLength()\n        raise RuntimeError('oracle bug')\n"
    _, rows = await play(variant(tmp_path, "BrokenOracleEnv", start), "BrokenOracleEnv")
    assert {(r["status"], r["end_reason"], r["steps"]) for r in rows} == {("errored", "agent_error", 2)}
    assert all("the oracle raised RuntimeError: oracle bug" in r["error"] for r in rows)


@pytest.mark.anyio
async def test_a_server_answering_unlike_the_rehearsal_is_reported(tmp_path):
    # GetLength counts calls process-wide: the served episode's answer is not the rehearsal's.
    counter = "import itertools\n\n_TICKS = itertools.count()\n\n\n"
    registry = variant(tmp_path, "FlakyEnv", extra=counter,
                       replace=("        return len(self.nums)\n", "        return len(self.nums) + next(_TICKS)\n"))
    _, rows = await play(registry, "FlakyEnv", tasks=1)
    [row] = rows
    assert (row["status"], row["end_reason"], row["steps"]) == ("errored", "agent_error", 2)
    assert "answered GetLength differently from the oracle's rehearsal" in row["error"] and "not deterministic" in row["error"]
