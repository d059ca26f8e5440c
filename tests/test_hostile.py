"""Hostile environment files are contained by the sandbox, and the server keeps serving everyone else.

Each file is a CodeGym-format env written from one template with a hostile piece spliced in. Limits are
small here so the file runs quickly; every test is bounded.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import time
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from codegym_mcp import sandbox
from codegym_mcp.registry import Registry, default_registry, parse_task
from codegym_mcp.server import STATE_URI, ServeOptions, episode_server, open_episode

TEMPLATE = '''
import json
import os
import gymnasium
{module_extra}

class {name}(gymnasium.Env):
    """A hostile test environment."""

    def __init__(self, env_str=None):
        super().__init__()
        self.func_mapping = {{"Observe": 0, "Attack": 1, "Done": 2}}
        self._done = False
        self._reward = 0
{init_extra}

    def step(self, action):
        call = json.loads(action)
        name = call["name"]
        if name == "Observe":
            msg = self.Observe()
        elif name == "Attack":
            msg = self.Attack()
        else:
            msg = self.Done(call["parameters"]["answer"])
        return True, msg

    def Observe(self):
        """Say hello."""
        return "hello"

    def Attack(self):
        """Do the hostile thing."""
{tool_body}

    def Done(self, answer):
        """Submit.

        Args:
            answer (int): the answer.
        """
        self._done = True
        self._reward = int(answer == 1)
        return f"Your answer: {{answer}}, Reference answer: 1, Result: x, reward={{self._reward}}"

    def get_ref_answer(self):
        return 1
'''


def hostile(tmp_path: Path, name: str, *, tool_body: str = "return 'ok'", init_extra: str = "", module_extra: str = "") -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(TEMPLATE.format(name=name, tool_body=textwrap.indent(textwrap.dedent(tool_body), " " * 8),
                                    init_extra=textwrap.indent(textwrap.dedent(init_extra), " " * 8),
                                    module_extra=module_extra))
    return path


@pytest.fixture(autouse=True)
def quick_limits(monkeypatch):
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", sandbox.SandboxLimits(call_timeout=1.5, start_timeout=3, memory_mib=512, cpu_seconds=20))


def open_hostile(path: Path, options: ServeOptions | None = None):
    entry = Registry().add_file(path)[0]  # a file given by path: untrusted, sandboxed
    return open_episode(entry, parse_task("{}", entry), options or ServeOptions(tool_timeout=5))


def attack(path: Path) -> tuple[str, bool, dict]:
    live = open_hostile(path)
    try:
        result = live.episode.call("Attack", {})
        return result.text, result.is_error, live.episode.state().as_dict()
    finally:
        live.close()


def test_untrusted_files_are_never_imported_by_the_server(tmp_path):
    path = hostile(tmp_path, "ImportMarkerEnv", module_extra="open('imported.marker', 'w').write('x')")
    before = set(Path.cwd().iterdir())
    entry = Registry().add_file(path)[0]
    assert [t.name for t in entry.tool_infos()] == ["Observe", "Attack", "Done"]
    assert set(Path.cwd().iterdir()) == before and not any("ImportMarkerEnv" in name for name in sys.modules)


def test_infinite_loop_in_a_tool_times_out_and_errors_the_episode(tmp_path):
    text, is_error, state = attack(hostile(tmp_path, "SpinEnv", tool_body="while True:\n    pass"))
    assert is_error and "did not answer within" in text and state["errored"] and state["reward"] is None


@pytest.mark.parametrize("where", ["init", "import"])
def test_infinite_loop_at_start_is_a_clear_failure(tmp_path, where):
    kwargs = {"init_extra": "while True:\n    pass"} if where == "init" else {"module_extra": "while True:\n    pass"}
    path = hostile(tmp_path, f"Hang{where.title()}Env", **kwargs)
    entry = Registry().add_file(path)[0]
    from codegym_mcp.episode import EnvironmentFailure

    with pytest.raises(EnvironmentFailure, match="did not answer"):
        entry.episode(parse_task("{}", entry))


def test_huge_allocation_is_refused(tmp_path):
    text, is_error, state = attack(hostile(tmp_path, "HogEnv", tool_body="x = bytearray(10 * 1024**3)\nreturn 'allocated'"))
    assert "allocated" not in text and (state["errored"] or "MemoryError" in text)


def test_fork_bomb_is_refused(tmp_path):
    body = """
    children = 0
    for _ in range(1000):
        if os.fork() == 0:
            os._exit(0)
        children += 1
    return f"forked {children}"
    """
    text, _, state = attack(hostile(tmp_path, "ForkEnv", tool_body=body))
    assert "forked" not in text and ("not allowed" in text or state["errored"])


def test_os_exit_kills_only_the_worker_and_the_episode_is_rebuilt(tmp_path):
    text, is_error, state = attack(hostile(tmp_path, "ExitEnv", tool_body="os._exit(3)"))
    assert is_error and "exit code 3" in text and "restored" in text and not state["errored"]


COUNTER = '''
import json
import os
import gymnasium


class {name}(gymnasium.Env):
    """Counts; Crash kills the process."""

    def __init__(self, env_str=None):
        super().__init__()
        self.func_mapping = {{"Observe": 0, "Inc": 1, "Crash": 2, "Done": 3}}
        self.count = 0
        self._done = False
        self._reward = 0

    def step(self, action):
        call = json.loads(action)
        return True, getattr(self, call["name"])(**call["parameters"])

    def Observe(self):
        """Show the count."""
        return f"count={{self.count}}"

    def Inc(self):
        """Add one."""
        self.count += {step}
        return str(self.count)

    def Crash(self):
        """Die."""
        os._exit(9)

    def Done(self, answer):
        """Submit.

        Args:
            answer (int): the count.
        """
        self._done = True
        self._reward = int(answer == self.count)
        return f"reward={{self._reward}}"

    def get_ref_answer(self):
        return self.count
'''


def test_a_crashed_worker_is_rebuilt_from_the_recorded_calls(tmp_path):
    path = tmp_path / "CounterEnv.py"
    path.write_text(COUNTER.format(name="CounterEnv", step="1"))
    live = open_hostile(path)
    try:
        for _ in range(3):
            live.episode.call("Inc", {})
        crashed = live.episode.call("Crash", {})
        after = live.episode.call("Observe", {})
        done = live.episode.call("Done", {"answer": 3})
    finally:
        live.close()
    assert crashed.is_error and "restored" in crashed.text
    assert after.text == "count=3" and done.text == "reward=1"


def test_a_nondeterministic_env_cannot_be_rebuilt_and_errors(tmp_path):
    path = tmp_path / "DriftEnv.py"
    path.write_text(COUNTER.format(name="DriftEnv", step="int.from_bytes(os.urandom(2), 'big')"))
    live = open_hostile(path)
    try:
        live.episode.call("Inc", {})
        crashed = live.episode.call("Crash", {})
        state = live.episode.state()
    finally:
        live.close()
    assert crashed.is_error and "not deterministic" in crashed.text and state.errored


def test_writing_outside_the_scratch_dir_is_refused(tmp_path):
    target = tmp_path / "escaped.txt"
    body = f"""
    try:
        open({str(target)!r}, "w").write("pwned")
    except PermissionError as exc:
        return "refused: " + str(exc)
    return "wrote"
    """
    text, _, _ = attack(hostile(tmp_path, "EscapeEnv", tool_body=body))
    assert text.startswith("refused") and not target.exists()
    inside = attack(hostile(tmp_path, "ScratchEnv", tool_body="open('notes.txt', 'w').write('ok')\nreturn open('notes.txt').read()"))
    assert inside[0] == "ok"


def test_secrets_in_the_environment_are_not_inherited(tmp_path, monkeypatch):
    monkeypatch.setenv("CODEGYM_TEST_SECRET", "hunter2")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    body = "return json.dumps([os.environ.get('CODEGYM_TEST_SECRET'), os.environ.get('OPENAI_API_KEY')])"
    text, _, _ = attack(hostile(tmp_path, "SnoopEnv", tool_body=body))
    assert json.loads(text) == [None, None]


@pytest.mark.anyio
async def test_server_keeps_serving_other_episodes_while_one_hangs(tmp_path):
    hung = open_hostile(hostile(tmp_path, "SpinEnv", tool_body="while True:\n    pass"))
    entry = default_registry().get("BinarySearchEnv")
    healthy = open_episode(entry, entry.resolve_task("train-000"), ServeOptions())
    try:
        with anyio.fail_after(30):
            async with Client(episode_server(hung)) as a, Client(episode_server(healthy)) as b:
                answers = []
                async with anyio.create_task_group() as tg:
                    async def spin():
                        answers.append(await a.call_tool("Attack", {}))

                    tg.start_soon(spin)
                    for _ in range(20):  # the other episode answers while the first hangs
                        assert not (await b.call_tool("GetLength", {})).is_error
                state = json.loads((await a.read_resource(STATE_URI)).contents[0].text)
    finally:
        hung.close()
        healthy.close()
    assert answers[0].is_error and state["errored"]


@pytest.mark.anyio
async def test_printing_to_stdout_does_not_corrupt_the_stdio_stream(tmp_path):
    path = hostile(tmp_path, "ChattyEnv", tool_body="print('garbage on stdout', flush=True)\nos.write(1, b'raw bytes\\n')\nreturn 'fine'",
                   init_extra="print('hello from __init__')", module_extra="print('hello from import')")
    params = StdioServerParameters(command=sys.executable, args=["-m", "codegym_mcp.cli", "serve", str(path), "--task", "{}"],
                                   env={**os.environ})
    with anyio.fail_after(60):
        async with Client(params, mode="legacy") as client:
            results = [await client.call_tool("Attack", {}) for _ in range(3)]
            done = await client.call_tool("Done", {"answer": 1})
    assert [r.content[0].text for r in results] == ["fine"] * 3
    assert done.content[0].text.endswith("reward=1")


def test_workers_are_forked_fresh_from_the_zygote_and_share_nothing(tmp_path):
    """Module state one episode's env code changes is gone in the next: each worker is a new fork."""
    body = """
    import builtins
    seen = getattr(builtins, "_codegym_marker", 0)
    builtins._codegym_marker = seen + 1
    return str(seen)
    """
    path = hostile(tmp_path, "LeakEnv", tool_body=body)
    entry = Registry().add_file(path)[0]
    texts, kinds = [], set()
    for _ in range(3):
        episode = entry.episode(parse_task("{}", entry))
        try:
            kinds.add(type(episode.backend.proc).__name__)
            texts.append(episode.call("Attack", {}).text)
            texts.append(episode.call("Attack", {}).text)  # within one episode, state is kept
        finally:
            episode.close()
    assert kinds == {"_ForkedWorker"} and texts == ["0", "1"] * 3


