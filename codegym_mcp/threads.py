"""Blocking calls off the event loop for the price of one future and one thread wake-up each.

anyio's `to_thread` (cancel scope, capacity limiter, task lookups) costs more than a typical tool call itself.
Here a call goes to an idle worker thread (or a new one) and its outcome comes back through
`call_soon_threadsafe`. A worker stuck in a hung call is simply not idle: later calls get other threads, so
a hang never shrinks the pool, and the stuck thread rejoins (or exits) once its call returns.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["CallTimeout", "Offload", "offload"]

T = TypeVar("T")


class CallTimeout(TimeoutError):
    """The call did not return within its time limit (it may still be running in its thread)."""


class Offload:
    """Worker threads for blocking calls made from asyncio code; at most `max_idle` wait for work."""

    def __init__(self, name: str = "codegym-offload", max_idle: int = 64):
        self.name = name
        self.max_idle = max_idle
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    async def __call__(self, timeout: float | None, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker thread; CallTimeout after `timeout` seconds (the thread is left to finish)."""
        if timeout is not None and timeout <= 0:
            raise CallTimeout(f"no time to answer (a limit of {timeout:g} s)")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self)
        worker.jobs.put((loop, future, fn, args))
        if timeout is None:
            return await future
        timer = loop.call_later(timeout, _expire, future, timeout)
        try:
            return await future
        finally:
            timer.cancel()

    def _rest(self, worker: _Worker) -> bool:
        """Put `worker` back on the idle list; False if enough threads are idle already (it exits)."""
        with self._lock:
            if len(self._idle) >= self.max_idle:
                return False
            self._idle.append(worker)
            return True


class _Worker:
    def __init__(self, pool: Offload):
        self.pool = pool
        self.jobs: queue.SimpleQueue[tuple[asyncio.AbstractEventLoop, asyncio.Future[Any], Callable[..., Any], tuple[Any, ...]]]
        self.jobs = queue.SimpleQueue()
        threading.Thread(target=self._run, name=pool.name, daemon=True).start()

    def _run(self) -> None:
        while True:
            loop, future, fn, args = self.jobs.get()
            try:
                ok, value = True, fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine, which decides
                ok, value = False, exc
            try:
                loop.call_soon_threadsafe(_settle, future, ok, value)
            except RuntimeError:  # the loop is closed: nobody waits for this outcome
                pass
            del loop, future, fn, args, value  # an idle thread must not keep the last call's objects alive
            if not self.pool._rest(self):
                return


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.done():  # timed out or cancelled meanwhile
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _expire(future: asyncio.Future[Any], timeout: float) -> None:
    if not future.done():
        future.set_exception(CallTimeout(f"no answer within {timeout:g} s"))


offload = Offload("codegym-tool")
"""The process's pool for tool calls (shared by every episode the process serves)."""
