from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
MAXGAP = DATA / "codegym" / "MaxGapEnv.py"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def oracle_calls(env: Any, task: Any) -> list[tuple[str, dict]]:
    """The oracle's tool calls for a task (names or objects), recorded on a local episode, to replay through a client."""
    from codegym_mcp.registry import default_registry

    entry = default_registry().get(env) if isinstance(env, str) else env
    task = entry.get_task(task) if isinstance(task, str) else task
    episode = entry.episode(task)
    calls: list[tuple[str, dict]] = []

    def record(name: str, args: dict) -> Any:
        calls.append((name, dict(args)))
        return episode.call(name, args)

    entry.run_oracle(task, record)
    return calls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def http_server() -> Iterator[callable]:
    """Start ASGI apps with uvicorn on 127.0.0.1 in a thread; stopped at teardown."""
    import uvicorn

    servers = []

    def start(app) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("test HTTP server did not start")
            time.sleep(0.01)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
