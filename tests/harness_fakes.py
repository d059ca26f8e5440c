"""Fake LLM endpoints for the harness tests: the OpenAI Chat Completions and Anthropic Messages wire
formats, answering from scripted policies. No real LLM service is ever called.

A policy sees a `View` of the conversation (the tool calls made so far with their results, the
feedback since its last reply) and returns a `Reply`. The oracle-following policy needs no task id:
it re-runs the environment's oracle against the results already in the conversation, and emits the
first call the oracle makes beyond them.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from codegym_mcp.registry import EnvEntry, Task

BEGIN, END = "<|FunctionCallBegin|>", "<|FunctionCallEnd|>"
_BLOCK = re.compile(re.escape(BEGIN) + r"(.*?)" + re.escape(END), re.DOTALL)
REJECTED = re.compile(r"^Error: the (arguments|input) of ")  # the harness's words for a malformed call


@dataclass
class View:
    system: str
    tools: list[str]
    history: list[tuple[str, dict, str]]  # executed calls: (name, arguments, result text)
    feedback: list[str]  # tool results and user texts after the last assistant message
    turns: int  # assistant messages so far
    codegym: bool


@dataclass
class Reply:
    calls: list[tuple[str, dict]] = field(default_factory=list)
    text: str = ""
    malformed: bool = False  # emit the calls with broken arguments


Policy = Callable[[View], Reply]


# ---------------------------------------------------------------- policies


class _NeedCall(Exception):
    def __init__(self, name: str, args: dict):
        self.name, self.arguments = name, args


@dataclass
class _Result:
    text: str
    value: Any
    is_error: bool = False


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def oracle_next(entry: EnvEntry, history: list[tuple[str, dict, str]]) -> tuple[str, dict] | None:
    """The oracle's next call given the results so far (None: it has finished)."""
    seen = iter(history)

    def call(name: str, args: dict) -> _Result:
        step = next(seen, None)
        if step is None:
            raise _NeedCall(name, dict(args))
        assert (step[0], step[1]) == (name, dict(args)), f"conversation diverged from the oracle: {step} vs {(name, args)}"
        return _Result(step[2], _value(step[2]), step[2].startswith("Error"))

    try:
        entry.run_oracle(Task("replayed", {}), call)
    except _NeedCall as need:
        return need.name, need.arguments
    return None


def follow_oracle(entry: EnvEntry) -> Policy:
    def policy(view: View) -> Reply:
        nxt = oracle_next(entry, view.history)
        return Reply([nxt], text="Next step.") if nxt else Reply(text="I am done.")
    return policy


def wrong_answer(view: View) -> Reply:
    if not view.history:
        return Reply([("Observe", {})])
    return Reply([("Done", {"answer": 987654321})], text="The answer is 987654321.")


def malformed_then(policy: Policy, bad_turns: int = 2) -> Policy:
    """Broken tool calls for the first turns; once told what was wrong, a chatty turn, then `policy`."""
    def wrapped(view: View) -> Reply:
        if view.turns < bad_turns:
            if view.turns > 0:
                assert any("Error" in f for f in view.feedback), f"the malformed call was not reported: {view.feedback}"
            return Reply([("GetLength", {})], malformed=True)
        if view.turns == bad_turns:
            return Reply(text="Let me think without calling anything.")
        if view.turns == bad_turns + 1:
            assert any("did not call any tool" in f for f in view.feedback), view.feedback
        return policy(view)
    return wrapped


def talker(view: View) -> Reply:
    return Reply(text="I would rather chat.")


# ---------------------------------------------------------------- wire formats: reading requests


def _text(content: Any) -> str:
    """A Chat Completions message's text: a string, or a list of content parts (what the Agents SDK sends)."""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content or ""


