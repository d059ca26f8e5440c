"""The synthesis pipeline against a local OpenAI-compatible server that replays recorded LLM answers."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from codegym_mcp.chat import ChatModel, RetryPolicy, resolve_endpoint
from codegym_mcp.synth import ChatClient, Limits, SynthConfig, read_problems, synthesize
from codegym_mcp.synth.checks import static_env_problems

DATA = Path(__file__).parent / "data" / "synth"
REPLIES = DATA / "replies"


class FakeLLM:
    """Answers chat completions from fixtures: by problem id and stage; repairs get the next reply."""

    def __init__(self) -> None:
        self.mapping = json.loads((REPLIES / "map.json").read_text())
        self.requests: list[dict] = []
        self.fail_first = 0  # answer this many requests with 429 first (retry path)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                outer.requests.append(body)
                if outer.fail_first > 0:
                    outer.fail_first -= 1
                    self.send_response(429)
                    self.end_headers()
                    return
                text = outer.reply(body["messages"])
                data = json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}],
                                   "usage": {"prompt_tokens": 100, "completion_tokens": len(text) // 4}}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reply(self, messages: list[dict]) -> str:
        first_user = next(m["content"] for m in messages if m["role"] == "user")
        pid = next(line.split(":", 1)[1].strip() for line in first_user.splitlines() if line.startswith("Problem id:"))
        stage = "oracle" if "act only through tool calls" in messages[0]["content"] else "env"
        files = self.mapping[pid][stage]
        k = sum(1 for m in messages if m["role"] == "assistant")
        return (REPLIES / files[min(k, len(files) - 1)]).read_text()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def llm_server():
    server = FakeLLM()
    yield server
    server.close()


def fixture_client(url: str, spec: str = "openai:fixture") -> ChatClient:
    """A client with the real retry policy, only faster."""
    return ChatClient(ChatModel(resolve_endpoint(spec, url), retry=RetryPolicy(attempts=4, base=0.001)))


def test_reading_inputs_reports_bad_rows():
    problems, skipped = read_problems(DATA / "problems.jsonl")
    assert [p.id for p in problems][:3] == ["HumanEval/35", "HumanEval/57", "HumanEval/43"]
    assert problems[0].entry_point == "max_element" and problems[0].source == "humaneval"
    assert problems[3].source == "plain" and problems[3].entry_point == "max_element"
    assert len(skipped) == 2 and "JSONDecodeError" in skipped[1]["reason"]


def test_static_checks_name_the_problem():
    assert "syntax error" in static_env_problems("class X(:\n")[0]
    bad = static_env_problems("import os\nfrom codegym_mcp.env import Environment\nclass A(Environment):\n    pass\n")
    assert any("allow-list" in p for p in bad) and any("domain tools" in p for p in bad)


def test_pipeline_end_to_end_with_every_reject_path(llm_server, tmp_path):
    problems, _ = read_problems(DATA / "problems.jsonl")
    llm = fixture_client(llm_server.url)
    llm_server.fail_first = 2  # the client must retry through 429s
    cfg = SynthConfig(out_dir=tmp_path / "lib", oracle_samples=2, concurrency=2, tasks_per_difficulty=4,
                      limits=Limits(seconds=8, memory_mib=768))
    result = synthesize(problems, llm, cfg)

    assert sorted(result.accepted) == ["MaxElementEnv", "MonotonicEnv", "PairsSumToZeroEnv"]
    reasons = {stage: " ".join(r) for stage, r in result.rejections.items()}
    assert "syntax error" in reasons["environment"] and "deriving from Environment" in reasons["environment"]
    assert "timed out" in reasons["tasks"] or "generator failed" in reasons["tasks"]
    assert "valid tasks" in reasons["tasks"]  # wrong reference and memory blow-up
    assert "no oracle" in reasons["oracle"]
    assert "outside [10, 256]" in reasons["filters"] and "near-duplicate of MaxElementEnv" in reasons["filters"]
    funnel = {row["stage"]: row for row in result.funnel}
    assert funnel["problems in"]["kept"] == 11 and funnel["export"]["kept"] == 3
    assert funnel["environment"]["rejected"] == 2 and funnel["tasks"]["rejected"] == 3
    assert funnel["oracle"]["rejected"] == 1 and funnel["filters"]["rejected"] == 2
    assert result.usage["calls"] >= 11 and result.usage["input_tokens"] > 0

    # the repair loop fed the static-check error back: the duplicate env's second reply fixed its import
    dup = [r for r in llm_server.requests if "duplicate" in json.dumps(r["messages"][1]["content"])[:20000] and len(r["messages"]) > 2]
    assert any("allow-list" in r["messages"][-1]["content"] for r in dup)

    # the accepted envs pass the checker, run in its own process
    assert result.verify is not None and result.verify["summary"]["passed"] == 3

    # resumable: a second run makes no LLM call and reaches the same verdicts
    before = len(llm_server.requests)
    again = synthesize(problems, llm, SynthConfig(out_dir=tmp_path / "lib", oracle_samples=2, tasks_per_difficulty=4, verify=False))
    assert len(llm_server.requests) == before
    assert sorted(again.accepted) == sorted(result.accepted) and again.rejections == result.rejections


def test_codegym_format_output_is_served_by_the_loader(llm_server, tmp_path):
    from codegym_mcp.registry import Registry

    problems, _ = read_problems(DATA / "problems.jsonl")
    llm = fixture_client(llm_server.url)
    cfg = SynthConfig(out_dir=tmp_path / "cg", oracle_samples=1, format="codegym", verify=False, limits=Limits(seconds=8))
    result = synthesize(problems[:1], llm, cfg)
    assert result.accepted == ["MaxElementEnv"]
    entry = Registry([tmp_path / "cg"]).get("CodeGymMaxElementEnv")
    task = entry.tasks[0]
    episode = entry.episode(task)
    try:
        entry.run_oracle(task, episode.call)  # the file's own solve(), through the tool path
        assert episode.reward == 1.0 and episode.steps >= 10
    finally:
        episode.close()


@pytest.mark.parametrize("agent, kept", [("oracle", False), ("random:3", True)])
def test_difficulty_filter_plays_an_agent_through_the_harness(llm_server, tmp_path, agent, kept):
    from agent_runners.difficulty import agent_difficulty_filter

    problems, _ = read_problems(DATA / "problems.jsonl")
    llm = fixture_client(llm_server.url)
    cfg = SynthConfig(out_dir=tmp_path / "lib", oracle_samples=1, tasks_per_difficulty=4, verify=False,
                      difficulty_filter=agent_difficulty_filter(agent, samples=2, tasks=2), limits=Limits(seconds=8))
    result = synthesize(problems[:1], llm, cfg)
    assert (result.accepted == ["MaxElementEnv"]) is kept
    if not kept:
        assert "agent pass rate 100% > 25%" in " ".join(result.rejections["difficulty"])
        assert not (tmp_path / "lib" / "max_element_env.py").exists()


def test_synth_cli_prints_the_funnel_and_cost(llm_server, tmp_path):
    from click.testing import CliRunner

    from codegym_mcp.cli import main

    problems = tmp_path / "two.jsonl"
    problems.write_text("\n".join((DATA / "problems.jsonl").read_text().splitlines()[:2]) + "\n")
    result = CliRunner().invoke(main, ["synth", str(problems), "--llm", "openai:fixture", "--base-url", llm_server.url,
                                       "--out", str(tmp_path / "out"), "--oracle-samples", "1", "--no-verify", "--json",
                                       "--price-in", "1.0", "--price-out", "2.0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(data["accepted"]) == ["MaxElementEnv", "MonotonicEnv"]
    assert [row["stage"] for row in data["funnel"]][:3] == ["problems in", "solution", "environment"]
    u = data["usage"]
    assert u["cost_usd"] == round(u["input_tokens"] / 1e6 + 2 * u["output_tokens"] / 1e6, 4) > 0
