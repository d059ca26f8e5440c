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
