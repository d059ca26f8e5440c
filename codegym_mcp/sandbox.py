"""Run untrusted environment code in a limited worker process, one per episode.

The worker imports the env file and keeps the env alive, so a tool call costs one round trip over a
pipe (JSON lines), not a process start. Limits: CPU seconds, address space, file size, process count
(the kernel ignores that one for root, so fork/exec are also refused inside Python), a wall-clock
timeout per call, an environment without our secrets, and a scratch working directory. The worker
talks over private copies of its stdin/stdout; the env's own prints go to stderr, so they can never
corrupt an MCP stdio stream. A dead or hung worker makes the call an environment failure.
Workers are forked from a zygote (see `_Zygote`), or started as fresh interpreters where it cannot run.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from .env import ToolInfo
from .episode import EnvironmentFailure, Outcome, ToolResult

__all__ = ["DEFAULT_LIMITS", "SandboxBackend", "SandboxLimits", "describe_file", "isolation", "require_isolation", "worker_job"]


@dataclass(frozen=True)
class SandboxLimits:
    cpu_seconds: int = 120
    memory_mib: int = 2048
    file_size_mib: int = 16
    processes: int = 64
    call_timeout: float = 10.0
    start_timeout: float = 20.0


DEFAULT_LIMITS = SandboxLimits()

_SAFE_ENV_KEYS = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "PYTHONHASHSEED", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                  "CODEGYM_SANDBOX_ISOLATION")  # "0" turns kernel isolation off (for tests of the fallback)


def _child_env() -> dict[str, str]:
    env = {k: os.environ[k] for k in _SAFE_ENV_KEYS if k in os.environ}
    if STRICT:
        env["CODEGYM_SANDBOX_STRICT"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _limit(limits: SandboxLimits) -> None:  # runs in the worker before it reads any request
    import resource

    mib = 1 << 20
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mib * mib, limits.memory_mib * mib))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mib * mib, limits.file_size_mib * mib))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


STRICT = os.environ.get("CODEGYM_SANDBOX_STRICT") == "1"  # refuse to run env code without kernel isolation


def isolation() -> dict[str, Any]:
    """How workers are isolated here: {"isolated": bool, "detail": str}. Starts the zygote if needed."""
    global _FRESH_ISOLATION
    zygote = _zygote()
    if zygote is not None:
        return dict(zygote.isolation)
    if _FRESH_ISOLATION is None:  # fresh interpreters: ask one
        try:
            out = subprocess.run([sys.executable, "-m", "codegym_mcp.sandbox", "--probe"], capture_output=True,
                                 env=_child_env(), cwd=tempfile.gettempdir(), timeout=60, check=False).stdout
            _FRESH_ISOLATION = json.loads(out.decode().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError, subprocess.TimeoutExpired) as exc:
            _FRESH_ISOLATION = {"isolated": False, "detail": f"the isolation probe failed: {exc}"}
    return dict(_FRESH_ISOLATION)


_FRESH_ISOLATION: dict[str, Any] | None = None


def require_isolation() -> dict[str, Any]:
    """From now on, refuse to run env code without kernel isolation (`--sandbox strict`); raise if it is unavailable."""
    global STRICT
    status = isolation()
    if not status["isolated"]:
        raise RuntimeError(f"kernel isolation of sandbox workers is unavailable: {status['detail']}")
    STRICT = True
    return status


def _spawn_worker(limits: SandboxLimits, scratch: str) -> Any:
    if STRICT and not isolation()["isolated"]:
        raise EnvironmentFailure("sandbox workers cannot be isolated here, and strict mode is on")
    zygote = _zygote()
    if zygote is not None:
        try:
            return zygote.spawn(limits, scratch)
        except OSError:
            pass  # the zygote died under us: a fresh interpreter still works
    return _spawn_fresh(limits, scratch)


def _spawn_fresh(limits: SandboxLimits, scratch: str) -> subprocess.Popen[bytes]:
    # The worker applies its own limits before reading anything (no preexec_fn: spawning is safe from any thread).
    return subprocess.Popen(
        [sys.executable, "-m", "codegym_mcp.sandbox", json.dumps(asdict(limits))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        cwd=scratch, env=_child_env(), start_new_session=True,
    )


def _kill_group(proc: Any) -> None:
    """SIGKILL a worker and anything it started (each worker leads its own session)."""
    if isinstance(proc, _ForkedWorker):
        proc.kill()
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


# ---------------------------------------------------------------- the zygote


ZYGOTE = os.environ.get("CODEGYM_SANDBOX_ZYGOTE", "1") != "0"
_SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # fork-safe BLAS


class _ForkedWorker:
    """A worker forked by the zygote, with the part of the Popen interface the sandbox uses."""

    def __init__(self, zygote: "_Zygote", pid: int, stdin_fd: int, stdout_fd: int):
        self.zygote, self.pid = zygote, pid
        self.returncode: int | None = None
        self.stdin = os.fdopen(stdin_fd, "wb")
        self.stdout = os.fdopen(stdout_fd, "rb")

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.zygote.exit_code(self.pid, timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            code = self.zygote.exit_code(self.pid, timeout=30.0 if timeout is None else timeout)
            if code is None:
                if timeout is not None:
                    raise subprocess.TimeoutExpired("codegym sandbox worker", timeout)
                code = -signal.SIGKILL  # a zygote that stopped answering: never hang the server on it
            self.returncode = code
        return self.returncode

    def kill(self) -> None:
        self.zygote.kill(self.pid)


class _Zygote:
    """One clean process, started like a worker (no secrets, our modules imported), that forks a fresh worker
    per episode: a fork costs milliseconds where a new interpreter costs ~0.2 s of CPU. Untrusted code only ever
    runs in the forked children, so every episode still starts from the same clean state. The zygote alone
    reaps its children and kills them on request, so a pid it names can never have been reused."""

    def __init__(self, start_timeout: float = 30.0, *, module: str = "codegym_mcp.sandbox", env: dict[str, str] | None = None,
                 cwd: str | None = None):
        """Start `python -m MODULE --zygote FD` (whose main calls `zygote_loop`), by default the sandbox's."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**(_child_env() if env is None else env), **_SINGLE_THREADED}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, "--zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=cwd or tempfile.gettempdir(), env=env, start_new_session=True,
        )
        theirs.close()
        self.sock, self.owner = ours, os.getpid()
        self.cond = threading.Condition()
        self.send_lock = threading.Lock()
        self.pids: dict[int, int] = {}  # request id -> forked pid
        self.exits: dict[int, int] = {}  # pid -> return code (Popen convention: -N for signal N)
        self.alive, self.ready, self.next_id = True, False, 0
        self.isolation: dict[str, Any] = {"isolated": False, "detail": "the zygote has not reported"}
        threading.Thread(target=self._read, name="codegym-sandbox-zygote", daemon=True).start()
        with self.cond:
            self.cond.wait_for(lambda: self.ready or not self.alive, timeout=start_timeout)
        if not self.ready:
            self.close()
            raise OSError("the sandbox zygote did not start")

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                data = b""
            with self.cond:
                if not data:
                    self.alive = False
                    self.cond.notify_all()
                    return
                msg = json.loads(data)
                if "ready" in msg:
                    self.ready = True
                    self.isolation = msg.get("isolation", self.isolation)
                elif "exit" in msg:
                    self.exits[msg["exit"]] = msg["code"]
                else:
                    self.pids[msg["id"]] = msg["pid"]
                self.cond.notify_all()

    def _send(self, msg: dict[str, Any], fds: list[int] | None = None) -> None:
        with self.send_lock:
            socket.send_fds(self.sock, [json.dumps(msg).encode()], fds or [])

    def spawn(self, limits: SandboxLimits, scratch: str) -> _ForkedWorker:
        pid, in_w, out_r = self.fork_piped({"limits": asdict(limits), "scratch": scratch}, [], limits.start_timeout)
        return _ForkedWorker(self, pid, in_w, out_r)

    def fork_piped(self, request: dict[str, Any], extra_fds: list[int], timeout: float) -> tuple[int, int, int]:
        """`fork` with fresh pipes as the child's stdin and stdout (then `extra_fds`): its pid and our two ends."""
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            try:
                pid = self.fork(request, [in_r, out_w, *extra_fds], timeout)
            finally:
                os.close(in_r)  # the child has its own copies
                os.close(out_w)
        except BaseException:
            os.close(in_w)
            os.close(out_r)
            raise
        return pid, in_w, out_r

    def fork(self, request: dict[str, Any], fds: list[int], timeout: float) -> int:
        """Have the zygote fork a child for `request`, handing it copies of `fds` (at most 3); the child's pid."""
        with self.cond:
            self.next_id += 1
            rid = self.next_id
        self._send({**request, "op": "spawn", "id": rid}, fds)
        with self.cond:
            self.cond.wait_for(lambda: rid in self.pids or not self.alive, timeout=timeout)
            pid = self.pids.pop(rid, None)
        if pid is None:
            raise OSError("the zygote did not fork a child")
        return pid

    def exit_code(self, pid: int, timeout: float | None) -> int | None:
        with self.cond:
            self.cond.wait_for(lambda: pid in self.exits or not self.alive, timeout=timeout)
            if pid in self.exits:
                return self.exits.pop(pid)
            return None if self.alive else -signal.SIGKILL  # the zygote took its children with it

    def kill(self, pid: int) -> None:
        try:
            self._send({"op": "kill", "pid": pid})
        except OSError:
            pass  # the zygote is gone, and its children with it

    def close(self) -> None:
        try:
            self.sock.close()  # the zygote kills its children and exits when its socket closes
        finally:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


