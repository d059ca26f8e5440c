"""End to end: 50 concurrent episodes over HTTP with every SQLite row checked, a run killed with SIGKILL
and resumed, Ctrl-C, stdio, the CLI commands, replay, and SFT export validated against its formats."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import anyio
import pytest
from click.testing import CliRunner

from agent_runners.export import ExportRefused, export_records, write_jsonl
from agent_runners.harness import RunConfig, run_async
from agent_runners.plan import plan_episodes
from codegym_mcp.cli import main
from codegym_mcp.store import SCHEMA_VERSION, Store

from .harness_fakes import FakeLLM, follow_oracle, make_registry, malformed_then
from .test_report import trajectories_in

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def registry(tmp_path):
    return make_registry(tmp_path)


def binary_oracle(registry):
    return follow_oracle(registry.entries["BinarySearchEnv"])


async def go(registry, store, **cfg):
    with anyio.fail_after(90):
        return await run_async(RunConfig(**{"retry_base": 0.001, "transport": "memory", **cfg}), store, registry=registry)


def check_episode_rows(store: Store, ep: dict) -> None:
    """Every row of a finished native-format episode is consistent with every other."""
    msgs = store.messages(ep["id"])
    calls = store.tool_calls(ep["id"])
    assert [m["idx"] for m in msgs] == list(range(len(msgs)))
    assert [c["idx"] for c in calls] == list(range(1, len(calls) + 1))
    assert [m["role"] for m in msgs[:2]] == ["system", "user"] and msgs[0]["content"].strip()
    assistant = [m for m in msgs if m["role"] == "assistant"]
    tools = [m for m in msgs if m["role"] == "tool"]
    asked = [c for m in assistant for c in json.loads(m["tool_calls"] or "[]")]
    assert [c["id"] for c in asked] == [c["call_id"] for c in calls] == [t["tool_call_id"] for t in tools]
    assert [c["name"] for c in asked] == [c["name"] for c in calls] == [t["name"] for t in tools]
    assert [json.loads(c["arguments"]) for c in calls] == [c["arguments"] for c in asked]
    assert [c["result"] for c in calls] == [t["content"] for t in tools]
    assert all(c["latency_ms"] >= 0 and c["source"] == "harness" and c["turn"] >= 1 for c in calls)
    assert ep["steps"] == len(calls) and ep["turns"] == len(assistant)
    assert ep["input_tokens"] == sum(m["input_tokens"] or 0 for m in assistant)
    assert ep["output_tokens"] == sum(m["output_tokens"] or 0 for m in assistant)
    assert ep["started_at"] <= ep["ended_at"]
    meta = json.loads(ep["meta"])
    assert {t["name"] for t in meta["tools"]} >= {"Observe", "Done"}


@pytest.mark.anyio
async def test_fifty_concurrent_episodes_over_http_with_every_row_checked(registry, http_server, tmp_path):
    llm = FakeLLM(binary_oracle(registry))
    base = http_server(llm.app)
    store = Store(tmp_path / "runs.db")
    result = await go(registry, store, agent="openai:fake-model", base_url=base + "/v1", envs=["BinarySearchEnv"],
                      tasks_per_env=10, samples=5, concurrency=50, transport="http", temperature=0.0)
    eps = store.episodes(result.run_id)
    assert len(eps) == 50 and len({(e["env"], e["task_id"], e["sample"]) for e in eps}) == 50
    assert Counter(e["sample"] for e in eps) == {s: 10 for s in range(5)}
    for e in eps:
        assert (e["status"], e["end_reason"], e["reward"], e["error"]) == ("terminated", "done", 1.0, None), e
        assert e["split"] == "train" and e["difficulty"] in ("easy", "medium", "hard") and e["source"] == "harness"
        assert e["oracle_steps"] == e["steps"] and e["agent"] == "openai:fake-model" and e["model"] == "fake-model"
        check_episode_rows(store, e)
        assert "Correct" in store.tool_calls(e["id"])[-1]["result"]
    # all 50 were in flight together: every episode started before the first one ended
    first_end = min(e["ended_at"] for e in eps)
    assert sum(e["started_at"] < first_end for e in eps) >= 45
    run = store.run(result.run_id)
    assert run["status"] == "finished" and run["schema_version"] == SCHEMA_VERSION
    assert json.loads(run["params"])["temperature"] == 0.0 and json.loads(run["meta"])["sampling"] == {"temperature": 0.0, "max_tokens": 4096}
    assert store.query("select count(*) n from messages where episode_id not in (select id from episodes)")[0]["n"] == 0
    assert result.stats.success == 50 and result.stats.done == 50


def _cli_run(db: Path, base: str, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "codegym_mcp.cli", "run", "--agent", "openai:fake-model", "--base-url", base + "/v1",
            "--envs", "BinarySearchEnv", "--tasks-per-env", "6", "--samples", "2", "--concurrency", "3",
            "--transport", "memory", "--no-oracle-steps", "--db", str(db), *extra]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test", "COLUMNS": "120"}
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _stop(proc: subprocess.Popen, sig: int) -> tuple[int, str]:
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, err.decode(errors="replace")


@pytest.mark.anyio
async def test_a_run_killed_with_sigkill_resumes_without_loss_or_duplicates(registry, http_server, tmp_path):
    llm = FakeLLM(binary_oracle(registry), gate_after_dones=4)
    base = http_server(llm.app)
    db = tmp_path / "runs.db"
    proc = _cli_run(db, base)
    try:
        # 4 episodes answered Done; the 3 in flight now wait on the gate, so the 4 are fully recorded
        assert await anyio.to_thread.run_sync(llm.wait_blocked, 3, 60), "the run never reached the gate"
        code, _ = _stop(proc, signal.SIGKILL)
    finally:
        llm.gate_after_dones = None
        llm.release.set()
    assert code == -signal.SIGKILL
    store = Store(db)
    [run] = store.runs()
    before = {e["id"]: e for e in store.episodes(run["id"])}
    assert run["status"] == "running"
    assert Counter(e["status"] for e in before.values()) == {"terminated": 4, "running": 3}
    finished_before = {k: e for k, e in before.items() if e["status"] == "terminated"}
    for e in finished_before.values():
        assert e["reward"] == 1.0
        check_episode_rows(store, e)
    with anyio.fail_after(90):
        result = await run_async(None, store, registry=registry, resume=run["id"])
    eps = store.episodes(run["id"])
    assert len(eps) == 12 and len({(e["env"], e["task_id"], e["sample"]) for e in eps}) == 12
    assert all(e["status"] == "terminated" and e["reward"] == 1.0 for e in eps)
    for e in eps:
        check_episode_rows(store, e)
    kept = {e["id"]: e for e in eps if e["id"] in finished_before}
    assert kept == finished_before  # finished rows untouched by the resume
    assert store.run(run["id"])["status"] == "finished" and result.stats.done == 12
    for table in ("messages", "tool_calls"):
        assert store.query(f"select count(*) n from {table} where episode_id not in (select id from episodes)")[0]["n"] == 0
    again = await run_async(None, store, registry=registry, resume=run["id"])  # nothing left: nothing played
    assert len(store.episodes(run["id"])) == 12 and again.stats.done == 12


@pytest.mark.anyio
async def test_ctrl_c_stops_cleanly_and_marks_episodes_interrupted(registry, http_server, tmp_path):
    llm = FakeLLM(binary_oracle(registry), gate_after_dones=2)
    base = http_server(llm.app)
    db = tmp_path / "runs.db"
    proc = _cli_run(db, base)
    try:
        assert await anyio.to_thread.run_sync(llm.wait_blocked, 3, 60), "the run never reached the gate"
        code, err = _stop(proc, signal.SIGINT)
    finally:
        llm.gate_after_dones = None
        llm.release.set()
    assert code == 130 and "--resume" in err, err
    store = Store(db)
    [run] = store.runs()
    assert run["status"] == "interrupted"
    assert Counter(e["status"] for e in store.episodes(run["id"])) == {"terminated": 2, "interrupted": 3}
    with anyio.fail_after(90):
        await run_async(None, store, registry=registry, resume=run["id"])
    eps = store.episodes(run["id"])
    assert len(eps) == 12 and all(e["reward"] == 1.0 for e in eps)


@pytest.mark.anyio
async def test_oracle_over_stdio_and_http_for_native_and_codegym_files(registry, tmp_path):
    store = Store()
    for transport in ("stdio", "http"):
        result = await go(registry, store, agent="oracle", tasks_per_env=1, transport=transport, concurrency=2)
        eps = store.episodes(result.run_id)
        assert {e["env"] for e in eps} == {"BinarySearchEnv", "MaxGapEnv"}
        for e in eps:
            assert (e["status"], e["reward"], e["oracle_steps"]) == ("terminated", 1.0, e["steps"]), e
            check_episode_rows(store, e)


def test_default_run_is_the_oracle_on_the_train_split(tmp_path, monkeypatch):
    cfg = RunConfig()
    assert (cfg.agent, cfg.split, cfg.envs, cfg.max_turns, cfg.transport) == ("oracle", "train", None, 256, "auto")
    assert cfg.resolved_transport() == "memory" and RunConfig(agent="openai:m").resolved_transport() == "http"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "--envs", "BinarySearchEnv", "--tasks-per-env", "2", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["run"]["agent"] == "oracle" and summary["run"]["split"] == "train"
    assert summary["overall"]["pass_at"]["1"]["value"] == 1.0 and (tmp_path / "runs.db").exists()


# ---------------------------------------------------------------- export, replay, report


def validate_openai_chat(record: dict, native: bool) -> None:
    assert set(record) == ({"messages", "tools", "metadata"} if native else {"messages", "metadata"})
    msgs = record["messages"]
    assert msgs[0]["role"] == "system" and msgs[1]["role"] == "user"
    open_ids: list[str] = []
    for m in msgs:
        assert m["role"] in ("system", "user", "assistant", "tool") and isinstance(m["content"], str)
        if m["role"] == "assistant":
            assert not open_ids, "every tool call is answered before the next assistant message"
            for tc in m.get("tool_calls", []):
                assert native and tc["type"] == "function" and isinstance(tc["id"], str)
                assert isinstance(tc["function"]["name"], str) and isinstance(tc["function"]["arguments"], str)
                open_ids.append(tc["id"])
        elif m["role"] == "tool":
            assert native and set(m) == {"role", "tool_call_id", "content"}
            assert m["tool_call_id"] == open_ids.pop(0)
        else:
            assert set(m) == {"role", "content"}
    if native:
        for t in record["tools"]:
            assert t["type"] == "function" and t["function"]["parameters"]["type"] == "object" and t["function"]["name"]
    assert {"env", "task_id", "split", "reward", "episode_id"} <= set(record["metadata"])


def validate_sharegpt(record: dict, native: bool) -> None:
    conv = record["conversations"]
    assert conv and len(conv) % 2 == 0 and isinstance(record["system"], str) and record["system"]
    for i, turn in enumerate(conv):
        assert set(turn) == {"from", "value"} and isinstance(turn["value"], str)
        assert turn["from"] in (("human", "observation") if i % 2 == 0 else ("gpt", "function_call"))
        if turn["from"] == "function_call":
            call = json.loads(turn["value"])
            assert {"name", "arguments"} <= set(call if isinstance(call, dict) else call[0])
    if native:
        assert {t["name"] for t in json.loads(record["tools"])} >= {"Observe", "Done"}


@pytest.mark.anyio
async def test_export_replay_and_reports(registry, http_server, tmp_path):
    db = tmp_path / "runs.db"
    store = Store(db)
    oracle = await go(registry, store, agent="oracle", tasks_per_env=2)
    llm = FakeLLM(malformed_then(binary_oracle(registry)))
    base = http_server(llm.app)
    text = await go(registry, store, agent="openai:fake-model", base_url=base + "/v1", tool_format="codegym",
                    envs=["BinarySearchEnv"], tasks_per_env=2)
    held_out = await go(registry, store, agent="oracle", split="test", kind="eval", tasks_per_env=1)

    for fmt, validate in (("openai-chat", validate_openai_chat), ("sharegpt", validate_sharegpt)):
        records = list(export_records(store, oracle.run_id, fmt))
        assert len(records) == 4
        for r in records:
            validate(r, native=True)
        for r in export_records(store, text.run_id, fmt, only_success=True):
            validate(r, native=False)
        with pytest.raises(ExportRefused, match="held-out"):
            list(export_records(store, held_out.run_id, fmt))
        assert len(list(export_records(store, held_out.run_id, fmt, force=True))) == 2
    sample = next(r for r in export_records(store, oracle.run_id) if r["metadata"]["env"] == "BinarySearchEnv")
    assert sample["messages"][-1]["role"] == "tool" and "Correct" in sample["messages"][-1]["content"]
    codegym_text = next(export_records(store, text.run_id, "openai-chat"))["messages"]
    assert any("<|FunctionCallBegin|>" in m["content"] for m in codegym_text if m["role"] == "assistant")
    assert any(m["content"].startswith("Error: Could not parse") for m in codegym_text if m["role"] == "user")

    # replay: from the database, and from an exported file
    exported = tmp_path / "oracle.jsonl"
    assert write_jsonl(export_records(store, oracle.run_id), exported) == 4
    for source in (f"{db}#{oracle.run_id}", str(exported)):
        replay = await go(registry, store, agent=f"replay:{source}", tasks_per_env=2)
        assert all((e["status"], e["reward"]) == ("terminated", 1.0) for e in store.episodes(replay.run_id))
    random_run = await go(registry, store, agent="random:3", tasks_per_env=2, max_steps=30)
    for e in store.episodes(random_run.run_id):
        assert e["status"] in ("terminated", "truncated") and e["reward"] in (0.0, 1.0)
        assert not any("Invalid arguments" in c["result"] for c in store.tool_calls(e["id"]))

    # the CLI: export refusal, report (tables, JSON, HTML), compare
    cli = CliRunner()
    refused = cli.invoke(main, ["export", "--run", held_out.run_id, "--db", str(db)])
    assert refused.exit_code == 2 and "held-out" in refused.output
    out = tmp_path / "sft.jsonl"
    ok = cli.invoke(main, ["export", "--run", oracle.run_id, "--format", "sharegpt", "--out", str(out), "--db", str(db)])
    assert ok.exit_code == 0 and len(out.read_text().splitlines()) == 4
    page = tmp_path / "report.html"
    rep = cli.invoke(main, ["report", text.run_id, "--html", str(page), "--db", str(db)])
    assert rep.exit_code == 0, rep.output
    html = page.read_text()
    index, messages = trajectories_in(html)
    assert html.count("<svg") >= 2 and 'id="env-BinarySearchEnv"' in html and len(index) == 2
    assert any("parse_error" in m[1] for ms in messages for m in ms) and 'src="http' not in html and "<script src" not in html
    summary = json.loads(cli.invoke(main, ["report", held_out.run_id, "--json", "--db", str(db)]).stdout)
    assert summary["run"]["kind"] == "eval" and summary["overall"]["pass_at"]["1"]["value"] == 1.0
    assert {r["difficulty"] for r in summary["per_difficulty"]} == {"easy"}
    diff = json.loads(cli.invoke(main, ["compare", oracle.run_id, random_run.run_id, "--json", "--db", str(db)]).stdout)
    assert diff["overall"]["tasks"] == 4 and diff["overall"]["a"] == 1.0 and diff["overall"]["delta"] <= 0
    listing = cli.invoke(main, ["report", "--db", str(db)])
    assert oracle.run_id in listing.output


def test_eval_command_reports_pass_at_k_on_the_test_split(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["eval", "--agent", "random:1", "--envs", "BinarySearchEnv", "--tasks-per-env", "3",
                                       "--samples", "3", "--transport", "memory", "--max-steps", "12", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    assert s["run"]["kind"] == "eval" and s["run"]["split"] == "test" and s["ks"] == [1, 2, 3]
    p1, p3 = s["overall"]["pass_at"]["1"], s["overall"]["pass_at"]["3"]
    assert 0.0 <= p1["ci"][0] <= p1["value"] <= p1["ci"][1] <= 1.0 and p3["value"] >= p1["value"]
    assert s["overall"]["steps_vs_oracle"]["mean_oracle_steps"] > 0
    store = Store(tmp_path / "runs.db")
    assert all(e["split"] == "test" for e in store.episodes())
    assert all("Reference answer" not in c["result"] for c in store.query("select result from tool_calls where name = 'Done'"))


def test_plan_splits_tasks_and_held_out_envs(registry):
    specs, skipped = plan_episodes(registry, split="test", samples=2)
    assert {(s.env, s.task_id) for s in specs} >= {("MaxGapEnv", "test-000"), ("BinarySearchEnv", "test-000")}
    assert all(s.split == "test" for s in specs) and len(specs) == 2 * len({(s.env, s.task_id) for s in specs})
    registry.entries["MaxGapEnv"].split = "test"  # a held-out environment: all its tasks are test tasks
    train, skipped = plan_episodes(registry, split="train")
    assert {s.env for s in train} == {"BinarySearchEnv"} and skipped == [{"env": "MaxGapEnv", "reason": "no frozen tasks in the train split"}]
