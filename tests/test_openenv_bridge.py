"""The OpenEnv bridge, driven by OpenEnv's own clients and harness (a scripted model step; no real LLM)."""

from __future__ import annotations

import json
import threading

import pytest

pytest.importorskip("openenv.core.harness")

from openenv.core.env_server.mcp_types import (
    CallToolAction,
    ListToolsAction,
    ListToolsObservation,
)
from openenv.core.generic_client import GenericEnvClient
from openenv.core.harness import (
    HarnessRunLimits,
    MCPHarnessAdapter,
    ModelStepResult,
    SessionMCPBridge,
    build_harness_rollout_func,
)
from openenv.core.llm_client import LLMResponse, ToolCall
from openenv.core.mcp_client import MCPToolClient

from codegym_mcp.episode import EnvironmentFailure, NativeBackend
from codegym_mcp.integrations.openenv import (
    CodeGymEnvironment,
    CodeGymSessionFactory,
    create_openenv_app,
)
from codegym_mcp.registry import default_registry
from codegym_mcp.store import Store

from .conftest import free_port, oracle_calls

ENV = "BinarySearchEnv"


def step(env: CodeGymEnvironment, name: str, **arguments):
    return env.step(CallToolAction(tool_name=name, arguments=arguments))


def test_reset_step_state_in_process():
    env = CodeGymEnvironment(ENV)
    assert [t.name for t in env.step(ListToolsAction()).tools][:1] == ["Observe"]  # discovery before reset
    start = env.reset(task="test-000")
    assert start.env == ENV and start.task_id == "test-000" and "Done" in [t.name for t in start.tools]
    assert start.reward == 0.0 and not start.done

    calls = oracle_calls(ENV, "test-000")
    observations = [step(env, name, **args) for name, args in calls]
    assert [o.done for o in observations] == [False] * (len(calls) - 1) + [True]
    assert [o.reward for o in observations] == [0.0] * (len(calls) - 1) + [1.0]
    last = observations[-1].result
    assert not last["is_error"] and "Reference answer" not in last["content"][0]["text"]  # answers stay hidden

    state = env.state
    assert (state.step_count, state.terminated, state.episode_reward, state.task_id) == (len(calls), True, 1.0, "test-000")
    assert "reference" not in json.dumps(state.model_dump()).lower()
    after = step(env, "Observe")  # the episode is over: an error result, and the reward is not paid twice
    assert after.done and after.reward == 0.0 and after.result["is_error"]


def test_agent_mistakes_are_tool_results_and_env_failures_are_tool_errors(monkeypatch):
    env = CodeGymEnvironment(ENV)
    env.reset(task="test-001")
    bad = step(env, "Nope")
    assert bad.error is None and bad.result["is_error"] and "Unknown tool" in bad.result["data"]
    bad_args = step(env, "GetElement", index="not a number")
    assert bad_args.result["is_error"] and not bad_args.done and env.state.step_count == 2

    with pytest.raises(TypeError, match="ListToolsAction or CallToolAction"):
        env.step(ListToolsObservation(tools=[]))  # not an action at all: a protocol error, raised
    with pytest.raises(RuntimeError, match="reset"):
        CodeGymEnvironment(ENV).step(CallToolAction(tool_name="Observe"))

    def crash(self, name, arguments, *, reveal):
        raise EnvironmentFailure("worker died")

    monkeypatch.setattr(NativeBackend, "invoke", crash)
    failed = step(env, "Observe")
    assert failed.done and failed.result is None and failed.error.error_type.value == "execution_error"
    assert "not your fault" in failed.error.message and env.state.errored


def test_a_step_over_its_timeout_errors_the_episode(monkeypatch):
    import time

    env = CodeGymEnvironment(ENV)
    env.reset(task="test-001")
    slow = NativeBackend.invoke

    def crawl(self, name, arguments, *, reveal):
        time.sleep(1.0)
        return slow(self, name, arguments, reveal=reveal)

    monkeypatch.setattr(NativeBackend, "invoke", crawl)
    out = env.step(CallToolAction(tool_name="Observe"), timeout_s=0.1)
    assert out.done and out.error is not None and "did not answer within 0.1s" in out.error.message
    assert env.state.errored


def test_untrusted_env_files_run_sandboxed():
    from codegym_mcp.registry import Registry

    from .conftest import MAXGAP

    registry = Registry()
    registry.add_file(MAXGAP)  # a file given by path: untrusted, so its episodes live in a sandbox worker
    env = CodeGymEnvironment(registry=registry)
    start = env.reset(env="MaxGapEnv", task={"numbers": [5, 1, 12, 7, 30, 29, 2], "strict": False})
    assert start.env == "MaxGapEnv" and type(env.episode.backend).__name__ == "SandboxBackend"
    first = step(env, start.tools[0].name)
    assert first.error is None and first.result["content"][0]["text"]
    env.close()


def test_reset_picks_tasks_by_split_seed_and_difficulty():
    env = CodeGymEnvironment(split="test")
    reg = default_registry()
    first = env.reset(seed=7)
    assert env.reset(seed=7).task_id == first.task_id and env.entry.name == first.env  # same seed, same task
    held_out = reg.get(first.env).split == "test" or first.task_id.startswith("test-")
    assert held_out
    generated = env.reset(seed=3, env=ENV, difficulty="hard")
    assert generated.task_id == "seed-3-hard" and generated.env == ENV
    with pytest.raises(Exception, match="no task"):
        env.reset(env=ENV, task="no-such-task")


