"""stdio episodes from a warm process: `codegym-mcp serve ...` without a cold interpreter start per episode.

A zygote (the sandbox's fork server, `sandbox.zygote_loop`) imports the CLI, the MCP server and every shipped
environment once; per episode it forks a child that takes the pipes it is handed as fds 0/1/2 and runs the
ordinary `serve` command. Each episode is still its own OS process speaking MCP over its own stdin/stdout
(one stdio process = one episode), started in milliseconds instead of seconds. The env code imported here is
the shipped, trusted library; files served with `--sandbox` still go to sandbox workers from the child.
"""

from __future__ import annotations

import atexit
import gc
import os
import socket
import sys
import traceback
from dataclasses import dataclass
from typing import Any

from .sandbox import _Zygote, zygote_loop

__all__ = ["ServeChild", "StdioZygote", "start_stdio_zygote"]

START_TIMEOUT = 60.0  # seconds for the zygote to import everything (about 3.5 s of CPU on a quiet machine)
FORK_TIMEOUT = 30.0


@dataclass
class ServeChild:
    """One forked `serve` process: its pid and our ends of its stdin and stdout pipes."""

    pid: int
    stdin_fd: int
    stdout_fd: int


class StdioZygote:
    """The warm `serve` process of this harness; `spawn(serve_args)` forks one episode process from it."""

    def __init__(self, env: dict[str, str] | None = None, cwd: str | None = None):
        self._zygote = _Zygote(START_TIMEOUT, module=__name__, env=dict(os.environ if env is None else env),
                               cwd=cwd or os.getcwd())

    @property
    def alive(self) -> bool:
        return self._zygote.alive

    @property
    def pid(self) -> int:
        return self._zygote.proc.pid

    def spawn(self, serve_args: list[str], stderr_fd: int) -> ServeChild:
        """Fork `codegym-mcp <serve_args>` with fresh pipes as stdin/stdout and `stderr_fd` as stderr."""
        pid, in_w, out_r = self._zygote.fork_piped({"argv": serve_args, "cwd": os.getcwd()}, [stderr_fd], FORK_TIMEOUT)
        return ServeChild(pid, in_w, out_r)

    def exit_code(self, pid: int, timeout: float | None = 0) -> int | None:
        """The child's exit code (-N for signal N) once it has exited, else None."""
        return self._zygote.exit_code(pid, timeout)

    def kill(self, pid: int) -> None:
        """SIGKILL the child and anything it started."""
        self._zygote.kill(pid)

    def close(self) -> None:
        """Stop the zygote; it kills any child still running."""
        self._zygote.close()


def start_stdio_zygote(env: dict[str, str] | None = None) -> StdioZygote | None:
    """A warm zygote, or None where one cannot run (no fork or fd passing here, or it failed to start)."""
    if not (hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "SOCK_SEQPACKET")):
        return None
    try:
        return StdioZygote(env)
    except OSError:
        return None


# ---------------------------------------------------------------- inside the zygote


def _preload() -> None:
    """Everything a `serve` child needs, imported once: CLI, MCP server, the shipped library."""
    import anyio
    import mcp.server.stdio  # noqa: F401 - serve_stdio's transport

    from . import cli, server  # noqa: F401
    from .registry import default_registry

    for entry in default_registry().entries.values():  # every shipped env file imported here, not per episode
        if entry.env_cls is not None:
            entry.tool_infos()
    anyio.run(anyio.sleep, 0)  # the event loop machinery, once
    gc.collect()
    gc.freeze()  # children share these objects' pages instead of copying them on the first collection


def _serve_child(fds: list[int], req: dict[str, Any]) -> None:
    """In a forked child: the pipes become fds 0/1/2, then the `serve` command runs as in a fresh process."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.chdir(req["cwd"])
    os._exit(_run_cli(req["argv"]))


def _run_cli(argv: list[str]) -> int:
    from .cli import main

    code: int = 0
    try:
        main.main(args=argv, prog_name="codegym-mcp")
    except SystemExit as exc:  # click's standalone mode always ends here
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - what a fresh interpreter would print before dying
        traceback.print_exc()
        code = 1
    finally:
        atexit._run_exitfuncs()  # what a normal interpreter exit runs (os._exit skips it)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    return code


if __name__ == "__main__" and sys.argv[1:2] == ["--zygote"]:
    _preload()
    zygote_loop(int(sys.argv[2]), {}, _serve_child)
