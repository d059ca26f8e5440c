"""Blocking calls off the event loop for the price of one future and one thread wake-up each, or inline
under a watchdog for trusted, quick code (no wake-up at all).

anyio's `to_thread` (cancel scope, capacity limiter, task lookups) costs more than a typical tool call itself.
Here a call goes to an idle worker thread (or a new one) and its outcome comes back through
`call_soon_threadsafe`. A worker stuck in a hung call is simply not idle: later calls get other threads, so
a hang never shrinks the pool, and the stuck thread rejoins (or exits) once its call returns.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["CallTimeout", "InlineGuard", "Offload", "inline", "offload"]

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
            rested = self.pool._rest(self)  # idle again before the caller hears back, so its next call reuses us
            try:
                loop.call_soon_threadsafe(_settle, future, ok, value)
            except RuntimeError:  # the loop is closed: nobody waits for this outcome
                pass
            del loop, future, fn, args, value  # an idle thread must not keep the last call's objects alive
            if not rested:
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


class _Overrun(BaseException):
    """Raised by the watchdog into a thread whose inline call ran past its limit. A BaseException, so that env
    code's `except Exception` does not swallow it."""


class InlineGuard:
    """Runs a call in the calling thread (an event loop's, typically), and raises CallTimeout into it if the call
    runs past its limit, via `PyThreadState_SetAsyncExc`.

    That interrupts Python code (a runaway loop) at its next bytecode, not a blocking system call (a sleep, a read)
    nor one long C operation: those end first, and the call is then reported as timed out. The exception is
    raised at most once per call, so code that swallows BaseException in a loop keeps running. Hence only for
    trusted in-process code, where a thread hop per call would cost more than the call (`Offload` otherwise).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[int, float]] = {}  # token -> (thread id, deadline)
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None
        self._wake_at = float("-inf")  # when the watchdog wakes next (+inf: only when notified)

    def __call__(self, timeout: float | None, fn: Callable[..., T], *args: Any) -> T:
        if timeout is not None and timeout <= 0:
            raise CallTimeout(f"no time to answer (a limit of {timeout:g} s)")
        if timeout is None:
            return fn(*args)
        token = self._arm(timeout)
        try:
            try:
                result = fn(*args)
            finally:
                overran = self._disarm(token)
        except _Overrun:
            self._disarm(token)  # it may have been delivered on the way into the first `_disarm`
            raise CallTimeout(f"no answer within {timeout:g} s") from None
        if overran:  # fired just as the call returned: it did run past its limit
            raise CallTimeout(f"no answer within {timeout:g} s")
        return result

    def _arm(self, timeout: float) -> int:
        token = next(self._tokens)
        deadline = time.monotonic() + timeout
        with self._cond:
            self._armed[token] = (threading.get_ident(), deadline)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="codegym-inline-watchdog", daemon=True)
                self._thread.start()
            if deadline < self._wake_at:  # wake the watchdog only if it would sleep past this deadline
                self._cond.notify()
        return token

    def _disarm(self, token: int) -> bool:
        """Whether the watchdog fired for `token`; afterwards nothing of it is pending or can fire. Idempotent."""
        fired = False
        while True:
            try:
                with self._cond:
                    entry = self._armed.pop(token, None)
                    if token in self._fired:
                        self._fired.discard(token)
                        fired = True
                        if entry is not None:  # set but perhaps not delivered yet: cancel it
                            _set_async_exc(entry[0], None)
                return fired
            except _Overrun:  # delivered while we were here
                fired = True

    def _watch(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                due = [t for t, (_, deadline) in self._armed.items() if deadline <= now and t not in self._fired]
                for token in due:
                    self._fired.add(token)
                    _set_async_exc(self._armed[token][0], _Overrun)
                pending = [d for t, (_, d) in self._armed.items() if t not in self._fired]
                self._wake_at = min(pending) if pending else float("inf")
                self._cond.wait(max(0.0, self._wake_at - now) if pending else None)


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


inline = InlineGuard()
"""The process's guard for inline tool calls."""
