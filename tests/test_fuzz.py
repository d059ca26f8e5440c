"""Fuzzing: random tool arguments against every shipped env, malformed JSON-RPC against stdio and HTTP.

Zero crashes of our code; every bad call gets a clear tool error or a JSON-RPC / HTTP error.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegym_mcp.registry import default_registry
from codegym_mcp.server import http_app

REGISTRY = default_registry()
JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=8)


def schema_value(schema: dict) -> st.SearchStrategy:
    kind = schema.get("type")
    return {"integer": st.integers(-1000, 1000), "number": st.floats(-1e6, 1e6, allow_nan=False),
            "string": st.text(max_size=12), "boolean": st.booleans(),
            "array": st.lists(st.integers(-5, 5), max_size=5)}.get(kind, JSON)


@st.composite
def tool_calls(draw):
    name = draw(st.sampled_from(REGISTRY.names()))
    entry = REGISTRY.entries[name]
    tool = draw(st.sampled_from(entry.tool_infos()))
    props = tool.input_schema.get("properties", {})
    args = {k: draw(schema_value(v) | JSON) for k, v in props.items() if draw(st.booleans()) or k in tool.input_schema.get("required", [])}
    if draw(st.integers(0, 9)) == 0:
        args[draw(st.text(min_size=1, max_size=6))] = draw(JSON)  # an unexpected argument
    return name, draw(st.sampled_from([tool.name, tool.name, "NoSuchTool"])), args, draw(st.integers(0, 3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tool_calls())
def test_random_arguments_never_crash_and_errors_are_clear(call):
    env, tool, args, warmup = call
    entry = REGISTRY.entries[env]
    episode = entry.episode(entry.tasks[0])
    for _ in range(warmup):
        episode.call("Observe")
    result = episode.call(tool, args)
    assert isinstance(result.text, str) and (result.text or not result.is_error)
    if result.is_error:
        assert not episode.errored, f"{env}.{tool}({args}) blamed the environment: {result.text}"
        assert len(result.text) >= 8 and "Traceback" not in result.text  # a sentence for the agent, not a dump
    json.dumps(result.value)


def rpc_frames():
    good = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "GetLength", "arguments": {}}}
    return [b"{", b"[]", b"null", b'"just a string"', b"{}", json.dumps({**good, "jsonrpc": "1.0"}).encode(),
            json.dumps({**good, "method": "no/such"}).encode(), json.dumps({**good, "params": "x"}).encode(),
            json.dumps({**good, "params": {"name": 5}}).encode(), json.dumps({**good, "id": {"x": 1}}).encode(),
            json.dumps([good, good]).encode(), b"\xff\xfe garbage", b'{"jsonrpc": "2.0", "id": 9, "method": "initialize"}',
            ("{" * 5000).encode()]


def test_malformed_frames_over_stdio_never_kill_the_server():
    proc = subprocess.Popen([sys.executable, "-m", "codegym_mcp.cli", "serve", "BinarySearchEnv"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ})
    init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                                                                          "clientInfo": {"name": "fuzz", "version": "0"}}}
    frames = [json.dumps(init).encode(), json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}).encode()]
    frames += rpc_frames()
    final = {"jsonrpc": "2.0", "id": 424242, "method": "tools/call", "params": {"name": "GetLength", "arguments": {}}}
    replies = []
    try:  # keep stdin open until the last call is answered (EOF would cancel requests still in flight)
        proc.stdin.write(b"\n".join(frames + [json.dumps(final).encode()]) + b"\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(r.get("id") == 424242 for r in replies):
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            line = proc.stdout.readline()
            if not line:
                break
            replies.append(json.loads(line))
    finally:
        proc.kill()
        proc.wait()
    answered = {r.get("id"): r for r in replies}
    assert 424242 in answered and "result" in answered[424242], replies[-3:]
    assert answered[424242]["result"]["isError"] is False  # still alive and serving after all the garbage
    assert any("error" in r for r in replies)


@pytest.mark.anyio
async def test_malformed_requests_over_http_get_4xx_or_jsonrpc_errors(http_server):
    base = http_server(http_app())
    async with httpx2.AsyncClient(timeout=30) as h:
        url = base + (await h.post(base + "/episodes", json={"env": "BinarySearchEnv"})).json()["url"]
        headers = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
        for version in ("2026-07-28", "2025-11-25"):
            for frame in rpc_frames():
                r = await h.post(url, content=frame, headers={**headers, "mcp-protocol-version": version,
                                                              "mcp-method": "tools/call", "mcp-name": "GetLength"})
                assert r.status_code < 500, (frame[:40], r.status_code, r.text[:200])
        for body in (b"{", b"[1, 2", b"\x00\x01", b"x" * (2 << 20)):
            r = await h.post(base + "/episodes", content=body, headers=headers)
            assert r.status_code in (400, 413), r.status_code
        assert (await h.get(base + "/healthz")).json()["ok"]
