"""The harness: play many episodes concurrently through MCP and record everything as it happens.

A run plans its episodes (env x task x sample), plays them `concurrency` at a time (or on Ray), writes
every row through the store's batching writer, and can be interrupted and resumed exactly. One episode's
loop lives in `episodes.py`.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import threading
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.lowlevel

from codegym_mcp.registry import Registry, default_registry
from codegym_mcp.server import ServeOptions
from codegym_mcp.store import Store, StoreError, process_alive

from .episodes import UNFINISHED, EpisodeRunner, Progress, RunConfig, RunStats, make_run_agent
from .plan import EpisodeSpec, plan_episodes
from .protocol import Agent
from .targets import make_target

__all__ = ["RunConfig", "RunResult", "RunStats", "resume_run", "run", "run_async"]


@dataclass
class RunResult:
    run_id: str
    stats: RunStats
    skipped: list[dict[str, Any]]
    interrupted: bool = False
    aborted: str | None = None  # why the run stopped itself (the model API cannot be reached), if it did



def _plan(cfg: RunConfig, registry: Registry) -> tuple[list[EpisodeSpec], list[dict[str, Any]]]:
    if cfg.mcp:
        label = cfg.envs[0] if cfg.envs else "mcp"
        return [EpisodeSpec(label, "default", cfg.split, None, s) for s in range(cfg.samples)], []
    return plan_episodes(registry, split=cfg.split, envs=cfg.envs, tasks_per_env=cfg.tasks_per_env, samples=cfg.samples,
                         max_base_pass=cfg.max_base_pass)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("codegym-mcp")
    except Exception:  # noqa: BLE001 - a source tree without metadata
        return "0"


async def run_async(cfg: RunConfig | None, store: Store, *, registry: Registry | None = None, resume: str | None = None,
                    agent: Agent | None = None, progress: Progress | None = None, stop: anyio.Event | None = None,
                    handle_signals: bool = False, retry_errored: bool = False, concurrency: int | None = None) -> RunResult:
    """Run (or, with `resume=RUN_ID`, finish) a run; episodes already finished are never played again.

    `stop` (or SIGINT with `handle_signals`) ends the run cleanly: episodes in flight are recorded as
    `interrupted`, to be played again on resume.
    """
    registry = registry or default_registry()
    if resume is not None:
        row = store.run(resume)
        if row is None:
            raise ValueError(f"no run {resume!r} in {store.path}")
        cfg = RunConfig.from_params(json.loads(row["params"] or "{}"))
        run_id = resume
        if row["status"] == "running" and row.get("pid") != os.getpid() and process_alive(row.get("pid"), row.get("host")):
            raise ValueError(f"run {resume} is still running (process {row['pid']} on {row['host']}); "
                             "stop it first, or wait for it to finish")
    elif cfg is None:
        raise ValueError("give a RunConfig, or a run id to resume")
    if concurrency:
        cfg.concurrency = concurrency
    if cfg.mcp and cfg.agent == "oracle":
        raise ValueError("the oracle agent needs a registered environment; it cannot play a foreign --mcp server")
    if cfg.concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    cfg.transport = cfg.resolved_transport()  # stored resolved, so a resume serves episodes the same way
    specs, skipped = _plan(cfg, registry)
    agent = agent or make_run_agent(cfg)
    preflight = getattr(agent, "preflight", None)
    if callable(preflight):
        await preflight()  # no key, a bad URL, nobody listening: say so now, before any episode is recorded
    if resume is None:
        run_id = store.create_run(kind=cfg.kind, agent=agent.name, model=agent.model, split=cfg.split, params=cfg.to_params(),
                                  meta={"sampling": agent.sampling, "tool_format": agent.tool_format, "planned": len(specs),
                                        "skipped": skipped, "codegym_mcp": _version()})
        finished: set[tuple[str, str, int]] = set()
    else:
        finished = _prepare_resume(store, run_id, retry_errored)
        store.reopen_run(run_id)
    stats = RunStats(total=len(specs))
    for ep in store.episodes(run_id):
        stats.count(ep["status"], ep["reward"])
    todo = [s for s in specs if s.key not in finished]
    options = ServeOptions(max_steps=cfg.max_steps, reveal_answer=cfg.reveal_answer, tool_timeout=cfg.tool_timeout)
    target = make_target(cfg.transport, registry=registry, options=options, server_url=cfg.server_url, mcp=cfg.mcp,
                         concurrency=cfg.concurrency, episodes=len(todo))
    stop = stop or anyio.Event()
    interrupted = False
    runner: EpisodeRunner | None = None
    status = "crashed"  # unless the run gets to the end below
    if progress:
        progress(stats)
    try:
        async with target, anyio.create_task_group() as outer:
            runner = EpisodeRunner(cfg, agent, target, store, run_id, stats, progress, stop)
            # What is loaded by now (the registry, the libraries) lives as long as the run: leave it out of the
            # garbage collector's full passes, which otherwise stop the loop for ~0.2 s each under thousands of episodes.
            gc.freeze()
            episodes_scope = anyio.CancelScope()

            async def watch() -> None:
                await stop.wait()
                episodes_scope.cancel()

            outer.start_soon(watch)
            if handle_signals and threading.current_thread() is threading.main_thread():
                outer.start_soon(_sigint_sets, stop)
            with episodes_scope:
                if cfg.backend == "ray":
                    from .ray_backend import play_on_ray

                    def counted(episode: dict[str, Any]) -> None:
                        stats.count(episode["status"], episode["reward"])
                        if progress:
                            progress(stats)

                    await play_on_ray(cfg.to_params(), run_id, todo, store, address=cfg.ray_address,
                                      on_episode=counted, stop=stop)
                else:
                    await _play_all(runner, todo, cfg.concurrency, stop)
            interrupted = stop.is_set()
            outer.cancel_scope.cancel()
        status = "interrupted" if interrupted else "finished"
    finally:
        with anyio.CancelScope(shield=True):
            await agent.aclose()
            write_error = await anyio.to_thread.run_sync(_release_writer, store) if runner is not None else None
        _finish(store, run_id, status, write_error)
    return RunResult(run_id, stats, skipped, interrupted, runner.aborted if runner is not None else None)


async def _play_all(runner: EpisodeRunner, todo: list[EpisodeSpec], concurrency: int, stop: anyio.Event) -> None:
    slots = anyio.Semaphore(concurrency)

    async def one(spec: EpisodeSpec) -> None:
        try:
            await runner.play(spec)
        finally:
            slots.release()

    async with anyio.create_task_group() as tg:
        for spec in todo:
            await slots.acquire()  # spawn as slots free up, so a huge run holds only `concurrency` tasks
            if stop.is_set():
                slots.release()
                break
            tg.start_soon(one, spec)


async def _sigint_sets(stop: anyio.Event) -> None:
    with anyio.open_signal_receiver(signal.SIGINT) as signals:
        async for _ in signals:
            if stop.is_set():  # a second Ctrl-C: stop waiting for cleanup
                raise KeyboardInterrupt
            stop.set()


def _prepare_resume(store: Store, run_id: str, retry_errored: bool) -> set[tuple[str, str, int]]:
    """Drop the rows of episodes that did not finish (and errored ones if asked); the keys of those kept."""
    kept = set()
    for ep in store.episodes(run_id):
        if ep["status"] in UNFINISHED or (retry_errored and ep["status"] == "errored"):
            store.delete_episode(ep["id"])
        else:
            kept.add((ep["env"], ep["task_id"], int(ep["sample"] or 0)))
    return kept


def _release_writer(store: Store) -> StoreError | None:
    """Done with the store's writer (the last user commits every queued row and stops it); its error, if any."""
    try:
        store.release_writer()
    except StoreError as exc:
        return exc
    return None


def _finish(store: Store, run_id: str, status: str, write_error: StoreError | None) -> None:
    """Mark the run ended, after all its rows are written; a failed write is the run's error, not a footnote."""
    if write_error is None:
        store.finish_run(run_id, status)
        return
    try:
        store.finish_run(run_id, "crashed")
    except Exception:  # noqa: BLE001 - the database that failed the writer may refuse this too; report the first
        pass
    raise write_error


def _loop_options() -> dict[str, Any]:
    """uvloop when installed (a dependency off Windows): thousands of episodes in flight are mostly event-loop work."""
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return {}
    return {"use_uvloop": os.environ.get("CODEGYM_UVLOOP", "1") != "0"}


def run(cfg: RunConfig | None, db: str | Store = "runs.db", **kwargs: Any) -> RunResult:
    """Blocking `run_async` on a database path (or an open Store)."""
    store = db if isinstance(db, Store) else Store(db)
    try:
        return anyio.run(lambda: run_async(cfg, store, **kwargs), backend_options=_loop_options())
    finally:
        if not isinstance(db, Store):
            store.close()


def resume_run(run_id: str, db: str | Store = "runs.db", **kwargs: Any) -> RunResult:
    return run(None, db, resume=run_id, **kwargs)