def _openai_view(body: dict) -> View:
    messages = [{**m, "content": _text(m.get("content"))} for m in body["messages"]]
    codegym = "tools" not in body
    system = "\n".join(m["content"] for m in messages if m["role"] in ("system", "developer"))
    tools = [t["function"]["name"] for t in body.get("tools", [])] or re.findall(r"^def (\w+)\(", system, re.M)
    history: list[tuple[str, dict, str]] = []
    pending: dict[str, tuple[str, dict]] = {}
    queued: list[tuple[str, dict]] = []
    turns = 0
    feedback: list[str] = []
    for m in messages:
        if m["role"] == "assistant":
            turns += 1
            feedback = []
            if codegym:
                queued = _codegym_calls(m["content"] or "")
            for c in m.get("tool_calls") or []:
                try:
                    pending[c["id"]] = (c["function"]["name"], json.loads(c["function"]["arguments"]))
                except json.JSONDecodeError:
                    pass  # a malformed call is never executed
        elif m["role"] == "tool":
            feedback.append(m["content"])
            if m["tool_call_id"] in pending and not REJECTED.match(m["content"]):
                name, args = pending.pop(m["tool_call_id"])
                history.append((name, args, m["content"]))
        elif m["role"] == "user":
            feedback.append(m["content"])
            if codegym and queued:
                results = [r for r in re.split(r"(?:^|\n\n)Observation: ", m["content"]) if r][:len(queued)]
                history += [(n, a, r) for (n, a), r in zip(queued, results)]
                queued = []
    return View(system, tools, history, feedback, turns, codegym)


def _codegym_calls(text: str) -> list[tuple[str, dict]]:
    calls = []
    for block in _BLOCK.findall(text):
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            return []
        calls += [(c["name"], c.get("parameters") or {}) for c in (data if isinstance(data, list) else [data])]
    return calls


def _anthropic_view(body: dict) -> View:
    system = body.get("system") or ""
    tools = [t["name"] for t in body.get("tools", [])]
    history: list[tuple[str, dict, str]] = []
    pending: dict[str, tuple[str, dict]] = {}
    turns = 0
    feedback: list[str] = []
    for m in body["messages"]:
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if m["role"] == "assistant":
            turns += 1
            feedback = []
            for b in blocks:
                if b["type"] == "tool_use":
                    pending[b["id"]] = (b["name"], b["input"])
        else:
            for b in blocks:
                if b["type"] == "tool_result":
                    feedback.append(b["content"])
                    if b["tool_use_id"] in pending and not REJECTED.match(b["content"]):
                        name, args = pending.pop(b["tool_use_id"])
                        history.append((name, args, b["content"]))
                elif b["type"] == "text":
                    feedback.append(b["text"])
    return View(system, tools, history, feedback, turns, False)


# ---------------------------------------------------------------- wire formats: writing replies


def _usage(body: dict) -> tuple[int, int]:
    return len(json.dumps(body)) // 4, 12


def _openai_reply(reply: Reply, view: View, body: dict, n: int) -> dict:
    tokens_in, tokens_out = _usage(body)
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if view.codegym:
        if reply.malformed:
            message["content"] = f"{reply.text}{BEGIN}[{{\"name\": \"GetLength\", \"parameters\": {{{END}"
        elif reply.calls:
            calls = json.dumps([{"name": c, "parameters": a} for c, a in reply.calls])
            message["content"] = f"{reply.text}{BEGIN}{calls}{END}"
    elif reply.calls:
        message["tool_calls"] = [{"id": f"call_{n}_{i}", "type": "function", "function": {
            "name": c, "arguments": "{not json" if reply.malformed else json.dumps(a)}} for i, (c, a) in enumerate(reply.calls)]
    return {"id": f"chatcmpl-{n}", "object": "chat.completion", "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if reply.calls else "stop"}],
            "usage": {"prompt_tokens": tokens_in, "completion_tokens": tokens_out, "total_tokens": tokens_in + tokens_out}}