def test_a_dead_zygote_is_replaced_and_fresh_interpreters_remain_a_fallback(tmp_path, monkeypatch):
    path = hostile(tmp_path, "PlainEnv")
    entry = Registry().add_file(path)[0]

    def play() -> tuple[str, str]:
        episode = entry.episode(parse_task("{}", entry))
        try:
            return type(episode.backend.proc).__name__, episode.call("Done", {"answer": 1}).text
        finally:
            episode.close()

    first = sandbox._zygote()
    orphan = first.spawn(sandbox.DEFAULT_LIMITS, str(tmp_path))
    os.kill(first.proc.pid, 9)
    first.proc.wait()
    for _ in range(200):  # its workers die with it (gone, or a zombie waiting for whoever reaps orphans here)
        try:
            if Path(f"/proc/{orphan.pid}/stat").read_text().split(") ")[1].startswith("Z"):
                break
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.01)
    else:
        raise AssertionError("a worker outlived its zygote")
    sandbox.POOL.drain()
    kind, text = play()
    assert kind == "_ForkedWorker" and text.endswith("reward=1") and sandbox._zygote() is not first
    monkeypatch.setattr(sandbox, "ZYGOTE", False)
    sandbox.POOL.drain()
    kind, text = play()
    assert kind == "Popen" and text.endswith("reward=1")
    sandbox.POOL.drain()  # leave no fresh-interpreter workers behind for the next test


