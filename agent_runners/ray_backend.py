"""Ray backend: episodes of a run become Ray tasks spread over a cluster; rows stream back to one writer.

Each task builds its own agent and episode server on the node it lands on (in-memory MCP by default, or the
run's `--server`), plays its episode into an in-memory store, and returns the rows; the driver inserts them into
the run's SQLite file as tasks finish (`ray.wait`), so the single-writer store and resume work unchanged.
Ray is optional: `pip install -e ".[ray]"`.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any, Callable

import anyio

from codegym_mcp.store import Store

__all__ = ["play_on_ray"]


def _play_remote(params: dict[str, Any], run_id: str, spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Inside a Ray worker: play one episode and return its rows."""
    from codegym_mcp.registry import default_registry
    from codegym_mcp.server import ServeOptions

    from .episodes import EpisodeRunner, RunConfig, RunStats, make_run_agent
    from .plan import EpisodeSpec
    from .targets import make_target

    cfg = RunConfig.from_params(params)
    registry = default_registry()
    entry = registry.entries[spec["env"]]
    episode = EpisodeSpec(**{**spec, "entry": entry, "task": entry.get_task(spec["task_id"])})
    store = Store(":memory:")
    store.create_run(run_id=run_id, kind=cfg.kind, split=cfg.split, params=params)

    async def play() -> None:
        agent = make_run_agent(cfg)
        options = ServeOptions(max_steps=cfg.max_steps, reveal_answer=cfg.reveal_answer, tool_timeout=cfg.tool_timeout)
        target = make_target("memory" if cfg.server_url is None else cfg.transport, registry=registry, options=options,
                             server_url=cfg.server_url)
        try:
            async with target:
                await EpisodeRunner(cfg, agent, target, store, run_id, RunStats(total=1)).play(episode)
        finally:
            await agent.aclose()

    anyio.run(play)
    rows = {"episodes": store.episodes(run_id)}
    ids = [e["id"] for e in rows["episodes"]]
    rows["messages"] = [m for i in ids for m in store.messages(i)]
    rows["tool_calls"] = [t for i in ids for t in store.tool_calls(i)]
    store.close()  # stops the store's writer thread (the episode's rows were committed before play returned)
    return rows


def _insert(store: Store, rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    with store._lock:  # one writer: the driver
        store.db.table("episodes").insert_all(rows["episodes"])
        for table in ("messages", "tool_calls"):
            store.db.table(table).insert_all([{k: v for k, v in r.items() if k != "id"} for r in rows[table]])
    return rows["episodes"]


async def play_on_ray(params: dict[str, Any], run_id: str, specs: list[Any], store: Store, *, address: str | None,
                      on_episode: Callable[[dict[str, Any]], None], stop: anyio.Event) -> None:
    """Submit one Ray task per episode and write each result as it arrives."""
    import ray

    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, include_dashboard=False, logging_level=logging.ERROR)
    remote = ray.remote(_play_remote)
    pending = [remote.remote(params, run_id, {k: v for k, v in asdict(s).items() if k not in ("entry", "task")})
               for s in specs]
    while pending and not stop.is_set():
        done, pending = await anyio.to_thread.run_sync(lambda: ray.wait(pending, num_returns=1, timeout=1.0))
        for ref in done:
            for episode in _insert(store, ray.get(ref)):
                on_episode(episode)
    for ref in pending:  # stopped: what never ran stays unplayed, to be played on resume
        ray.cancel(ref, force=True)
