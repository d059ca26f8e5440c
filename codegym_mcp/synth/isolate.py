"""Run synthesized code (env, generator, original solution, oracle) in limited child processes.

Every job is a fresh `python -m codegym_mcp.synth._child MODE` with CPU, memory and file-size limits, a wall
timeout, a scratch directory and an environment without secrets. Results come back as one JSON line on a
private pipe, so whatever the code prints cannot forge them. The oracle runs in its own process and reaches
the env (in another process) only through tool calls relayed by the parent: peeking is impossible.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["IsolationError", "Limits", "run_job", "run_oracle"]

SAFE_ENV = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class IsolationError(RuntimeError):
    """The child failed: timeout, crash, limit, or an exception in the synthesized code."""


@dataclass(frozen=True)
class Limits:
    seconds: float = 20.0
    memory_mib: int = 1024
    file_mib: int = 4
    answer_bytes: int = 1 << 20


def _preexec(limits: Limits) -> Callable[[], None]:
    def apply() -> None:
        mib = 1 << 20
        cpu = int(limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mib * mib,) * 2)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mib * mib,) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _spawn(mode: str, limits: Limits, scratch: str) -> subprocess.Popen[bytes]:
    env = {k: os.environ[k] for k in SAFE_ENV if k in os.environ}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.Popen([sys.executable, "-m", "codegym_mcp.synth._child", mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=scratch, env=env,
                            preexec_fn=_preexec(limits), start_new_session=True)  # noqa: PLW1509


def _describe_death(proc: subprocess.Popen[bytes], stderr: bytes) -> str:
    code = proc.returncode
    tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
    if code is not None and code < 0:
        return f"killed by signal {-code} (CPU or memory limit?) {tail[0]}".strip()
    return f"exit code {code}: {tail[0]}".strip()


def run_job(mode: str, payload: dict[str, Any], limits: Limits | None = None) -> Any:
    """Run one job in a fresh child; its JSON result, or IsolationError."""
    limits = limits or Limits()
    with tempfile.TemporaryDirectory(prefix="codegym-synth-") as scratch:
        proc = _spawn(mode, limits, scratch)
        try:
            out, err = proc.communicate(json.dumps(payload).encode(), timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise IsolationError(f"{mode}: timed out after {limits.seconds:g}s") from None
    if len(out) > limits.answer_bytes + 4096:
        raise IsolationError(f"{mode}: result larger than {limits.answer_bytes} bytes")
    lines = out.decode(errors="replace").strip().splitlines()
    if not lines:
        raise IsolationError(f"{mode}: child died ({_describe_death(proc, err)})")
    reply = json.loads(lines[-1])
    if not reply.get("ok"):
        raise IsolationError(f"{mode}: {reply.get('error')}")
    return reply["result"]


def run_oracle(oracle_code: str, call: Callable[[str, dict[str, Any]], Any], limits: Limits | None = None,
               max_calls: int = 300) -> None:
    """Run `oracle(env)` from `oracle_code` in its own child; each tool call is relayed to `call(name, args)`,
    which returns an object with `.text`, `.value`, `.is_error`."""
    limits = limits or Limits()
    with tempfile.TemporaryDirectory(prefix="codegym-oracle-") as scratch:
        proc = _spawn("oracle", limits, scratch)
        assert proc.stdin is not None and proc.stdout is not None
        import selectors
        import time

        deadline = time.monotonic() + limits.seconds
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        try:
            proc.stdin.write(json.dumps({"code": oracle_code}).encode() + b"\n")
            proc.stdin.flush()
            calls = 0
            buffer = b""
            while True:
                while b"\n" not in buffer:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or not sel.select(remaining):
                        raise IsolationError(f"oracle: timed out after {limits.seconds:g}s")
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        proc.wait()
                        raise IsolationError(f"oracle: child died ({_describe_death(proc, proc.stderr.read() if proc.stderr else b'')})")
                    buffer += chunk
                line, _, buffer = buffer.partition(b"\n")
                msg = json.loads(line)
                if msg.get("op") == "end":
                    if not msg.get("ok"):
                        raise IsolationError(f"oracle: {msg.get('error')}")
                    return
                calls += 1
                if calls > max_calls:
                    raise IsolationError(f"oracle: more than {max_calls} tool calls")
                result = call(msg["name"], msg.get("arguments") or {})
                reply = {"text": result.text, "value": result.value, "is_error": result.is_error}
                proc.stdin.write(json.dumps(reply, default=str).encode() + b"\n")
                proc.stdin.flush()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            sel.close()
