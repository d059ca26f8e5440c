"""`--transport memory`: the lean client over an in-process ASGI pool (no sockets) records the same trajectories as
the SDK's in-memory client, every end reason included; the pool itself answers, times out and fails as sockets do."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from agent_runners.harness import RunConfig, run_async
from agent_runners.mcp_http import AsgiPool
from agent_runners.plan import EpisodeSpec
from agent_runners.targets import MemoryTarget, make_target
from codegym_mcp.registry import Registry
from codegym_mcp.server import ServeOptions
from codegym_mcp.store import Store

from .harness_fakes import make_registry
from .test_mcp_http_client import trajectories

ROOT = Path(__file__).resolve().parent.parent
SLEEPY_TOOLS = '''
    @tool
    def Wait(self, seconds: float) -> str:
        """Sleep for a while.

        Args:
            seconds: how long.
        """
        import time

        time.sleep(seconds)
        return "awake"

    @tool
    def Spin(self, seconds: float) -> str:
        """Compute busily for a while (a runaway loop, bounded so a failing test still ends).

        Args:
            seconds: how long.
        """
        import time

        until = time.monotonic() + seconds
        while time.monotonic() < until:
            pass
        return "done spinning"

    @tool
    def Crash(self) -> int:
        """A tool with a bug in it."""
        return 1 // 0
'''


def sleepy_registry(tmp_path: Path) -> Registry:
    """make_registry's envs plus SleepyEnv: BinarySearchEnv with a tool that hangs and one that crashes (in-process)."""
    registry = make_registry(tmp_path)
    source = (ROOT / "environments" / "binary_search.py").read_text()
    header, body = "class BinarySearchEnv(Environment):\n", "    answer_type = int\n"
    assert header in source and source.count(body) == 1
    path = tmp_path / "sleepy.py"
    path.write_text(source.replace(header, "class SleepyEnv(Environment):\n").replace(body, body + SLEEPY_TOOLS))
    registry.add_file(path, trusted=True, task_file=ROOT / "environments" / "tasks" / "BinarySearchEnv.jsonl")
    return registry


def replay_file(tmp_path: Path, registry: Registry) -> Path:
    """Scripted calls: a hanging tool, a crashing one, bad arguments, an unknown tool, a wrong answer."""
    sleepy = [t.id for t in registry.get("SleepyEnv").tasks[:2]]
    search = [t.id for t in registry.get("BinarySearchEnv").tasks[:2]]
    rows = [
        {"env": "SleepyEnv", "task_id": sleepy[0], "calls": [{"name": "GetLength"}, {"name": "Wait", "arguments": {"seconds": 3}},
                                                            {"name": "GetLength"}]},
        {"env": "SleepyEnv", "task_id": sleepy[1], "calls": [{"name": "Crash"}, {"name": "GetLength"}]},
        {"env": "BinarySearchEnv", "task_id": search[0], "calls": [
            {"name": "GetElement", "arguments": {"index": "x"}}, {"name": "Nope", "arguments": {"why": "ünïcödé"}},
            {"name": "GetLength"}, {"name": "Done", "arguments": {"answer": -123456}}]},
        {"env": "BinarySearchEnv", "task_id": search[1], "calls": [{"name": "GetLength"}]},  # then stops talking
    ]
    path = tmp_path / "replay.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.mark.anyio
async def test_memory_runs_record_the_same_trajectories_with_either_client(tmp_path, monkeypatch):
    registry = sleepy_registry(tmp_path)
    replay = replay_file(tmp_path, registry)
    requests = {"count": 0}
    original = AsgiPool.request

    async def counted(self: AsgiPool, *args: Any, **kwargs: Any) -> Any:
        requests["count"] += 1
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(AsgiPool, "request", counted)
    plays = [("oracle", ["BinarySearchEnv", "MaxGapEnv"], 256), ("random:7", ["BinarySearchEnv", "MaxGapEnv"], 6),
             (f"replay:{replay}", ["BinarySearchEnv", "SleepyEnv"], 256)]
    runs = {}
    for client in ("sdk", "lean"):
        monkeypatch.setenv("CODEGYM_MCP_CLIENT", client)
        for agent, envs, max_steps in plays:
            store = Store(tmp_path / f"{client}-{agent.split(':')[0]}.db")
            cfg = RunConfig(agent=agent, envs=envs, tasks_per_env=2, transport="memory", oracle_steps=False,
                            max_steps=max_steps, concurrency=4, tool_timeout=0.5)
            with anyio.fail_after(90):
                result = await run_async(cfg, store, registry=registry)
            runs[client, agent] = trajectories(store, result.run_id)
            store.close()
        if client == "sdk":
            assert requests["count"] == 0
    assert requests["count"] > 0  # the lean runs went through the in-process pool
    for agent, _, _ in plays:
        assert runs["lean", agent] == runs["sdk", agent], agent
    # the runs covered what they claim
    assert all(e[0][2:5] == ("terminated", "done", 1.0) for e in runs["lean", "oracle"]) and len(runs["lean", "oracle"]) == 4
    random = runs["lean", "random:7"]
    assert any(e[0][3] == "step_limit" for e in random) and any(call[3] for e in random for call in e[2])
    ends = {(e[0][0], e[0][2], e[0][3]) for e in runs["lean", f"replay:{replay}"]}
    assert ("SleepyEnv", "errored", "env_error") in ends  # the hanging tool, and the crash
    assert ("BinarySearchEnv", "terminated", "done") in ends
    hung = next(e for e in runs["lean", f"replay:{replay}"] if any(c[0] == "Wait" for c in e[2]))
    assert "did not answer within 0.5s" in hung[0][7] or any("did not answer within 0.5s" in c[2] for c in hung[2])


