"""A bounded soak on 127.0.0.1: many concurrent episodes over HTTP, zero failures, nothing leaks between them."""

from __future__ import annotations

import anyio
import httpx2
import pytest

from codegym_mcp.server import ServeOptions, http_app

EPISODES, CALLS = 100, 20  # the benchmark runs the big version (thousands of episodes)


@pytest.mark.anyio
async def test_many_concurrent_episodes_over_http(http_server):
    app = http_app(options=ServeOptions())
    base = http_server(app)
    meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
    failures: list[str] = []
    limits = httpx2.Limits(max_connections=50, max_keepalive_connections=50)
    with anyio.fail_after(120):
        async with httpx2.AsyncClient(timeout=30, limits=limits) as h:
            created = [(await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "seed": i, "difficulty": "easy"})).json()
                       for i in range(EPISODES)]

            async def play(info: dict) -> None:
                url = base + info["url"]
                for i in range(CALLS):
                    r = await h.post(url, json={"jsonrpc": "2.0", "id": i, "method": "tools/call",
                                                "params": {"name": "GetLength", "arguments": {}, "_meta": meta}},
                                     headers={"mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call",
                                              "mcp-name": "GetLength", "accept": "application/json, text/event-stream"})
                    if r.status_code != 200 or r.json()["result"]["isError"]:
                        failures.append(f"{info['episode_id']}: {r.status_code} {r.text[:100]}")

            async with anyio.create_task_group() as tg:
                for info in created:
                    tg.start_soon(play, info)
            states = [(await h.get(base + f"/episodes/{info['episode_id']}")).json() for info in created]
    assert failures == []
    assert all(s["steps"] == CALLS and not s["done"] for s in states)  # each episode saw exactly its own calls
    assert len({s["episode_id"] for s in states}) == EPISODES
    assert len(app.state.episodes.episodes) == EPISODES