# ---------------------------------------------------------------- kernel isolation (Linux namespaces + seccomp)

isolated = pytest.mark.skipif(not sandbox.isolation()["isolated"], reason="no kernel isolation on this machine: "
                              + sandbox.isolation()["detail"])

BATTERY = '''
def battery(cfg):
    import _io, ctypes, io, os, posix, socket, subprocess
    libc = ctypes.CDLL(None, use_errno=True)
    out = {}

    def c(rv):
        if rv == 0 and getattr(c, "forking", False):
            os._exit(0)  # a child that should never have existed
        if rv < 0:
            raise OSError(ctypes.get_errno(), "libc call failed")
        return rv

    def attempt(name, fn):
        try:
            out[name] = "ok: " + repr(fn())[:300]
        except BaseException as exc:
            out[name] = "refused: " + type(exc).__name__

    def host(name):
        return os.path.join(cfg["host_dir"], name)

    out["visible_pids"] = sorted(p for p in os.listdir("/proc") if p.isdigit())
    for pid in cfg["pids"]:
        attempt(f"environ {pid}", lambda: open(f"/proc/{pid}/environ", "rb").read())
        attempt(f"cmdline {pid}", lambda: open(f"/proc/{pid}/cmdline", "rb").read())
    leaks = [k for k, v in os.environ.items() if cfg["secret"] in v]
    for pid in out["visible_pids"]:
        for what in ("environ", "cmdline"):
            try:
                if cfg["secret"].encode() in open(f"/proc/{pid}/{what}", "rb").read():
                    leaks.append(f"/proc/{pid}/{what}")
            except OSError:
                pass
    out["leaks"] = leaks
    attempt("write open", lambda: open(host("a.txt"), "w").write("x"))
    attempt("write io.FileIO", lambda: io.FileIO(host("b.txt"), "w").write(b"x"))
    attempt("write _io.open", lambda: _io.open(host("c.txt"), "w").write("x"))
    attempt("write posix.open", lambda: posix.open(host("d.txt"), posix.O_WRONLY | posix.O_CREAT))
    attempt("write ctypes open", lambda: c(libc.open(host("e.txt").encode(), 0o101, 0o644)))
    attempt("write stdlib", lambda: posix.open(os.__file__ + ".pwn", posix.O_WRONLY | posix.O_CREAT))
    attempt("mkdir posix", lambda: posix.mkdir(host("newdir")))
    attempt("mkdir ctypes", lambda: c(libc.mkdir(host("newdir2").encode(), 0o755)))
    attempt("unlink posix", lambda: posix.unlink(cfg["victim"]))
    attempt("unlink ctypes", lambda: c(libc.unlink(cfg["victim"].encode())))
    attempt("rename posix", lambda: posix.rename(cfg["victim"], host("moved.txt")))
    attempt("rename ctypes", lambda: c(libc.rename(cfg["victim"].encode(), host("moved2.txt").encode())))
    attempt("fork os", os.fork)
    attempt("fork posix", lambda: posix.fork() or os._exit(0))
    c.forking = True
    attempt("fork ctypes", lambda: c(libc.fork()))
    c.forking = False
    # glibc's system() answers 127 << 8 when it cannot spawn the shell; 0 would mean a shell ran "exit 0"
    attempt("system ctypes", lambda: c(-1 if libc.system(b"exit 0") == 127 << 8 and ctypes.get_errno() == 1 else 0))
    attempt("subprocess", lambda: subprocess.run(["id"], capture_output=True))
    attempt("posix_spawn", lambda: posix.posix_spawn("/usr/bin/id", ["id"], {}))
    attempt("tcp 127.0.0.1", lambda: socket.create_connection(("127.0.0.1", cfg["port"]), timeout=2).close())
    attempt("udp socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    attempt("ctypes raw socket", lambda: c(libc.socket(17, 3, 0)))  # AF_PACKET
    attempt("unix socket", lambda: socket.socket(socket.AF_UNIX).connect(cfg["unix"]))
    attempt("read sibling", lambda: open(host("secret.txt")).read())
    attempt("read repo", lambda: open(cfg["repo_file"]).read())
    attempt("read /etc/passwd", lambda: open("/etc/passwd").read())
    attempt("read stdlib", lambda: len(open(os.__file__).read()) > 0)
    attempt("read own file", lambda: len(open(__file__).read()) > 0)
    attempt("write scratch", lambda: open("notes.txt", "w").write("ok"))
    out["uid"] = os.getuid()
    attempt("setuid 0", lambda: os.setuid(0))
    return json.dumps(out)
'''