@pytest.mark.anyio
async def test_an_entry_from_another_registry_is_served_the_sdk_way(tmp_path):
    registry, other = make_registry(tmp_path), make_registry(tmp_path)
    ours, theirs = registry.get("BinarySearchEnv"), other.get("BinarySearchEnv")
    assert ours is not theirs

    def spec(entry: Any) -> EpisodeSpec:
        return EpisodeSpec(env=entry.name, task_id=entry.tasks[0].id, split="train", difficulty=None, sample=0,
                           entry=entry, task=entry.tasks[0])

    target = make_target("memory", registry=registry, options=ServeOptions(), mcp_client="lean")
    assert isinstance(target, MemoryTarget)
    with anyio.fail_after(30):
        async with target:
            async with target.connect(spec(theirs)) as client:
                assert type(client).__name__ == "Client"
                assert not (await client.call_tool("GetLength", {})).is_error
            async with target.connect(spec(ours)) as client:
                assert type(client).__name__ == "CodegymHttpClient"
                assert not (await client.call_tool("GetLength", {})).is_error


async def echo_app(scope: Any, receive: Any, send: Any) -> None:
    """Lifespan events into `echo_app.events`; /echo answers the body; /hang never answers; /mute returns silently;
    /disconnect reports whether a second receive() says the client left only after the answer went out."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            echo_app.events.append(message["type"])  # type: ignore[attr-defined]
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    body = (await receive())["body"]
    if scope["path"] == "/hang":
        await anyio.sleep_forever()
    if scope["path"] == "/mute":
        return
    headers = [(b"content-type", b"text/plain"), (b"x-method", scope["method"].encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body[:2], "more_body": True})
    await send({"type": "http.response.body", "body": body[2:] + dict(scope["headers"])[b"authorization"]})
    if scope["path"] == "/disconnect":
        assert (await receive())["type"] == "http.disconnect"


@pytest.mark.anyio
async def test_the_asgi_pool_runs_the_lifespan_and_answers_like_a_socket():
    echo_app.events = []  # type: ignore[attr-defined]
    pool = AsgiPool(echo_app, {"Authorization": "Bearer t"}, read_timeout=0.5)
    with pytest.raises(httpx2.ConnectError):
        await pool.post("/echo", b"x", {})  # not started
    with anyio.fail_after(20):
        async with pool:
            assert echo_app.events == ["lifespan.startup"]  # type: ignore[attr-defined]
            answer = await pool.request("PUT", "/echo?q=1", b"hello", {"X-Any": "1"})
            assert (answer.status_code, answer.content, answer.headers["x-method"]) == (200, b"helloBearer t", "PUT")
            assert (await pool.post("/disconnect", b"ab", {})).content == b"abBearer t"
            with pytest.raises(httpx2.ReadTimeout):
                await pool.post("/hang", b"", {})
            with pytest.raises(httpx2.RemoteProtocolError):
                await pool.post("/mute", b"", {})
        assert echo_app.events == ["lifespan.startup", "lifespan.shutdown"]  # type: ignore[attr-defined]


@pytest.mark.anyio
async def test_a_failed_startup_is_an_error_at_enter():
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    with anyio.fail_after(10), pytest.raises(RuntimeError, match="no database"):
        async with AsgiPool(broken):
            pass


@pytest.mark.anyio
async def test_a_runaway_in_process_tool_is_stopped_at_the_timeout_and_the_run_goes_on(tmp_path):
    """Memory runs call in-process tools inline on the event loop (threads.InlineGuard): a busy loop in one is
    interrupted at tool_timeout; the episode ends errored and the others finish."""
    registry = sleepy_registry(tmp_path)
    sleepy = registry.get("SleepyEnv").tasks[0].id
    search = [t.id for t in registry.get("BinarySearchEnv").tasks[:2]]
    rows = [{"env": "SleepyEnv", "task_id": sleepy, "calls": [{"name": "GetLength"}, {"name": "Spin", "arguments": {"seconds": 20}},
                                                             {"name": "GetLength"}]}]
    rows += [{"env": "BinarySearchEnv", "task_id": t, "calls": [{"name": "GetLength"}, {"name": "Done", "arguments": {"answer": 0}}]}
             for t in search]
    replay = tmp_path / "spin.jsonl"
    replay.write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = Store(tmp_path / "spin.db")
    cfg = RunConfig(agent=f"replay:{replay}", envs=["SleepyEnv", "BinarySearchEnv"], tasks_per_env=2, transport="memory",
                    oracle_steps=False, concurrency=3, tool_timeout=0.5)
    start = time.monotonic()
    with anyio.fail_after(30):
        result = await run_async(cfg, store, registry=registry)
    assert time.monotonic() - start < 10  # not the 20 s the tool would spin
    ends = {(e["env"], e["task_id"]): e for e in store.episodes(result.run_id)}
    spun = ends["SleepyEnv", sleepy]
    assert (spun["status"], spun["end_reason"], spun["steps"]) == ("errored", "env_error", 2)
    assert "exceeded 0.5s" in spun["error"]
    assert all(ends["BinarySearchEnv", t]["status"] == "terminated" for t in search)
