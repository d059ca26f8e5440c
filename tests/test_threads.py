"""Offload runs blocking calls in worker threads: results and errors come back, a hung call times out without
holding up later calls, and idle threads are reused up to a cap."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from codegym_mcp.threads import CallTimeout, Offload


def test_results_errors_and_threads_come_back():
    pool = Offload("test-offload", max_idle=2)

    async def main() -> None:
        assert await pool(1.0, lambda a, b: a + b, 2, 3) == 5
        with pytest.raises(ZeroDivisionError):
            await pool(1.0, lambda: 1 // 0)
        names = {await pool(None, lambda: threading.current_thread().name) for _ in range(20)}
        assert names == {"test-offload"} and threading.current_thread().name != "test-offload"
        # sequential calls reuse one idle thread instead of starting one per call
        idents = {await pool(1.0, threading.get_ident) for _ in range(20)}
        assert len(idents) == 1

    asyncio.run(main())


def test_a_hung_call_times_out_and_later_calls_still_run():
    pool = Offload("test-offload-hang")
    release = threading.Event()

    async def main() -> None:
        start = time.monotonic()
        with pytest.raises(CallTimeout):
            await pool(0.2, release.wait, 30)
        assert time.monotonic() - start < 5
        # the stuck thread is not idle: these run on other threads meanwhile
        assert await asyncio.gather(*(pool(5.0, lambda i=i: i * i) for i in range(8))) == [i * i for i in range(8)]
        with pytest.raises(CallTimeout):
            await pool(0, lambda: 1)  # no time at all: not even started
        release.set()

    asyncio.run(main())


def test_idle_threads_beyond_the_cap_exit():
    pool = Offload("test-offload-cap", max_idle=3)
    gate = threading.Barrier(10)

    async def main() -> None:
        await asyncio.gather(*(pool(10.0, gate.wait, 10) for _ in range(10)))  # ten threads busy at once

    asyncio.run(main())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sum(t.name == "test-offload-cap" for t in threading.enumerate()) > 3:
        time.sleep(0.01)
    assert sum(t.name == "test-offload-cap" for t in threading.enumerate()) == 3
    assert len(pool._idle) == 3


def spin() -> None:
    while True:
        pass


def test_inline_calls_return_and_raise_in_the_calling_thread():
    from codegym_mcp.threads import inline

    assert inline(5.0, threading.get_ident) == threading.get_ident()
    with pytest.raises(ZeroDivisionError):
        inline(5.0, lambda: 1 // 0)
    with pytest.raises(CallTimeout):
        inline(0, lambda: 1)


def test_a_runaway_inline_call_is_stopped_at_its_limit_and_nothing_fires_later():
    from codegym_mcp.threads import inline

    def swallows_exceptions() -> None:
        while True:
            try:
                spin()
            except Exception:  # noqa: BLE001 - env code like this must not keep the watchdog's exception
                pass

    for fn in (spin, swallows_exceptions):
        start = time.monotonic()
        with pytest.raises(CallTimeout):
            inline(0.2, fn)
        assert 0.15 < time.monotonic() - start < 3
    # calls ending right around their limit: an exception is either reported as CallTimeout or not at all
    outcomes = {"ok": 0, "timeout": 0}
    for _ in range(60):
        try:
            inline(0.005, time.sleep, 0.005)
            outcomes["ok"] += 1
        except CallTimeout:
            outcomes["timeout"] += 1
    assert sum(outcomes.values()) == 60
    busy_until = time.monotonic() + 0.3
    while time.monotonic() < busy_until:  # plain code afterwards: no stray exception arrives
        sum(range(100))


def test_an_inline_call_blocked_in_a_system_call_is_reported_once_it_returns():
    from codegym_mcp.threads import inline

    start = time.monotonic()
    with pytest.raises(CallTimeout):
        inline(0.1, time.sleep, 0.4)
    assert time.monotonic() - start >= 0.4  # not interrupted: that is why only trusted code runs inline


def test_inline_calls_from_many_threads_are_watched_apart():
    from codegym_mcp.threads import inline

    results: dict[str, object] = {}

    def worker(label: str, fn: object) -> None:
        try:
            results[label] = inline(0.3, fn)  # type: ignore[arg-type]
        except CallTimeout:
            results[label] = "timeout"

    threads = [threading.Thread(target=worker, args=("spin", spin))]
    threads += [threading.Thread(target=worker, args=(f"quick{i}", lambda i=i: i)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == {"spin": "timeout", **{f"quick{i}": i for i in range(4)}}
