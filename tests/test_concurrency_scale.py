"""The harness keeps its concurrency: 256 episodes wide against a slow model endpoint, all waiting on it at once.

Before connection pools were sized to the run (issue #18), a run 512 wide never had more than 32 requests in
flight. The endpoint is `scale_fakes.py` in its own process (two-request episodes, 2 s per request).

Why 2 s and not 0.5 s: all 256 first requests can only overlap if every episode's setup (POST /episodes, MCP
handshake, tools, state) finishes within one answer delay. That costs ~13 ms of CPU per episode today (an
in-process HTTP server and httpx2 on one GIL), so 256 setups take ~3 s and a 0.5 s endpoint sees ~100-130
requests at once: a CPU limit, not a cap. The old pool caps show at any delay (32 in flight at 1.5 s).
"""

from __future__ import annotations

import pytest

from agent_runners.harness import RunConfig, run
from codegym_mcp.store import Store

from .scale_fakes import fetch_stats, slow_llm_process

CONCURRENCY = 256


@pytest.mark.timeout(60)
def test_256_episodes_wait_on_the_model_at_once(tmp_path):
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
