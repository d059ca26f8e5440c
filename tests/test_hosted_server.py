"""The harness's hosted HTTP server in a child process (`codegym_mcp.serve_child`): it serves, it never outlives
the run or its parent, and a child that cannot start says why."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import anyio
import pytest

from agent_runners.plan import plan_episodes
from agent_runners.targets import HostedHttpTarget, TargetError, make_target
from codegym_mcp.registry import Registry, default_registry, shipped_env_dir
from codegym_mcp.serve_child import ServerStartError, options_from_json, options_to_json, spawn_server
from codegym_mcp.server import ServeOptions

ROOT = Path(__file__).resolve().parent.parent


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody reaps (this machine's init may not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return _gone(pid)


@pytest.mark.timeout(60)
def test_the_child_serves_an_episode_and_is_gone_after_the_run():
    spec = plan_episodes(default_registry(), split="train", envs=["BinarySearchEnv"], tasks_per_env=1, samples=1)[0][0]

    async def main() -> int:
        target = make_target("http", concurrency=5000)
        assert isinstance(target, HostedHttpTarget)
        async with target:
            assert target.server_mode == "process"
            pid = target.server_pid
            assert pid is not None and pid != os.getpid() and not _gone(pid)
            assert os.getpgid(pid) != os.getpgid(0)  # a Ctrl-C at the terminal is the harness's to handle
            async with target.connect(spec) as client:
                tools = await client.list_tools()
                assert "Observe" in [t.name for t in tools.tools]
                result = await client.call_tool("Observe", {})
                assert not result.is_error
        return pid

    pid = anyio.run(main)
    assert _wait_gone(pid, 10)  # told to stop as the run ends; reaped in the background


@pytest.mark.timeout(60)
def test_a_server_that_died_mid_run_is_named_in_the_error():
    spec = plan_episodes(default_registry(), split="train", envs=["BinarySearchEnv"], tasks_per_env=1, samples=1)[0][0]

    async def main() -> None:
        async with make_target("http") as target:
            assert isinstance(target, HostedHttpTarget) and target.server_pid is not None
            os.kill(target.server_pid, signal.SIGKILL)
            assert _wait_gone(target.server_pid, 10)
            with pytest.raises(TargetError, match="the hosted HTTP server process exited with code -9"):
                async with target.connect(spec):
                    pass

    anyio.run(main)


PARENT = textwrap.dedent("""
    import anyio, sys, time
    from agent_runners.targets import make_target

    async def main():
        async with make_target("http") as target:
            print(target.server_pid, flush=True)
            await anyio.sleep(60)

    anyio.run(main)
""")


@pytest.mark.timeout(60)
def test_the_child_dies_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert not _gone(pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _wait_gone(pid, 10), f"server process {pid} outlived its killed parent"
    finally:
        parent.kill()
        parent.wait()


@pytest.mark.timeout(60)
def test_a_child_that_cannot_start_says_why_as_a_target_error():
    target = HostedHttpTarget(options=ServeOptions(log_db="/proc/no/such/dir/log.db"))

    async def main() -> None:
        async with target:
            pass

    with pytest.raises(TargetError, match="(?s)did not start: the server process exited with code 1 before serving; it "
                                         "said:.*FileNotFoundError.*/proc/no"):
        anyio.run(main)


@pytest.mark.timeout(30)
def test_bad_options_reach_the_error_message(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        process = spawn_server(sock, ServeOptions(), extra_args=["--options", json.dumps({"max_conections": 5})])
        with pytest.raises(ServerStartError, match=r"(?s)exited with code 2 .*unknown server options: max_conections"):
            process.wait_ready(30)


@pytest.mark.timeout(30)
def test_a_child_that_never_gets_ready_is_killed_at_the_deadline(tmp_path):
    import socket

    silent = tmp_path / "silent-python"
    silent.write_text("#!/bin/sh\necho starting up >&2\nexec sleep 30\n")
    silent.chmod(0o755)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        process = spawn_server(sock, ServeOptions(), python=str(silent))
        start = time.monotonic()
        with pytest.raises(ServerStartError, match="(?s)did not get ready within 1 s.*starting up"):
            process.wait_ready(1)
        assert time.monotonic() - start < 10
        assert not process.alive


def test_options_cross_as_json_and_unknown_ones_are_refused():
    options = ServeOptions(tool_timeout=3.5, episode_ttl=60.0, max_episodes=7, sandbox=True, request_timeout=2.0,
                           max_connections=9000, reveal_answer=False)
    assert options_from_json(options_to_json(options)) == options
    with pytest.raises(ValueError, match="unknown server options: bogus"):
        options_from_json('{"bogus": 1}')
    with pytest.raises(ValueError, match="must be a JSON object"):
        options_from_json("[1]")


@pytest.mark.timeout(60)
def test_thread_mode_for_a_registry_a_child_cannot_rebuild_and_on_request(monkeypatch):
    async def mode(target: HostedHttpTarget) -> str:
        async with target:
            assert target.server_pid is None
            return target.server_mode

    assert anyio.run(mode, HostedHttpTarget(registry=Registry([shipped_env_dir()]))) == "thread"
    monkeypatch.setenv("CODEGYM_HOSTED_SERVER", "thread")
    assert anyio.run(mode, HostedHttpTarget()) == "thread"
    monkeypatch.setenv("CODEGYM_HOSTED_SERVER", "fork")
    with pytest.raises(ValueError, match="CODEGYM_HOSTED_SERVER must be one of"):
        anyio.run(mode, HostedHttpTarget())


def test_the_open_file_limit_is_raised_to_the_hard_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= 256:
        pytest.skip(f"hard limit {hard} leaves nothing to raise")
    code = ("import resource as r; h = r.getrlimit(r.RLIMIT_NOFILE)[1]; r.setrlimit(r.RLIMIT_NOFILE, (256, h)); "
            "from codegym_mcp.serve_child import raise_open_file_limit as f; n = f(); "
            "print(n, r.getrlimit(r.RLIMIT_NOFILE)[0], h)")
    new, now, hard_seen = map(int, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True, timeout=30).stdout.split())
    assert new == now > 256
    assert hard_seen == resource.RLIM_INFINITY or now == hard_seen


@pytest.mark.skipif(os.name != "posix", reason="the child needs a passed socket")
def test_a_small_narrow_run_hosts_its_server_in_a_thread(monkeypatch):
    from agent_runners.targets import _hosted_server_mode

    monkeypatch.delenv("CODEGYM_HOSTED_SERVER", raising=False)
    assert _hosted_server_mode(8, 80) == "thread"  # a process start would cost more than its core saves
    assert _hosted_server_mode(8, 1000) == "process" and _hosted_server_mode(128, 10) == "process"
    assert _hosted_server_mode(8, None) == "process"  # size unknown
    monkeypatch.setenv("CODEGYM_HOSTED_SERVER", "process")
    assert _hosted_server_mode(8, 80) == "process"

    async def main() -> str:
        async with make_target("http", concurrency=8, episodes=80) as target:
            assert isinstance(target, HostedHttpTarget)
            return target.server_mode

    monkeypatch.delenv("CODEGYM_HOSTED_SERVER")
    assert anyio.run(main) == "thread"
