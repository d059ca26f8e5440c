"""Our HTTP app in a child process of the program that hosts it, on a socket the parent already bound.

The harness's `http` transport serves its episodes this way, so the server gets its own core and GIL instead of
sharing the harness's. The parent:

    proc = spawn_server(sock, options)      # `python -m codegym_mcp.serve_child`, handed the listening socket
    proc.wait_ready(timeout=60)             # blocks until the app answers; ServerStartError with its stderr if not
    ...                                     # clients connect to sock's address
    proc.close()                            # graceful stop, then kill

The child dies with its parent: it watches its stdin (a pipe only the parent writes) for EOF, and on Linux also
asks the kernel for SIGTERM when the parent thread that spawned it exits (spawn it from a thread that lives as
long as the server should). It serves the default registry: a registry object built in the parent cannot cross.
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import dataclasses
import gc
import json
import logging
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import ServeOptions

__all__ = ["ServerProcess", "ServerStartError", "options_from_json", "options_to_json", "raise_open_file_limit", "spawn_server"]

log = logging.getLogger("codegym_mcp.serve_child")

READY = b"ready\n"
EXIT_GRACE_SECONDS = 10.0  # after the parent is gone: time for a graceful shutdown before the child exits hard
STDERR_TAIL_LINES = 40
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServerStartError(RuntimeError):
    """The server child exited or did not get ready; the message carries the end of its stderr."""


def raise_open_file_limit() -> int:
    """Raise this process's soft limit on open files to its hard limit (every connection is a file); the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft >= hard:
        return soft
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ValueError, OSError):  # e.g. macOS refuses above OPEN_MAX: keep what we have
        return soft
    return wanted


def options_to_json(options: ServeOptions) -> str:
    return json.dumps(dataclasses.asdict(options))


def options_from_json(text: str) -> ServeOptions:
    """ServeOptions from `options_to_json`; unknown or missing fields are an error naming them, never ignored."""
    from .server import ServeOptions

    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"server options must be a JSON object, got {type(data).__name__}")
    known = {f.name for f in dataclasses.fields(ServeOptions)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown server options: {', '.join(unknown)}")
    return ServeOptions(**data)


# ---------------------------------------------------------------- parent side


class ServerProcess:
    """A running `serve_child`: its pid, readiness, the tail of its output, and how to stop it."""

    def __init__(self, popen: subprocess.Popen[bytes], ready_fd: int, lifeline_fd: int):
        self.popen = popen
        self.pid = popen.pid
        self._ready_fd = ready_fd
        self._lifeline_fd = lifeline_fd  # the child's stdin: closing it (or our death) tells it to stop
        self._tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._reader = threading.Thread(target=self._read_output, name=f"codegym-server-{self.pid}-output", daemon=True)
        self._reader.start()

    def _read_output(self) -> None:
        """Keep the child's last lines for error messages, and pass them on to our log."""
        assert self.popen.stdout is not None
        for raw in self.popen.stdout:
            line = raw.decode(errors="replace").rstrip()
            self._tail.append(line)
            log.warning("server process %d: %s", self.pid, line)

    def output_tail(self) -> str:
        self._reader.join(timeout=1.0)  # an exited child's last lines may still be in the pipe
        return "\n".join(self._tail)

    def wait_ready(self, timeout: float) -> None:
        """Block until the child serves requests; ServerStartError if it exits first or takes longer than `timeout`."""
        deadline = time.monotonic() + timeout
        got = b""
        try:
            while not got.endswith(READY):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self._ready_fd], [], [], remaining)[0]:
                    self.kill()
                    raise ServerStartError(f"the server process did not get ready within {timeout:g} s{self.last_words()}")
                chunk = os.read(self._ready_fd, 64)
                if not chunk:  # the child closed it without saying ready: it is exiting
                    code = self.popen.wait(timeout=10)
                    raise ServerStartError(f"the server process exited with code {code} before serving{self.last_words()}")
                got += chunk
        finally:
            os.close(self._ready_fd)
            self._ready_fd = -1

    def last_words(self) -> str:
        """The end of its output, for an error message: "; it said:\n..." or " (it printed nothing)"."""
        tail = self.output_tail()
        return f"; it said:\n{tail}" if tail else " (it printed nothing)"

    def close(self, timeout: float = 15.0) -> int | None:
        """Ask the child to stop (EOF on its stdin), wait up to `timeout`, else kill it. Its exit code."""
        if self._lifeline_fd >= 0:
            os.close(self._lifeline_fd)
            self._lifeline_fd = -1
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def stop(self, timeout: float = 15.0) -> None:
        """`close` without waiting: the child is told to stop now, and reaped (or killed after `timeout`) by a
        background thread. For callers that need nothing more from it, e.g. a run that has recorded everything."""
        threading.Thread(target=self.close, args=(timeout,), name=f"codegym-server-{self.pid}-stop", daemon=True).start()

    def kill(self) -> int | None:
        if self.popen.poll() is None:
            self.popen.kill()
        return self.popen.wait()

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def exited_within(self, seconds: float) -> bool:
        """Whether it exits within `seconds` (a dying server resets its connections before the kernel reports its
        exit: its threads end first)."""
        try:
            self.popen.wait(seconds)
        except subprocess.TimeoutExpired:
            return False
        return True


