"""The harness keeps its concurrency: 256 episodes wide against a slow model endpoint, all waiting on it at once.

Before connection pools were sized to the run (issue #18), a run 512 wide never had more than 32 requests in
flight. The endpoint is `scale_fakes.py` in its own process (two-request episodes, 2 s per request).

The run's HTTP server is the default one: a child process of the run (`codegym_mcp.serve_child`), on its own core.
All 256 first requests can only overlap if every episode's setup (POST /episodes, MCP handshake, tools, state)
finishes within one answer delay. A whole 256-episode run costs the harness ~1.4 s of CPU (~5 ms an episode; the
server child about as much again; 2.4 s with the server in a thread of the harness). At 0.5 s both ways reach 256 on
an idle machine; 2 s leaves room for a machine busy with other work. The old pool caps showed at any delay (32 in
flight at 1.5 s).
"""

from __future__ import annotations

import pytest

from agent_runners.harness import RunConfig, run
from codegym_mcp.store import Store

from .scale_fakes import fetch_stats, slow_llm_process

CONCURRENCY = 256


@pytest.mark.timeout(60)
def test_256_episodes_wait_on_the_model_at_once(tmp_path, monkeypatch):
    monkeypatch.delenv("CODEGYM_HOSTED_SERVER", raising=False)  # the default: the server in a child process
    with slow_llm_process((2.0, 2.0)) as url:
        cfg = RunConfig(agent="openai:fake", base_url=url, split="train", envs=["BinarySearchEnv"], tasks_per_env=1,
                        samples=CONCURRENCY, concurrency=CONCURRENCY, oracle_steps=False, max_turns=4, retry_attempts=1)
        store = Store(str(tmp_path / "runs.db"))
        result = run(cfg, store)
        endpoint = fetch_stats(url)
        episodes = store.episodes(result.run_id)
        store.close()
    assert len(episodes) == CONCURRENCY
    assert [e["error"] for e in episodes if e["status"] != "terminated"] == []
    assert endpoint["requests"] == 2 * CONCURRENCY and endpoint["bad"] == 0
    assert endpoint["peak"] >= 230, f"only {endpoint['peak']} requests were in flight at once"