def _anthropic_reply(reply: Reply, view: View, body: dict, n: int) -> dict:
    tokens_in, tokens_out = _usage(body)
    content: list[dict] = [{"type": "text", "text": reply.text}] if reply.text else []
    content += [{"type": "tool_use", "id": f"toolu_{n}_{i}", "name": c, "input": "not an object" if reply.malformed else a}
                for i, (c, a) in enumerate(reply.calls)]
    return {"id": f"msg_{n}", "type": "message", "role": "assistant", "model": body["model"], "content": content,
            "stop_reason": "tool_use" if reply.calls else "end_turn",
            "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out}}


# ---------------------------------------------------------------- the server


class FakeLLM:
    """Both wire formats on one app. `failures` is a list of HTTP statuses returned, in order, before each
    request body is answered (e.g. [429, 500]); `always_fail` answers every request with that status.
    `gate_after_dones`: once that many Done calls were emitted, further requests wait for `release`."""

    def __init__(self, policy: Policy, *, failures: list[int] | None = None, always_fail: int | None = None,
                 gate_after_dones: int | None = None, hang_first: int = 0):
        self.policy = policy
        self.hang_first = hang_first  # the first N requests never get an answer (until `release`): client timeouts
        self.failures = failures or []
        self.always_fail = always_fail
        self.gate_after_dones = gate_after_dones
        self.attempts: Counter[str] = Counter()
        self.requests = 0
        self.dones = 0
        self.blocked = 0
        self.cond = threading.Condition()
        self.release = threading.Event()
        self.headers: list[dict[str, str]] = []
        self.bodies: list[dict] = []  # every request body, in order of arrival
        self.app = Starlette(routes=[Route("/v1/chat/completions", self._openai, methods=["POST"]),
                                     Route("/v1/messages", self._anthropic, methods=["POST"])])

    async def _answer(self, request: Request, view_of: Callable[[dict], View], reply_of: Callable[..., dict]) -> JSONResponse:
        body = await request.json()
        self.headers.append(dict(request.headers))
        self.bodies.append(body)
        key = json.dumps(body, sort_keys=True)
        self.attempts[key] += 1
        attempt = self.attempts[key]
        with self.cond:
            self.hang_first -= 1
            hang = self.hang_first >= 0
        if hang:
            await anyio.to_thread.run_sync(self.release.wait, 60)
            return JSONResponse({"error": "too late"}, 504)
        if self.always_fail:
            return JSONResponse({"error": {"message": "overloaded"}}, self.always_fail)
        if attempt <= len(self.failures):
            return JSONResponse({"error": {"message": "try again"}}, self.failures[attempt - 1], headers={"retry-after": "0"})
        with self.cond:
            gated = self.gate_after_dones is not None and self.dones >= self.gate_after_dones
            if gated:
                self.blocked += 1
                self.cond.notify_all()
        if gated:
            await anyio.to_thread.run_sync(self.release.wait, 60)
        view = view_of(body)
        reply = self.policy(view)
        with self.cond:
            self.requests += 1
            self.dones += sum(1 for c, _ in reply.calls if c == "Done") if not reply.malformed else 0
            n = self.requests
        return JSONResponse(reply_of(reply, view, body, n))

    async def _openai(self, request: Request) -> JSONResponse:
        return await self._answer(request, _openai_view, _openai_reply)

    async def _anthropic(self, request: Request) -> JSONResponse:
        return await self._answer(request, _anthropic_view, _anthropic_reply)

    def wait_blocked(self, n: int, timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: self.blocked >= n, timeout)


# ---------------------------------------------------------------- a registry of the two test environments

MAXGAP_TASKS = [
    {"id": "train-000", "split": "train", "difficulty": "easy", "config": {"numbers": [5, 1, 12, 7, 30, 29, 2], "strict": False}},
    {"id": "train-001", "split": "train", "difficulty": "medium", "config": {"numbers": [3, 9, 4, 20, 18, 1, 1, 40], "strict": False}},
    {"id": "test-000", "split": "test", "difficulty": "easy", "config": {"numbers": [10, 2, 8], "strict": False}},
]


def make_registry(tmp_path: Any) -> Any:
    """BinarySearchEnv (native, trusted) and MaxGapEnv (CodeGym format, sandboxed) with frozen tasks."""
    from pathlib import Path

    from codegym_mcp.registry import Registry

    from .conftest import MAXGAP

    registry = Registry()
    registry.add_file(Path(__file__).resolve().parent.parent / "environments" / "binary_search.py", trusted=True)
    task_file = Path(tmp_path) / "MaxGapEnv.jsonl"
    task_file.write_text("".join(json.dumps(t) + "\n" for t in MAXGAP_TASKS))
    registry.add_file(MAXGAP, task_file=task_file)
    return registry
