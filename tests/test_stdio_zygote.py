"""stdio episodes forked from a warm zygote behave like freshly spawned `codegym-mcp serve` processes, and
`serve ENV` imports only ENV's file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest
from mcp.shared.exceptions import MCPError

from agent_runners.harness import RunConfig, run_async
from agent_runners.plan import EpisodeSpec
from agent_runners.targets import StdioTarget
from codegym_mcp import stdio_zygote
from codegym_mcp.registry import default_registry
from codegym_mcp.server import ServeOptions
from codegym_mcp.store import Store

ENVS = ["BinarySearchEnv", "CoinChangeEnv", "CandyEnv"]  # train split: a run plays only those


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _dies_soon(pid: int, within: float = 10.0) -> bool:
    """Whether the process is gone within `within` seconds (a SIGKILL is delivered, not waited for)."""
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pid)


def _serve_child(target: StdioTarget) -> int:
    """The pid of the one `serve` process of the target's open episode."""
    if target._zygote is not None:
        [pid] = _children(target._zygote.pid)
        return pid
    # Other tests' `serve` children may still be exiting: the newest one is this episode's.
    serving = [p for p in _children(os.getpid()) if b"serve" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert serving, "no serve process"
    return max(serving, key=lambda p: int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[19]))


def _spec(name: str = "BinarySearchEnv") -> EpisodeSpec:
    entry = default_registry().get(name)
    task = entry.tasks[0]
    return EpisodeSpec(entry.name, task.id, task.split, task.difficulty, 0, entry, task)


@pytest.fixture
def spawns(monkeypatch):
    """Counts episodes forked from the zygote."""
    count = {"n": 0}
    real = stdio_zygote.StdioZygote.spawn

    def spawn(self, *args):
        count["n"] += 1
        return real(self, *args)

    monkeypatch.setattr(stdio_zygote.StdioZygote, "spawn", spawn)
    return count


def _trajectories(store: Store, run_id: str) -> dict:
    out = {}
    for ep in store.episodes(run_id):
        calls = [(c["name"], c["arguments"], c["result"], c["is_error"]) for c in store.tool_calls(ep["id"])]
        out[(ep["env"], ep["task_id"])] = (ep["status"], ep["end_reason"], ep["reward"], ep["steps"], calls)
    return out


@pytest.mark.anyio
async def test_warm_and_cold_stdio_episodes_record_the_same_trajectories(monkeypatch, spawns):
    store = Store()
    runs = {}
    for warm in ("1", "0"):
        monkeypatch.setenv("CODEGYM_STDIO_ZYGOTE", warm)
        cfg = RunConfig(agent="oracle", envs=ENVS, tasks_per_env=2, transport="stdio", concurrency=3, retry_base=0.001)
        with anyio.fail_after(240):
            runs[warm] = (await run_async(cfg, store, registry=default_registry())).run_id
        if warm == "1":
            assert spawns["n"] == 6, "every warm episode was forked from the zygote"
    warm, cold = _trajectories(store, runs["1"]), _trajectories(store, runs["0"])
    assert len(warm) == 6 and warm == cold
    assert all(status == "terminated" and reward == 1.0 for status, _, reward, _, _ in warm.values())
    assert spawns["n"] == 6, "the cold run spawned fresh interpreters"


@pytest.mark.anyio
@pytest.mark.parametrize("warm", [True, False])
async def test_a_serve_process_killed_mid_episode_ends_it_the_same_way(warm):
    target = StdioTarget(ServeOptions(), warm=warm)
    with anyio.fail_after(120):
        async with target:
            assert (target._zygote is not None) == warm
            async with target.connect(_spec()) as client:
                tools = await client.list_tools()
                assert "Done" in [t.name for t in tools.tools]
                pid = _serve_child(target)
                os.kill(pid, signal.SIGKILL)
                with pytest.raises(MCPError, match="Connection closed"):
                    await client.call_tool("Observe", {})
            assert not _alive(pid)


@pytest.mark.anyio
async def test_a_hung_serve_process_is_killed_when_the_episode_ends():
    target = StdioTarget(ServeOptions(), warm=True)
    with anyio.fail_after(120):
        async with target:
            async with target.connect(_spec()) as client:
                await client.call_tool("Observe", {})
                pid = _serve_child(target)
                os.kill(pid, signal.SIGSTOP)  # deaf to its stdin closing
                started = time.monotonic()
            assert time.monotonic() - started < 10 and _dies_soon(pid, 2)


@pytest.mark.anyio
async def test_the_zygote_and_its_children_are_gone_after_the_target_exits():
    target = StdioTarget(ServeOptions(), warm=True)
    with anyio.fail_after(120):
        await target.__aenter__()
        zygote = target._zygote.pid
        async with target.connect(_spec()) as client:
            await client.call_tool("Observe", {})
            child = _serve_child(target)
            async with target.connect(_spec("AddBinaryEnv")):  # two episodes still open when the target exits
                assert len(_children(zygote)) == 2
                await target.__aexit__(None, None, None)
    for pid in (zygote, child):
        assert _dies_soon(pid), f"process {pid} outlived the target"
    assert not [p for p in _children(os.getpid()) if b"stdio_zygote" in Path(f"/proc/{p}/cmdline").read_bytes()]


@pytest.mark.anyio
async def test_a_dead_zygote_falls_back_to_fresh_interpreters(spawns):
    target = StdioTarget(ServeOptions(), warm=True)
    with anyio.fail_after(120):
        async with target:
            zygote = target._zygote
            os.kill(zygote.pid, signal.SIGKILL)
            while zygote.alive:
                await anyio.sleep(0.01)
            async with target.connect(_spec()) as client:
                result = await client.call_tool("Observe", {})
                assert not result.is_error and _serve_child(target)
            assert target._zygote is None and spawns["n"] == 0


_SERVE_AND_LIST_MODULES = """
import json, sys
from codegym_mcp import cli, server
async def report(live):
    print(json.dumps(sorted(m for m in sys.modules if m.startswith("codegym_envs."))))
server.serve_stdio = report
cli.main(["serve", sys.argv[1], "--task", "train-000"])
"""


@pytest.mark.parametrize("name", ["BinarySearchEnv", "coinchange"])
def test_serve_imports_only_the_env_it_serves(name):
    out = subprocess.run([sys.executable, "-c", _SERVE_AND_LIST_MODULES, name], capture_output=True, text=True, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    [module] = json.loads(out.stdout.strip().splitlines()[-1])
    assert module.startswith("codegym_envs." + ("binary_search_" if name == "BinarySearchEnv" else "coin_change_"))