def test_sessions_over_openenv_server_are_isolated_and_logged(http_server, tmp_path):
    store = Store(tmp_path / "runs.db")
    url = http_server(create_openenv_app(ENV, max_sessions=4, log_db=store))
    calls = oracle_calls(ENV, "test-002")
    results: dict[str, float] = {}

    def play(tag: str, answer_right: bool) -> None:
        with MCPToolClient(base_url=url).sync() as client:
            start = client.reset(task="test-002")
            assert {t.name for t in start.observation.tools} >= {"Observe", "Done"}
            todo = calls if answer_right else [calls[0], ("Done", {"answer": -12345})]
            for name, args in todo:
                out = client.step(CallToolAction(tool_name=name, arguments=args))
            results[tag] = out.reward
            assert out.done and client.state().step_count == len(todo)

    threads = [threading.Thread(target=play, args=(tag, tag == "right")) for tag in ("right", "wrong")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == {"right": 1.0, "wrong": 0.0}

    with GenericEnvClient(base_url=url).sync() as client:  # the dict client sees the task statement too
        start = client.reset(task="test-002")
        assert start.observation["prompt"] and start.observation["task_id"] == "test-002"

    rows = store.query("select status, reward, source from episodes order by status, reward")
    assert [(r["status"], r["reward"], r["source"]) for r in rows] == [
        ("abandoned", None, "openenv"), ("terminated", 0.0, "openenv"), ("terminated", 1.0, "openenv")]
    logged = store.query("select count(*) n from tool_calls")[0]["n"]
    assert logged == len(calls) + 2


class ReplayModel:
    """An OpenEnv ModelStep that plays a fixed list of tool calls, one per turn (a mock model)."""

    def __init__(self, calls: list[tuple[str, dict]]):
        self.calls, self.turn = list(calls), 0

    def __call__(self, messages, tools, sampling) -> ModelStepResult:
        if self.turn >= len(self.calls):
            return ModelStepResult(response=LLMResponse(content="finished"))
        name, args = self.calls[self.turn]
        self.turn += 1
        return ModelStepResult(response=LLMResponse(content="", tool_calls=[ToolCall(id=f"c{self.turn}", name=name, args=args)]))


@pytest.mark.parametrize("where", ["local", "served"])
def test_harness_rollouts_forward_the_episode_reward(where, http_server):
    factory = CodeGymSessionFactory(base_url=http_server(create_openenv_app(max_sessions=4)) if where == "served" else None)
    right = oracle_calls(ENV, "test-003")
    scripts = {"right": right, "wrong": [("Observe", {}), ("Frobnicate", {}), ("Done", {"answer": -1})]}
    rollout = build_harness_rollout_func(session_factory=factory, harness_adapter=MCPHarnessAdapter(),
                                         model_step_builder=lambda trainer, session: ReplayModel(scripts[trainer]),
                                         limits=HarnessRunLimits(max_turns=300))
    for script, reward in (("right", 1.0), ("wrong", 0.0)):
        out = rollout([f"{ENV}/test-003"], script)
        assert out["env_reward"] == [reward]
        assert out["verify_metrics"][0]["terminated"] and out["verify_metrics"][0]["step_count"] == len(scripts[script])


def test_session_messages_tools_and_mcp_bridge():
    factory = CodeGymSessionFactory(split="test")
    specs = factory.task_specs()
    assert specs and all(s["task"].startswith("test-") or default_registry().get(s["env"]).split == "test" for s in specs)
    session = factory.create(task={"env": ENV, "task": "test-004"})
    try:
        system, user = session.initial_messages()
        assert system["role"] == "system" and "Done" in system["content"] and user["content"] == session.prompt
        bridge = SessionMCPBridge(session)  # OpenEnv's JSON-RPC view of a session, as black-box harnesses use it
        listed = bridge.handle_request({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        assert "Observe" in [t["name"] for t in listed["result"]["tools"]]
        called = bridge.handle_request({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                                        "params": {"name": "Observe", "arguments": {}}})
        assert called["result"]["data"] and called["result"]["metadata"]["is_error"] is False
    finally:
        session.close()


def test_serve_openenv_command(tmp_path):
    import subprocess
    import sys
    import time

    refused = subprocess.run([sys.executable, "-m", "codegym_mcp.cli", "serve-openenv", "--host", "0.0.0.0"],
                             check=False, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "no authentication" in refused.stderr

    port, db = free_port(), tmp_path / "runs.db"
    proc = subprocess.Popen([sys.executable, "-m", "codegym_mcp.cli", "serve-openenv", ENV, "--port", str(port),
                             "--log-db", str(db)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client = MCPToolClient(base_url=f"http://127.0.0.1:{port}").sync()
                client.connect()
                break
            except ConnectionError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve-openenv did not start"
                time.sleep(0.2)
        with client:
            client.reset(task="train-001")
            for name, args in oracle_calls(ENV, "train-001"):
                out = client.step(CallToolAction(tool_name=name, arguments=args))
            assert out.done and out.reward == 1.0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert Store(db).query("select status, reward from episodes") == [{"status": "terminated", "reward": 1.0}]