_ZYGOTE_LOCK = threading.Lock()
_ZYGOTE_PROC: _Zygote | None = None
_ZYGOTE_FAILED = False


def _zygote() -> _Zygote | None:
    """The process's zygote, started on first use; None where it cannot run (then workers start fresh)."""
    global _ZYGOTE_PROC, _ZYGOTE_FAILED
    if not ZYGOTE or _ZYGOTE_FAILED:
        return None
    with _ZYGOTE_LOCK:
        z = _ZYGOTE_PROC
        if z is not None and (not z.alive or z.owner != os.getpid()):  # died, or we are a forked copy
            _ZYGOTE_PROC = z = None
        if z is None:
            try:
                _ZYGOTE_PROC = z = _Zygote()
            except (OSError, AttributeError):  # AttributeError: no SOCK_SEQPACKET / send_fds on this platform
                _ZYGOTE_FAILED = True
                return None
            atexit.register(z.close)
        return z


class _WorkerPool:
    """A few idle workers started ahead, so an episode starts in milliseconds even when the zygote is
    unavailable and a worker is a fresh Python (~0.2 s). Workers are never reused across episodes."""

    def __init__(self, size: int):
        self.size = size
        self.idle: list[tuple[Any, str, SandboxLimits]] = []
        self.lock = threading.Lock()
        self.refilling = False
        atexit.register(self.drain)

    def take(self, limits: SandboxLimits) -> tuple[Any, str]:
        taken = None
        with self.lock:
            for i, (proc, scratch, lim) in enumerate(self.idle):
                if lim == limits and proc.poll() is None:
                    taken = self.idle.pop(i)[:2]
                    break
        self._refill(limits)
        if taken is not None:
            return taken
        scratch = tempfile.mkdtemp(prefix="codegym-sandbox-")
        return _spawn_worker(limits, scratch), scratch

    def _refill(self, limits: SandboxLimits) -> None:
        if self.size <= 0:
            return
        with self.lock:
            if self.refilling:
                return
            self.refilling = True

        def fill() -> None:
            try:
                while True:
                    with self.lock:
                        stale = [w for w in self.idle if w[2] != limits or w[0].poll() is not None]
                        self.idle = [w for w in self.idle if w not in stale]
                        if len(self.idle) >= self.size:
                            break
                    for proc, scratch, _ in stale:
                        _discard(proc, scratch)
                    scratch = tempfile.mkdtemp(prefix="codegym-sandbox-")
                    worker = (_spawn_worker(limits, scratch), scratch, limits)
                    with self.lock:
                        self.idle.append(worker)
            finally:
                with self.lock:
                    self.refilling = False

        threading.Thread(target=fill, name="codegym-sandbox-pool", daemon=True).start()

    def drain(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for proc, scratch, _ in idle:
            _discard(proc, scratch)


def _discard(proc: Any, scratch: str) -> None:
    _kill_group(proc)
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
    shutil.rmtree(scratch, ignore_errors=True)


POOL = _WorkerPool(int(os.environ.get("CODEGYM_SANDBOX_POOL", "2")))


def worker_job(message: dict[str, Any], *, timeout: float = 60.0, limits: SandboxLimits | None = None) -> dict[str, Any]:
    """Run one request (describe, generate, run) in a fresh worker and return its reply."""
    backend = SandboxBackend.__new__(SandboxBackend)
    backend.limits = limits or DEFAULT_LIMITS
    backend.proc, backend.scratch = POOL.take(backend.limits)
    try:
        return backend._request(_with_source(message), timeout=timeout)
    finally:
        backend.close()


def _with_source(message: dict[str, Any]) -> dict[str, Any]:
    """The env file's text travels with the request: an isolated worker cannot see the host's copy."""
    if "path" in message and "source" not in message:
        return {**message, "source": Path(message["path"]).read_bytes().decode("utf-8", errors="replace")}
    return message


def run_in_worker(function: Callable[[dict[str, Any]], dict[str, Any]], message: dict[str, Any], *,
                  timeout: float = 60.0) -> dict[str, Any]:
    """`function(message)` inside a fresh, locked-down worker: for our own code that must handle an env file's
    objects (the verifier's checks). `function` is module-level in codegym_mcp; the worker imports it by name."""
    name = f"{function.__module__}:{function.__qualname__}"
    return worker_job({**message, "op": "run", "function": name}, timeout=timeout)


def load_env_file(kind: str, path: str, env: str | None = None) -> Any:
    """Inside a worker: the env classes of a native file (or the one named `env`), or a CodeGym file's spec."""
    if kind == "native":
        from .envfiles import import_env_module

        classes = {c.env_name: c for c in import_env_module(Path(path))}
        return classes if env is None else classes[env]
    from .legacy import load_codegym_file

    return load_codegym_file(path)


def describe_file(path: Path) -> list[dict[str, Any]]:
    """Names, docs and tool schemas of the envs in an untrusted file, learned inside a worker."""
    return worker_job({"op": "describe", "path": str(Path(path).resolve())})["envs"]


class SandboxBackend:
    """A Backend whose env lives in a worker process."""

    def __init__(self, entry: Any, task: Any, limits: SandboxLimits | None = None, *, rebuild: bool = True):
        self.limits = limits or DEFAULT_LIMITS
        self.env_name = entry.name
        self.config = task.config
        self.rebuild = rebuild
        self.timed_out = False
        self.history: list[tuple[str, dict[str, Any], bool, str]] = []  # calls that changed the worker's state
        self._init = {"op": "init", "kind": entry.kind, "path": str(Path(entry.path).resolve()), "env": entry.name,
                      "config": task.config, "seed": task.seed,
                      "statement": entry.statement_text() if entry.kind == "codegym" else None}
        self._init = _with_source(self._init)
        self._start()

    def _start(self) -> None:
        self.proc, self.scratch = POOL.take(self.limits)
        reply = self._request(self._init, timeout=self.limits.start_timeout)
        self._tools = [ToolInfo(t["name"], t["description"], t["input_schema"]) for t in reply["tools"]]
        self._instructions = reply["instructions"]

    def _restore(self) -> None:
        """A fresh worker brought to the same state by replaying the recorded calls; they must answer the same."""
        self._kill()
        shutil.rmtree(self.scratch, ignore_errors=True)
        self._start()
        for name, arguments, reveal, text in self.history:
            r = self._request({"op": "invoke", "name": name, "arguments": arguments, "reveal": reveal})
            if r["text"] != text:
                raise EnvironmentFailure(f"the environment is not deterministic: replaying {name} gave a different answer")

    def _request(self, message: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        if self.proc.poll() is not None:
            raise EnvironmentFailure(f"sandbox worker is gone (exit code {self.proc.returncode})")
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._kill()
            raise EnvironmentFailure(f"sandbox worker died (exit code {self.proc.returncode})") from None
        line = self._readline(timeout if timeout is not None else self.limits.call_timeout)
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            self._kill()
            raise EnvironmentFailure("sandbox worker sent a malformed reply") from None
        if not reply.get("ok"):
            raise EnvironmentFailure(reply.get("error", "sandbox worker failed"))
        return reply

    def _readline(self, timeout: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        chunks = bytearray()
        poller = select.poll()  # not select.select(): a server with hundreds of workers has fds past its 1024 limit
        poller.register(fd, select.POLLIN)
        while not chunks.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._kill()
                self.timed_out = True
                raise EnvironmentFailure(f"environment did not answer within {timeout:g}s (worker killed)")
            ready = poller.poll(remaining * 1000)
            if not ready:
                continue
            data = os.read(fd, 1 << 16)
            if not data:
                code = self.proc.wait()
                self._kill()
                why = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
                raise EnvironmentFailure(f"sandbox worker died ({why})")
            chunks += data
        return bytes(chunks)

    def tools(self) -> list[ToolInfo]:
        return self._tools

    def instructions(self) -> str:
        return self._instructions

    def invoke(self, name: str, arguments: dict[str, Any], *, reveal: bool) -> Outcome:
        try:
            r = self._request({"op": "invoke", "name": name, "arguments": arguments, "reveal": reveal})
        except EnvironmentFailure as exc:
            if not self.rebuild or self.proc.poll() is None or self.timed_out:
                raise  # a refused call, or a hang (which ends the episode): only a crash is rebuilt
            self._restore()  # raises if the env cannot be rebuilt
            return Outcome(ToolResult(f"Environment error: {exc}. The environment was restored by replaying the "
                                      "earlier calls; this call had no effect.", is_error=True))
        self.history.append((name, arguments, reveal, r["text"]))
        return Outcome(ToolResult(r["text"], r.get("value"), r["is_error"]), r["ended"], r.get("reward"))

    def reference_answer(self) -> Any:
        return self._request({"op": "reference"})["value"]

    def _kill(self) -> None:
        if self.proc.poll() is None:
            _kill_group(self.proc)
            self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=1)
            except (subprocess.TimeoutExpired, OSError):
                pass
        self._kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __del__(self) -> None:  # a forgotten episode must not leave a process or a scratch dir behind
        try:
            self._kill()
            shutil.rmtree(self.scratch, ignore_errors=True)
        except Exception:  # noqa: BLE001
            pass


# ---------------------------------------------------------------- the worker side


def _refuse(*_: Any, **__: Any) -> Any:
    raise PermissionError("starting processes is not allowed inside the codegym sandbox")


def _refuse_fs(*_: Any, **__: Any) -> Any:
    raise PermissionError("changing files is not allowed inside the codegym sandbox")


_JAIL: Any = None  # the kernel isolation this worker entered (a `_jail.Jail`), if any
_LOCKED = False


def _lock_down(msg: dict[str, Any]) -> None:
    """Right before env code loads: drop the kernel privileges the worker kept for setup (see `_jail.lock`),
    then refuse process creation and file writes outside the scratch directory at the Python level too.

    Without kernel isolation the Python guards are all there is: they stop env code that uses the standard
    library, not a determined attacker (RLIMIT_NPROC does not bind root).
    """
    global _LOCKED
    if _LOCKED:
        return
    _LOCKED = True
    if _JAIL is not None:
        from . import _jail

        _jail.lock(_JAIL, msg.get("path"), msg.get("source"))
    import builtins
    import io
    import subprocess as sp

    scratch = os.path.realpath(os.getcwd())
    real_open, real_os_open = builtins.open, os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def inside(path: Any) -> bool:
        if isinstance(path, int):
            return True  # an already-open descriptor
        full = os.path.realpath(os.fspath(path))
        return full == scratch or full.startswith(scratch + os.sep)

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and not inside(file):
            raise PermissionError(f"writing outside the sandbox's scratch directory is not allowed: {file}")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing and not inside(path):
            raise PermissionError(f"writing outside the sandbox's scratch directory is not allowed: {path}")
        return real_os_open(path, flags, *args, **kwargs)

    builtins.open = io.open = guarded_open  # type: ignore[assignment]
    os.open = guarded_os_open  # type: ignore[assignment]
    for name in ("remove", "unlink", "rmdir", "rename", "replace", "chmod", "chown", "symlink", "link", "truncate"):
        if hasattr(os, name):
            setattr(os, name, _refuse_fs)

    for name in ("fork", "forkpty", "system", "popen", "execv", "execve", "execl", "execle", "execlp", "execvp",
                 "execvpe", "spawnl", "spawnle", "spawnv", "spawnve", "posix_spawn", "posix_spawnp", "kill", "killpg"):
        if hasattr(os, name):
            setattr(os, name, _refuse)
    sp.Popen = _refuse  # type: ignore[assignment,misc]


def _preload() -> None:
    """Imports and first-use costs paid while idle (in a pool worker, or once in the zygote), with our code only."""
    import gymnasium  # noqa: F401 - CodeGym files import it
    from pydantic import BaseModel

    from . import envfiles, legacy  # noqa: F401
    from .env import Environment, tool
    from .episode import NativeBackend

    class _Warm(Environment):  # defining and running an env builds pydantic's and our schema machinery once
        """Warm-up."""

        class Config(BaseModel):
            nums: list[int]

        answer_type = int

        def observe(self) -> str:
            return "warm"

        def reference_answer(self) -> int:
            return 0

        @tool
        def Get(self, index: int) -> int:
            """Return an element.

            Args:
                index: a position.
            """
            return int(self.config.nums[index])  # type: ignore[attr-defined]

    NativeBackend(_Warm, {"nums": [1]}).invoke("Get", {"index": 0}, reveal=False)


def _make_jail() -> tuple[Any, dict[str, Any]]:
    """Prepare kernel isolation and prove it works in a throwaway worker; (None, why not) where the kernel refuses."""
    if os.environ.get("CODEGYM_SANDBOX_ISOLATION", "1") == "0":
        return None, {"isolated": False, "detail": "kernel isolation turned off (CODEGYM_SANDBOX_ISOLATION=0)"}
    try:
        from . import _jail

        jail = _jail.prepare()
        pid = os.fork()
        if pid == 0:  # the probe: the full setup, then a fork that must be refused
            try:
                _jail.enter(jail, os.path.join(tempfile.gettempdir(), "codegym-probe"), 1)
                _jail.lock(jail, None, None)
                try:
                    os.fork()
                except OSError:
                    os._exit(0)
                os._exit(3)
            finally:
                os._exit(4)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise OSError(f"a probe worker could not be isolated (wait status {status})")
    except (OSError, AttributeError, ValueError) as exc:
        return None, {"isolated": False, "detail": f"kernel isolation unavailable ({exc}); Python-level guards only"}
    who = "uid nobody" if jail.as_root else f"uid {jail.uid}, no capabilities"
    layers = "user, " if not jail.as_root else ""
    return jail, {"isolated": True, "detail": f"{layers}mount, PID, IPC and network namespaces; read-only view of "
                  f"{len(jail.binds)} host paths; {who}; seccomp {'on' if jail.seccomp else 'unavailable on this CPU'}"}


def _worker() -> None:
    """A worker started as a fresh interpreter: imports, isolation, limits, then requests."""
    global _JAIL
    limits = SandboxLimits(**json.loads(sys.argv[1])) if len(sys.argv) > 1 else DEFAULT_LIMITS
    _preload()
    _JAIL, status = _make_jail()
    if _JAIL is not None:
        from . import _jail

        _jail.enter(_JAIL, os.getcwd(), _scratch_mib(limits.file_size_mib))
    elif os.environ.get("CODEGYM_SANDBOX_STRICT") == "1":
        sys.exit(f"codegym sandbox: {status['detail']}; strict mode refuses to run env code")
    _limit(limits)
    _serve()


def _zygote_main(sock_fd: int) -> None:
    """The sandbox's zygote: our modules and the jail prepared once, then a worker forked per request."""
    global _JAIL
    _preload()
    _JAIL, isolation = _make_jail()
    zygote_loop(sock_fd, {"isolation": isolation}, _become_worker)


def zygote_loop(sock_fd: int, hello: dict[str, Any], child: Callable[[list[int], dict[str, Any]], None]) -> None:
    """Fork a child per request, which runs `child(fds, request)` in its own session and dies with us; report each
    child's exit; kill on request; take all children down at EOF. Call it single-threaded: forks copy no threads."""
    sock = socket.socket(fileno=sock_fd)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler (not SIG_IGN) so children stay waitable
    live: set[int] = set()
    zygote_pid = os.getpid()

    def send(msg: dict[str, Any]) -> None:
        sock.send(json.dumps(msg).encode())

    send({**hello, "ready": True})
    while True:
        try:
            ready, _, _ = select.select([sock.fileno(), wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            os.read(wake_r, 4096)
        while live:  # reap; only here, so a pid we act on below is never one the kernel has reused
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            live.discard(pid)
            send({"exit": pid, "code": os.waitstatus_to_exitcode(status)})
        if sock.fileno() not in ready:
            continue
        data, fds, _, _ = socket.recv_fds(sock, 1 << 16, 3)
        if not data:  # our parent is gone: so are its episodes
            for pid in live:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
            os._exit(0)
        req = json.loads(data)
        if req["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                _forked_child(sock, (wake_r, wake_w), fds, req, zygote_pid, child)
            for fd in fds:
                os.close(fd)
            live.add(pid)
            send({"id": req["id"], "pid": pid})
        elif req["op"] == "kill" and req["pid"] in live:
            for kill in (os.killpg, os.kill):  # the group, unless the child has not called setsid() yet
                try:
                    kill(req["pid"], signal.SIGKILL)
                    break
                except OSError:
                    continue


def _die_with(parent_pid: int) -> None:
    """Have the kernel SIGKILL this worker when the zygote dies (Linux), so no episode outlives its server."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # it died before the request took effect
        os._exit(0)


def _forked_child(sock: socket.socket, wake: tuple[int, int], fds: list[int], req: dict[str, Any], zygote_pid: int,
                  child: Callable[[list[int], dict[str, Any]], None]) -> None:
    """In a fresh fork of the zygote: leave its loop behind, then run `child`. Never returns."""
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sock.close()
        for fd in wake:
            os.close(fd)
        os.setsid()
        _die_with(zygote_pid)
        if "numpy" in sys.modules:  # `random` reseeds itself after fork; numpy's legacy global RNG does not
            sys.modules["numpy"].random.seed()
        child(fds, req)
    finally:
        os._exit(0)


def _become_worker(fds: list[int], req: dict[str, Any]) -> None:
    """A sandbox worker on the pipes the parent sent."""
    if _JAIL is not None:  # new namespaces; from here on this is a fork of the process we were
        from . import _jail

        _jail.enter(_JAIL, req["scratch"], _scratch_mib(req["limits"]["file_size_mib"]))
    os.dup2(fds[0], 0)
    os.dup2(fds[1], 1)
    for fd in fds:
        os.close(fd)
    os.chdir(req["scratch"])
    _limit(SandboxLimits(**req["limits"]))
    _serve()


def _serve() -> None:
    """The request loop on fds 0/1 (JSON lines)."""
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # the env's prints go to stderr, never into our protocol
    sys.stdout = sys.stderr

    def send(msg: dict[str, Any]) -> None:
        try:
            data = json.dumps(msg)
        except (TypeError, ValueError) as exc:
            data = json.dumps({"ok": False, "error": f"environment returned a non-JSON value: {exc}"})
        proto_out.write(data.encode() + b"\n")
        proto_out.flush()

    backend: Any = None
    from .env import ToolError  # noqa: F401 - imported before env code can tamper with modules

    def tools_of(infos: Any) -> list[dict[str, Any]]:
        return [{"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in infos]

    for line in proto_in:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            send({"ok": False, "error": "malformed request"})
            continue
        op = msg.get("op")
        try:
            if op == "init":
                from .episode import NativeBackend

                _lock_down(msg)
                if msg["kind"] == "native":
                    backend = NativeBackend(load_env_file("native", msg["path"], msg["env"]), msg["config"], msg.get("seed"))
                else:
                    from .legacy import CodeGymBackend

                    backend = CodeGymBackend(load_env_file("codegym", msg["path"]), msg["config"], statement=msg.get("statement"),
                                             name=msg.get("env"))
                send({"ok": True, "instructions": backend.instructions(), "tools": [
                    {"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in backend.tools()]})
            elif op == "run":  # one of our functions, named by the host (never by env code), on this worker's file
                _lock_down(msg)
                module, _, name = str(msg["function"]).partition(":")
                if module.split(".")[0] != __package__:
                    raise ValueError(f"not one of our functions: {msg['function']!r}")
                send({"ok": True, **getattr(importlib.import_module(module), name)(msg)})
            elif op == "describe":
                from .envfiles import is_native_file
                from pathlib import Path

                _lock_down(msg)
                if is_native_file(Path(msg["path"])):
                    envs = [{"name": n, "kind": "native", "doc": c.__doc__ or "", "split": c.meta.split,
                             "source": c.meta.source, "tools": tools_of(c.tool_infos())} for n, c in load_env_file("native", msg["path"]).items()]
                else:
                    spec = load_env_file("codegym", msg["path"])
                    envs = [{"name": spec.name, "kind": "codegym", "doc": spec.doc, "tools": tools_of(spec.tools)}]
                send({"ok": True, "envs": envs})
            elif op == "generate":
                _lock_down(msg)
                cfg = load_env_file("native", msg["path"], msg["env"]).make_config(msg["seed"], msg["difficulty"])
                send({"ok": True, "config": cfg.model_dump(mode="json")})
            elif op == "invoke":
                out = backend.invoke(msg["name"], msg["arguments"], reveal=msg["reveal"])
                send({"ok": True, "text": out.result.text, "value": out.result.value, "is_error": out.result.is_error,
                      "ended": out.ended, "reward": out.reward})
            elif op == "reference":
                send({"ok": True, "value": backend.reference_answer()})
            else:
                send({"ok": False, "error": f"unknown op {op!r}"})
        except EnvironmentFailure as exc:
            send({"ok": False, "error": str(exc)})
        except BaseException as exc:  # noqa: BLE001 - SystemExit, MemoryError: all are the env's failures
            send({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


def _scratch_mib(file_size_mib: int) -> int:
    return max(64, 4 * file_size_mib)  # the scratch tmpfs holds a few files of the allowed size


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        print(json.dumps(_make_jail()[1]))
    elif sys.argv[1:2] == ["--zygote"]:
        _zygote_main(int(sys.argv[2]))
    else:
        _worker()