NATIVE_HOSTILE = '''
import json
from pydantic import BaseModel
from codegym_mcp.env import Environment, tool
{battery}
CFG = {cfg!r}


class NativeHostileEnv(Environment):
    """A hostile native environment."""

    class Config(BaseModel):
        n: int = 1

    answer_type = int

    def observe(self) -> str:
        return "hello"

    def reference_answer(self) -> int:
        return 1

    @tool
    def Attack(self) -> str:
        """Do the hostile things."""
        return battery(CFG)
'''


@pytest.fixture
def victim_server(tmp_path):
    """A stand-in for the server: a secret in its environment and on its command line, a TCP port, a unix socket."""
    import socket
    import subprocess

    secret = "s3cret-" + os.urandom(8).hex()
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "--token", secret],
                            env={**os.environ, "CODEGYM_MCP_TOKEN": secret, "OPENAI_API_KEY": secret})
    listener = socket.create_server(("127.0.0.1", 0))
    unix_path = str(tmp_path / "server.sock")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(unix_path)
    unix.listen()
    (tmp_path / "secret.txt").write_text(secret)
    (tmp_path / "victim.txt").write_text("keep me")
    import codegym_mcp

    cfg = {"secret": secret, "pids": [os.getpid(), proc.pid, sandbox._zygote().proc.pid], "host_dir": str(tmp_path),
           "victim": str(tmp_path / "victim.txt"), "port": listener.getsockname()[1], "unix": unix_path,
           "repo_file": str(Path(codegym_mcp.__file__).resolve().parents[1] / "README.md")}
    try:
        yield cfg, listener, unix
    finally:
        proc.kill()
        proc.wait()
        listener.close()
        unix.close()