def _child_env() -> dict[str, str]:
    """Our environment; where this codegym_mcp is not installed in site-packages (a checkout the parent put on its
    path), its directory goes first on PYTHONPATH so that the child runs the same code."""
    import site

    here = Path(__file__).resolve().parent.parent
    installed = {Path(p).resolve() for p in [*site.getsitepackages(), site.getusersitepackages()]}
    if here in installed:
        return dict(os.environ)
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": str(here) + (os.pathsep + path if path else "")}


def spawn_server(sock: socket.socket, options: ServeOptions, *, python: str = sys.executable,
                 extra_args: Sequence[str] = ()) -> ServerProcess:
    """Start `python -m codegym_mcp.serve_child` serving the default registry on `sock` (bound and listening).
    Returns at once: call `wait_ready`. `extra_args` is for tests (e.g. a bad option)."""
    ready_r, ready_w = os.pipe()
    lifeline_r, lifeline_w = os.pipe()  # both ends not inheritable: no other child of ours keeps the child alive
    command = [python, "-m", "codegym_mcp.serve_child", "--fd", str(sock.fileno()), "--ready-fd", str(ready_w),
               "--parent-pid", str(os.getpid()), "--options", options_to_json(options), *extra_args]
    try:
        # Its own session: a Ctrl-C at the terminal reaches only the parent, which stops it after the run ends cleanly.
        popen = subprocess.Popen(command, stdin=lifeline_r, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 pass_fds=(sock.fileno(), ready_w), close_fds=True, start_new_session=True, env=_child_env())
    except BaseException:
        for fd in (ready_r, lifeline_w):
            os.close(fd)
        raise
    finally:
        os.close(ready_w)
        os.close(lifeline_r)
    return ServerProcess(popen, ready_r, lifeline_w)


# ---------------------------------------------------------------- child side


def _die_with_parent(parent_pid: int, on_parent_gone: Callable[[], None]) -> None:
    """SIGTERM from the kernel when the parent goes (Linux), and a thread that sees our stdin close (anywhere):
    it calls `on_parent_gone`, and ends the process if that has not within EXIT_GRACE_SECONDS."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the stdin watch below still works
    if os.getppid() != parent_pid:  # it died before we asked
        os._exit(1)

    def watch() -> None:
        while os.read(0, 4096):
            pass  # the parent never writes; only EOF matters
        on_parent_gone()
        time.sleep(EXIT_GRACE_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve(sock: socket.socket, options: ServeOptions, ready_fd: int, servers: list[Any]) -> int:
    """Serve until told to stop; `servers` gets the uvicorn server, for the parent watch to stop it."""
    import uvicorn

    from .httpfront import front_protocol
    from .registry import default_registry
    from .server import http_app

    class ReadyServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                gc.freeze()  # the libraries live as long as the server: keep them out of full collections (long pauses)
                os.write(ready_fd, READY)
                os.close(ready_fd)

    config = uvicorn.Config(http_app(default_registry(), options), lifespan="on", log_level="warning", access_log=False,
                            timeout_keep_alive=30, timeout_graceful_shutdown=5, backlog=65535,
                            http=front_protocol(options.request_timeout, options.max_connections))
    server = ReadyServer(config)
    servers.append(server)
    server.run(sockets=[sock])
    return 0 if server.started else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegym_mcp.serve_child", description=__doc__.splitlines()[0])
    parser.add_argument("--fd", type=int, required=True, help="the listening socket, inherited from the parent")
    parser.add_argument("--ready-fd", type=int, required=True, help="a pipe to write 'ready' to once serving")
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("--options", required=True, help="ServeOptions as JSON")
    args = parser.parse_args(argv)
    servers: list[Any] = []

    def stop() -> None:
        if not servers:  # still importing: nothing to shut down gracefully
            os._exit(1)
        servers[0].should_exit = True

    _die_with_parent(args.parent_pid, stop)  # first: the parent may die while we import the library
    raise_open_file_limit()
    os.set_inheritable(args.ready_fd, False)  # processes we start must not hold it open past our exit
    try:
        options = options_from_json(args.options)
    except (ValueError, TypeError) as exc:
        print(f"codegym-mcp server process: bad --options: {exc}", file=sys.stderr)
        return 2
    sock = socket.socket(fileno=args.fd)
    return _serve(sock, options, args.ready_fd, servers)


if __name__ == "__main__":
    sys.exit(main())
