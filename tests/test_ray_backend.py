"""The Ray backend on a local `ray.init()` cluster: same rows as a local run, nothing lost or duplicated."""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")

from agent_runners import RunConfig, run  # noqa: E402
from codegym_mcp.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", ignore_reinit_error=True)
    yield
    ray.shutdown()


def test_oracle_run_on_ray_matches_a_local_run(cluster, tmp_path):
    db = tmp_path / "runs.db"
    cfg = dict(agent="oracle", envs=["BinarySearchEnv", "MaxSubarrayEnv"], tasks_per_env=3, samples=2, oracle_steps=False)
    on_ray = run(RunConfig(**cfg, backend="ray"), str(db))
    local = run(RunConfig(**cfg, transport="memory"), str(db))
    store = Store(db)
    remote_eps, local_eps = store.episodes(on_ray.run_id), store.episodes(local.run_id)
    assert len(remote_eps) == len(local_eps) == 12 and on_ray.stats.success == 12
    key = lambda e: (e["env"], e["task_id"], e["sample"])  # noqa: E731
    assert sorted(map(key, remote_eps)) == sorted(map(key, local_eps))
    assert {(key(e), e["reward"], e["steps"]) for e in remote_eps} == {(key(e), e["reward"], e["steps"]) for e in local_eps}
    for e in remote_eps:  # every call of every episode made it to the driver's database
        assert len(store.tool_calls(e["id"])) == e["steps"] and store.messages(e["id"])
    assert store.run(on_ray.run_id)["status"] == "finished"
