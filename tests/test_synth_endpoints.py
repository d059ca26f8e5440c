"""Synthesis against fake endpoints that behave like real ones (tests/synth_fakes.py): reasoning models that
refuse max_tokens and temperature, thinking models, replies cut at the token limit, several code blocks per
reply, 429 with Retry-After, the Anthropic Messages API. Plus the unit-test check of the original solution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegym_mcp.chat import ChatError, ChatModel, RetryPolicy, resolve_endpoint
from codegym_mcp.synth import ChatClient, Limits, Problem, SynthConfig, read_problems, synthesize
from codegym_mcp.synth.checks import extract_code
from codegym_mcp.synth.config import Rejected
from codegym_mcp.synth.stage_tasks import stage_solution

from .synth_fakes import SynthEndpoint

DATA = Path(__file__).parent / "data" / "synth"
BAD_SOLUTION = {"id": "bad-solution", "problem": "Return the largest element of a list.",
                "solution": "def max_element(l):\n    return min(l)\n",
                "test": "def check(candidate):\n    assert candidate([1, 5]) == 5\n"}


@pytest.fixture
def endpoint(monkeypatch):
    started: list[SynthEndpoint] = []
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")

    def start(kind: str, **kw) -> SynthEndpoint:
        started.append(SynthEndpoint(kind, **kw))
        return started[-1]
    yield start
    for e in started:
        e.close()


def client(server: SynthEndpoint, sleeps: list[float] | None = None, **kw) -> ChatClient:
    spec = ("anthropic:" if server.kind == "anthropic" else "openai:") + "fixture-model"
    sleep = sleeps.append if sleeps is not None else (lambda s: None)
    return ChatClient(ChatModel(resolve_endpoint(spec, server.url), retry=RetryPolicy(attempts=4, base=0.001), sleep=sleep, **kw))


def three_problems(tmp_path: Path) -> list[Problem]:
    rows = (DATA / "problems.jsonl").read_text().splitlines()[:2]  # HumanEval/35 and /57
    path = tmp_path / "problems.jsonl"
    path.write_text("\n".join([*rows, json.dumps(BAD_SOLUTION)]) + "\n")
    return read_problems(path)[0]


@pytest.mark.parametrize("kind", ["openai", "reasoning", "thinking", "anthropic"])
def test_synthesis_against_each_endpoint_kind(endpoint, tmp_path, kind):
    server = endpoint(kind, too_many=2, retry_after="7", truncate=frozenset({"HumanEval/57"}))
    sleeps: list[float] = []
    cfg = SynthConfig(out_dir=tmp_path / "lib", oracle_samples=1, concurrency=2, tasks_per_difficulty=2, min_valid_tasks=4,
                      verify=False, limits=Limits(seconds=8))
    result = synthesize(three_problems(tmp_path), client(server, sleeps), cfg)

    assert result.accepted == ["MaxElementEnv"]
    assert list(result.rejections["solution"]) == ["solution fails its own unit tests"]
    assert list(result.rejections["environment"]) == ["truncated"]  # its own reason, not a parse error
    funnel = {row["stage"]: row for row in result.funnel}
    assert [funnel[s]["kept"] for s in ("problems in", "solution", "environment", "oracle", "export")] == [3, 2, 1, 1, 1]
    assert funnel["solution"]["tokens_in"] == 0 and funnel["environment"]["tokens_in"] > 0 < funnel["oracle"]["tokens_out"]
    assert 0 < funnel["tasks"]["wall_seconds"] <= funnel["tasks"]["busy_seconds"] + 0.01
    spent_in = sum(row.get("tokens_in", 0) for row in result.funnel)
    assert result.usage["per_accepted_env"]["input_tokens"] == spent_in == result.usage["input_tokens"]
    assert 7.0 in sleeps  # the 429s' Retry-After was honoured

    module = (tmp_path / "lib" / "max_element_env.py").read_text()
    assert "class MaxElementEnv" in module and "DraftEnv" not in module and "Example usage" not in module
    assert json.loads((tmp_path / "lib" / "synthesis.json").read_text())["envs"]["MaxElementEnv"]["problem"] == "HumanEval/35"
    answered = server.answered
    assert len(server.requests) == len(answered) + 2 + len(server.refusals)
    if kind == "reasoning":  # learnt from OpenAI's 400s (once per thread at most), then never sent again
        assert set(server.refusals) == {"max_tokens", "temperature"} and len(server.refusals) <= 4
        assert all("max_completion_tokens" in b and "max_tokens" not in b and "temperature" not in b for b in answered)
    elif kind == "anthropic":
        assert all(b["max_tokens"] == 4096 and b["system"] and {m["role"] for m in b["messages"]} <= {"user", "assistant"}
                   for b in answered)
    else:
        assert all(b["max_tokens"] == 4096 for b in answered)


def test_a_refused_key_stops_the_run_instead_of_failing_every_problem(endpoint, tmp_path):
    server = endpoint("anthropic", key="the-right-key")
    rows = (DATA / "problems.jsonl").read_text().splitlines()[:8]
    (tmp_path / "p.jsonl").write_text("\n".join(rows) + "\n")
    cfg = SynthConfig(out_dir=tmp_path / "lib", concurrency=2, verify=False)
    with pytest.raises(ChatError) as err:
        synthesize(read_problems(tmp_path / "p.jsonl")[0], client(server), cfg)
    assert err.value.fatal and err.value.status == 401 and "invalid x-api-key" in str(err.value)
    assert len(server.requests) <= 2  # one per worker at most; no retries of a 401


def test_chat_model_learns_refused_parameters_once(endpoint):
    server = endpoint("reasoning")
    model = client(server).model
    first = model.complete([{"role": "user", "content": "Problem id: HumanEval/35\nhi"}], temperature=0.3)
    assert "```python" in first.text and first.output_tokens > 300 and not first.truncated
    model.complete([{"role": "user", "content": "Problem id: HumanEval/35\nagain"}], temperature=0.3)
    assert server.refusals == ["max_tokens", "temperature"] and len(server.requests) == 4
    assert model.refused == {"temperature"}


def test_retries_run_out_with_a_clear_error(endpoint):
    server = endpoint("openai", too_many=10, retry_after="2")
    sleeps: list[float] = []
    with pytest.raises(ChatError) as err:
        client(server, sleeps).model.complete([{"role": "user", "content": "Problem id: HumanEval/35"}])
    assert "gave up after 4 attempts" in str(err.value) and "HTTP 429" in str(err.value) and not err.value.fatal
    assert len(server.requests) == 4 and len(sleeps) == 3 and min(sleeps) >= 2.0


def test_endpoint_checks_name_what_to_fix(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ValueError, match=r"\$OPENAI_API_KEY is not set"):
        resolve_endpoint("openai:gpt-5").check()
    with pytest.raises(ValueError, match="not an http"):
        resolve_endpoint("anthropic:claude", "127.0.0.1:9").check()
    with pytest.raises(ValueError, match="unknown LLM provider"):
        resolve_endpoint("gemini:x")
    with pytest.raises(ValueError, match="cannot reach the model API"):
        resolve_endpoint("openai:local", "http://127.0.0.1:9/v1").check_reachable(timeout=2)
    official = ChatModel(resolve_endpoint("openai:o3"))
    assert "max_completion_tokens" in official.body([{"role": "user", "content": "x"}])  # OpenAI's own API: the new name


def test_extraction_picks_the_module_wherever_it_stands():
    env = "from codegym_mcp.env import Environment\n\n\nclass AEnv(Environment):\n    pass\n"
    reply = (f"First a helper:\n```python\ndef helper(x):\n    return x\n```\nThen:\n```bash\npip install x\n```\n"
             f"The module:\n```python\n{env}```\nand a usage example:\n```python\nenv = AEnv()\n```\n")
    assert extract_code(reply, "env") == env
    assert extract_code("```python\nprint(1)\n```\n```py\ndef oracle(env):\n    env.Observe()\n```", "oracle").startswith("def oracle")
    assert extract_code("```python\nx = 1\n```\n```python\nclass Broken(:\n    long = 1\n```") == "class Broken(:\n    long = 1\n"


def test_original_solution_must_pass_its_own_unit_tests(tmp_path):
    cfg = SynthConfig(out_dir=tmp_path, limits=Limits(seconds=5))
    kodcode = ("import pytest\nfrom solution import longest\n\n\ndef test_basic():\n    assert longest(['a', 'bcd']) == 'bcd'\n\n\n"
               "@pytest.mark.parametrize('words, want', [(['x'], 'x'), (['ab', 'c'], 'ab')])\ndef test_many(words, want):\n"
               "    assert longest(words) == want\n\n\ndef test_with_fixture(tmp_path):\n    pass\n")
    good = "def longest(words):\n    return max(words, key=len)\n"
    assert stage_solution(Problem("k1", "q", good, "longest", "kodcode", kodcode), cfg) == {"tests": 3, "skipped": 1}
    assert stage_solution(Problem("k2", "q", good, "longest", "kodcode"), cfg) == {"tests": None}
    cases = [("def longest(words):\n    return min(words, key=len)\n", kodcode, "solution fails its own unit tests: 2 of 3 fail"),
             ("def longest(words):\n    while True:\n        pass\n", kodcode, "solution fails its own unit tests: tests: timed out"),
             (good, "from solution import nothing_here\n", "unit tests do not run: ImportError")]
    for solution, tests, reason in cases:
        with pytest.raises(Rejected) as rej:
            stage_solution(Problem("k", "q", solution, "longest", "kodcode", tests), cfg)
        assert rej.value.reason.startswith(reason), rej.value.reason


def test_cli_with_anthropic_and_the_difficulty_filter(endpoint, tmp_path):
    from click.testing import CliRunner

    from codegym_mcp.cli import main

    server = endpoint("anthropic")
    problems = tmp_path / "one.jsonl"
    problems.write_text((DATA / "problems.jsonl").read_text().splitlines()[0] + "\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["synth", str(problems), "--llm", "anthropic:fixture", "--base-url", server.url,
                                       "--out", str(out), "--oracle-samples", "1", "--no-verify", "--json",
                                       "--max-tokens", "2000", "--difficulty-agent", "random:3", "--max-pass", "0.25",
                                       "--difficulty-samples", "1", "--difficulty-tasks", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["accepted"] == ["MaxElementEnv"] and all(b["max_tokens"] == 2000 for b in server.requests)
    assert [r["stage"] for r in data["funnel"]] == ["problems in", "solution", "environment", "tasks", "oracle", "filters",
                                                    "difficulty", "export"]
    stored = json.loads((out / "synthesis.json").read_text())["envs"]["MaxElementEnv"]["difficulty"]
    assert stored["agent"] == "random:3" and stored["pass_rate"] <= 0.25 and stored["episodes"] == 2
    assert stored["samples_per_task"] == 1

    missing = CliRunner(env={"OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}).invoke(
        main, ["synth", str(problems), "--llm", "openai:gpt-5", "--out", str(tmp_path / "x")])
    assert missing.exit_code != 0 and "$OPENAI_API_KEY is not set" in missing.output


def test_the_harness_agents_learn_refused_parameters_too(endpoint):
    import anyio

    from agent_runners.llm import make_llm_agent

    server = endpoint("reasoning")
    agent = make_llm_agent("openai:o-fake", base_url=server.url, retry=RetryPolicy(attempts=3, base=0.001))
    body = {"model": "o-fake", "messages": [{"role": "user", "content": "Problem id: HumanEval/35"}], "max_tokens": 500,
            "temperature": 0.2}

    async def twice() -> list[dict]:
        try:
            return [(await agent.complete(dict(body)))[0] for _ in range(2)]
        finally:
            await agent.aclose()

    replies = anyio.run(twice)
    assert all("```python" in r["choices"][0]["message"]["content"] for r in replies)
    assert server.refusals == ["max_tokens", "temperature"]  # the second request went out right at once
    assert server.answered[-1]["max_completion_tokens"] == 500 and "temperature" not in server.answered[-1]


def test_a_stage_wall_time_counts_overlapping_problems_once():
    from codegym_mcp.synth.pipeline import StageClock

    clock = StageClock()
    for start, end in ((0.0, 2.0), (1.0, 3.0), (5.0, 6.0), (5.5, 5.7)):
        clock.add("oracle", start, end)
    assert clock.wall("oracle") == 4.0 and clock.wall("tasks") == 0.0