def check_battery(out: dict, cfg: dict, listener, unix, tmp_path: Path, files_before: set) -> None:
    refused = {k: v for k, v in out.items() if isinstance(v, str) and v.startswith("refused")}
    allowed = {"read stdlib", "read own file", "write scratch"}
    for name in allowed:
        assert out[name].startswith("ok"), (name, out[name])
    attempts = [k for k, v in out.items() if isinstance(v, str) and v[:3] in ("ok:", "ref")]
    assert sorted(k for k in attempts if k not in allowed) == sorted(refused), {k: out[k] for k in attempts if k not in refused}
    assert out["visible_pids"] == ["1"] and out["leaks"] == []  # alone in its PID namespace
    assert out["uid"] != 0
    assert set(tmp_path.iterdir()) == files_before and (tmp_path / "victim.txt").read_text() == "keep me"
    for sock in (listener, unix):  # nobody knocked
        sock.setblocking(False)
        with pytest.raises(BlockingIOError):
            sock.accept()


@isolated
def test_a_hostile_codegym_file_cannot_reach_secrets_files_processes_or_the_network(tmp_path, victim_server):
    cfg, listener, unix = victim_server
    path = hostile(tmp_path, "BatteryEnv", module_extra=BATTERY + f"\nCFG = {cfg!r}\n", tool_body="return battery(CFG)")
    before = set(tmp_path.iterdir())
    text, is_error, _ = attack(path)
    assert not is_error, text
    check_battery(json.loads(text), cfg, listener, unix, tmp_path, before)


@isolated
def test_a_hostile_native_file_cannot_reach_secrets_files_processes_or_the_network(tmp_path, victim_server):
    cfg, listener, unix = victim_server
    path = tmp_path / "native_hostile.py"
    path.write_text(NATIVE_HOSTILE.format(battery=BATTERY, cfg=cfg))
    before = set(tmp_path.iterdir())
    text, is_error, _ = attack(path)
    assert not is_error, text
    check_battery(json.loads(text), cfg, listener, unix, tmp_path, before)


