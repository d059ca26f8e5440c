"""Fail fast, fail clearly: runs that cannot reach the model API stop at once with a message naming what to fix;
runs and server-logged episodes whose process was killed stop reading `running`; the default oracle run is quick.

No real LLM service is called: endpoints are local fakes (tests/harness_fakes.py) or closed local ports.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import anyio
import httpx2
import pytest
from click.testing import CliRunner

from agent_runners.episodes import FAIL_FAST_EPISODES
from agent_runners.harness import RunConfig, run_async
from codegym_mcp.cli import main
from codegym_mcp.store import Store, process_alive

from .conftest import free_port
from .harness_fakes import FakeLLM, follow_oracle, make_registry


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


@pytest.fixture
def no_api_env(monkeypatch):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------- before the run


@pytest.mark.parametrize("agent,var", [("openai:gpt-4o-mini", "OPENAI_API_KEY"), ("anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY")])
def test_a_missing_api_key_is_refused_before_anything_runs(tmp_path, no_api_env, agent, var):
    db = tmp_path / "runs.db"
    result = invoke("eval", "--agent", agent, "--envs", "BinarySearchEnv", "--db", str(db))
    assert result.exit_code == 2
    assert f"${var} is not set" in result.output and "--base-url" in result.output
    assert not db.exists() or Store(db).runs() == []  # nothing recorded


def test_an_unreachable_endpoint_is_refused_naming_the_option(tmp_path, no_api_env):
    db = tmp_path / "runs.db"
    url = f"http://127.0.0.1:{free_port()}/v1"  # nobody listens there
    result = invoke("run", "--agent", "openai:local-model", "--base-url", url, "--envs", "BinarySearchEnv", "--db", str(db))
    assert result.exit_code == 2, result.output
    assert "cannot reach the model API" in result.output and url in result.output and "--base-url" in result.output
    assert not db.exists() or Store(db).runs() == []
    bad = invoke("run", "--agent", "openai:m", "--base-url", "127.0.0.1:8001/v1", "--envs", "BinarySearchEnv", "--db", str(db))
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
    # the variable is named when the URL came from it
    env_url = invoke("run", "--agent", "openai:m", "--envs", "BinarySearchEnv", "--db", str(db), env={"OPENAI_BASE_URL": url})
    assert env_url.exit_code == 2 and "$OPENAI_BASE_URL" in env_url.output


# ---------------------------------------------------------------- during the run


def test_a_run_whose_first_episodes_cannot_use_the_api_stops_with_the_resume_command(tmp_path, no_api_env, http_server):
    llm = FakeLLM(lambda view: None, always_fail=401)  # a wrong key: every request is refused
    base = http_server(llm.app)
    db = tmp_path / "runs.db"
    result = invoke("run", "--agent", "openai:fake-model", "--base-url", base + "/v1", "--envs", "BinarySearchEnv",
                    "--tasks-per-env", "8", "--concurrency", "1", "--db", str(db))
    assert result.exit_code == 1, result.output
    assert "stopped the run" in result.output and "HTTP 401" in result.output and "$OPENAI_API_KEY (not set)" in result.output
    store = Store(db)
    (run,) = store.runs()
    assert f"codegym-mcp run --resume {run['id']} --db {db} --retry-errored" in result.output
    eps = store.episodes(run["id"])
    assert len(eps) == FAIL_FAST_EPISODES and sum(llm.attempts.values()) == FAIL_FAST_EPISODES  # 8 planned, 3 played
    assert all(e["status"] == "errored" and e["end_reason"] == "api_error" and "HTTP 401" in e["error"] for e in eps)


@pytest.mark.anyio
async def test_a_run_that_got_answers_is_not_stopped_by_later_refusals(tmp_path, http_server):
    registry = make_registry(tmp_path)
    oracle = follow_oracle(registry.entries["BinarySearchEnv"])
    llm: FakeLLM | None = None

    def policy(view):
        assert llm is not None
        llm.always_fail = 401  # the key is revoked after the first answer
        return oracle(view)

    llm = FakeLLM(policy)
    base = http_server(llm.app)
    cfg = RunConfig(agent="openai:fake-model", base_url=base + "/v1", envs=["BinarySearchEnv"], tasks_per_env=5,
                    transport="memory", concurrency=1, retry_base=0.001)
    store = Store()
    with anyio.fail_after(60):
        result = await run_async(cfg, store, registry=registry)
    assert result.aborted is None and not result.interrupted
    eps = store.episodes(result.run_id)
    assert len(eps) == 5 and all(e["status"] == "errored" for e in eps)


# ---------------------------------------------------------------- killed drivers and servers


def test_report_shows_a_run_whose_driver_is_gone_as_interrupted(tmp_path):
    db = tmp_path / "runs.db"
    store = Store(db)
    gone = store.create_run(kind="eval", agent="oracle", split="test")
    store.db.table("runs").update(gone, {"pid": dead_pid()})
    live = store.create_run(kind="run", agent="oracle", split="train")  # this very process: alive
    assert process_alive(os.getpid(), store.run(live)["host"]) is True
    assert (store.run_status(gone), store.run_status(live)) == ("interrupted", "running")
    store.close()

    listing = invoke("report", "--db", str(db))
    assert listing.exit_code == 0
    assert f"codegym-mcp eval --resume {gone} --db {db}" in listing.output and f"--resume {live}" not in listing.output
    rows = {r["id"]: r["status"] for r in json.loads(invoke("report", "--db", str(db), "--json").stdout)}
    assert rows == {gone: "interrupted", live: "running"}
    one = invoke("report", gone, "--db", str(db), "--json")
    assert json.loads(one.stdout)["run"]["status"] == "interrupted"
    assert f"codegym-mcp eval --resume {gone}" in one.output


def test_resume_refuses_a_run_whose_driver_still_runs(tmp_path):
    db = tmp_path / "runs.db"
    store = Store(db)
    run_id = store.create_run(kind="run", agent="oracle", split="train", params=RunConfig(envs=["BinarySearchEnv"]).to_params())
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        store.db.table("runs").update(run_id, {"pid": sleeper.pid})
        store.close()
        result = invoke("run", "--resume", run_id, "--db", str(db))
        assert result.exit_code == 2 and "still running" in result.output and str(sleeper.pid) in result.output
    finally:
        sleeper.kill()
        sleeper.wait()
    result = invoke("run", "--resume", run_id, "--db", str(db), "--json")  # once it is gone, the run finishes
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["run"]["status"] == "finished"


def _serve_http(db, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "codegym_mcp.cli", "serve", "--transport", "http", "--port", str(port),
                             "--log-db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server exited")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def _open_episode(port: int) -> str:
    r = httpx2.post(f"http://127.0.0.1:{port}/episodes", json={"env": "BinarySearchEnv", "task": "train-000"}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["episode_id"]


def _status(db, episode_id: str, want: str | None = None, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while True:
        store = Store(db)
        try:
            rows = store.query("select status from episodes where id = ?", [episode_id])
        finally:
            store.close()
        status = rows[0]["status"] if rows else ""
        if want is None or status == want or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9")
def test_episodes_of_a_killed_server_are_abandoned_when_a_server_reopens_the_log(tmp_path):
    db = tmp_path / "log.db"
    killed = _serve_http(db, free_port())
    live_port = free_port()
    live = _serve_http(db, live_port)
    try:
        port_killed = int(killed.args[killed.args.index("--port") + 1])
        doomed, kept = _open_episode(port_killed), _open_episode(live_port)
        assert _status(db, doomed, "running") == "running" and _status(db, kept, "running") == "running"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert _status(db, doomed) == "running"  # nobody has looked yet
        # a server opening the same log (here a stdio episode server, which exits at end of input) tidies up
        subprocess.run([sys.executable, "-m", "codegym_mcp.cli", "serve", "BinarySearchEnv", "--task", "train-001",
                        "--log-db", str(db)], stdin=subprocess.DEVNULL, capture_output=True, timeout=90, check=True)
        assert _status(db, doomed) == "abandoned"
        assert _status(db, kept) == "running"  # the other server is alive: its episode is its own business
        store = Store(db)
        row = store.query("select end_reason, pid from episodes where id = ?", [doomed])[0]
        store.close()
        assert row["pid"] == killed.pid and "server stopped" in row["end_reason"]
    finally:
        for proc in (killed, live):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


# ---------------------------------------------------------------- the default oracle run


def test_the_default_oracle_run_is_quick_and_says_how_to_play_everything(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "--envs", "BinarySearchEnv,AntiShuffleEnv", "--json")
    assert result.exit_code == 0, result.output
    assert "--tasks-per-env all" in result.output
    summary = json.loads(result.stdout)
    assert summary["overall"]["episodes"] == 2 and summary["overall"]["pass_at"]["1"]["value"] == 1.0
    store = Store(tmp_path / "runs.db")
    (run,) = store.runs()
    assert json.loads(run["params"])["transport"] == "memory"  # the oracle needs no network
    every = invoke("run", "--envs", "BinarySearchEnv", "--tasks-per-env", "all", "--db", "all.db", "--json")
    assert json.loads(every.stdout)["overall"]["episodes"] == 12


def test_held_out_environments_are_skipped_in_one_line(tmp_path, monkeypatch):
    from codegym_mcp.registry import default_registry

    held_out = [n for n in default_registry().names() if default_registry().entries[n].split == "test"][:4]
    assert len(held_out) >= 2
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "--envs", ",".join(["BinarySearchEnv", *held_out]))
    assert result.exit_code == 0, result.output
    assert f"skipped {len(held_out)} environments of the test split" in result.output
    assert not any(f"skipped {n}" in result.output for n in held_out)