@isolated
def test_root_inside_a_worker_is_not_root_outside(tmp_path):
    path = hostile(tmp_path, "WhoEnv", tool_body="return json.dumps([os.getuid(), os.geteuid(), open('/proc/self/status').read()])")
    live = open_hostile(path)
    try:
        inside = json.loads(live.episode.call("Attack", {}).text)
        relay = live.episode.backend.proc.pid  # the worker is the relay's only child, PID 1 of its own namespace
        worker = int(Path(f"/proc/{relay}/task/{relay}/children").read_text().split()[0])
        outside = [int(x) for x in Path(f"/proc/{worker}/status").read_text().split("Uid:")[1].split()[:4]]
    finally:
        live.close()
    assert inside[0] != 0 and inside[1] != 0 and "CapEff:\t0000000000000000" in inside[2] and "Seccomp:\t2" in inside[2]
    expected = 65534 if os.geteuid() == 0 else os.geteuid()
    assert outside == [expected] * 4


def test_without_kernel_isolation_the_sandbox_says_so_and_strict_refuses(tmp_path):
    """Where the kernel refuses (forced here), workers still run with today's guards; strict mode will not."""
    import subprocess

    probe = subprocess.run([sys.executable, "-m", "codegym_mcp.sandbox", "--probe"], capture_output=True, text=True,
                           env={**os.environ, "CODEGYM_SANDBOX_ISOLATION": "0"}, timeout=60, check=True)
    status = json.loads(probe.stdout)
    assert status["isolated"] is False and "Python-level" not in status["detail"] and "turned off" in status["detail"]
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from codegym_mcp import sandbox
        from codegym_mcp.registry import Registry, parse_task
        entry = Registry().add_file(Path({str(hostile(tmp_path, "PlainEnv"))!r}))[0]
        episode = entry.episode(parse_task("{{}}", entry))
        print(json.dumps([sandbox.isolation(), episode.call("Done", {{"answer": 1}}).text]))
        episode.close()
        try:
            sandbox.require_isolation()
        except RuntimeError as exc:
            print(json.dumps(str(exc)))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "CODEGYM_SANDBOX_ISOLATION": "0"}, cwd=tmp_path)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert lines[0][0]["isolated"] is False and lines[0][1].endswith("reward=1"), run.stderr
    assert "unavailable" in lines[1]


@pytest.mark.anyio
async def test_healthz_says_how_sandbox_workers_are_isolated(http_server):
    import httpx2

    from codegym_mcp.server import http_app

    base = http_server(http_app())
    async with httpx2.AsyncClient(timeout=60) as h:
        health = (await h.get(base + "/healthz")).json()
    assert health["ok"] and health["sandbox"] == sandbox.isolation()
    assert isinstance(health["sandbox"]["isolated"], bool) and health["sandbox"]["detail"]


@pytest.mark.parametrize("isolation", ["1", "0"])
def test_serve_says_loudly_whether_workers_are_isolated_and_strict_refuses_without(tmp_path, isolation):
    import subprocess

    if isolation == "1" and not sandbox.isolation()["isolated"]:
        pytest.skip("no kernel isolation on this machine")
    env = {**os.environ, "CODEGYM_SANDBOX_ISOLATION": isolation}
    path = str(hostile(tmp_path, "PlainEnv"))
    cmd = [sys.executable, "-m", "codegym_mcp.cli", "serve", path, "--task", "{}"]
    plain = subprocess.run(cmd, input="", capture_output=True, text=True, env=env, timeout=120)
    strict = subprocess.run([*cmd, "--sandbox", "strict"], input="", capture_output=True, text=True, env=env, timeout=120)
    if isolation == "1":
        assert "kernel-isolated" in plain.stderr and "NOT" not in plain.stderr
        assert strict.returncode == 0 and "kernel-isolated" in strict.stderr, strict.stderr
    else:
        assert "WARNING: sandbox workers are NOT kernel-isolated" in plain.stderr, plain.stderr
        assert strict.returncode != 0 and "--sandbox strict" in strict.stderr and "unavailable" in strict.stderr
