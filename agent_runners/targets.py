"""Where episodes are served: an MCP client connection per episode.

- `stdio`: spawn `codegym-mcp serve ENV --task T` per episode (what desktop MCP clients do).
- `http`: host our HTTP server for the run on 127.0.0.1, in a child process (its own core), or in a thread of this
  process when the child could not rebuild the registry; each episode is created with `POST /episodes`, addressed by its URL.
- `remote`: the same against a `codegym-mcp serve --transport http` running elsewhere.
  Both speak to our server with the lean client of `mcp_http` (CODEGYM_MCP_CLIENT=sdk: the SDK's, to compare).
- `memory`: our HTTP app in this process, called without sockets through the lean client (fastest);
  CODEGYM_MCP_CLIENT=sdk: the SDK's in-memory client against a server per episode.
- `mcp`: any MCP server, by URL or command; each connection is one episode.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import socket
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TextIO, cast
from urllib.parse import urlsplit

import anyio
import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from codegym_mcp.httppool import pooled_client
from codegym_mcp.registry import ENV_DIRS_VAR, Registry, default_registry, shipped_env_dir
from codegym_mcp.serve_child import ServerProcess, ServerStartError, raise_open_file_limit, spawn_server
from codegym_mcp.server import ServeOptions, episode_server, http_app, open_episode

from .mcp_http import AsgiPool, CodegymHttpClient, Http11Pool, NotCodegymServer, direct_route, on_asyncio
from .mcp_http import Response as HttpResponse
from .plan import EpisodeSpec

__all__ = ["TRANSPORTS", "Target", "TargetError", "make_target"]

TRANSPORTS = ("http", "stdio", "memory")
log = logging.getLogger("agent_runners.targets")

READ_TIMEOUT = 300.0  # seconds for any one MCP response; our servers time tools out long before this
NO_EXPIRY_SECONDS = 30 * 24 * 3600.0  # idle TTL of in-process episodes


class TargetError(RuntimeError):
    """The server could not start or open an episode (not the agent's fault)."""


class Target(Protocol):
    transport: str

    async def __aenter__(self) -> "Target": ...
    async def __aexit__(self, *exc: Any) -> None: ...
    def connect(self, spec: EpisodeSpec) -> AbstractAsyncContextManager[Client]: ...


def _task_ref(spec: EpisodeSpec) -> str | dict[str, Any]:
    """The task id where the server can look it up, else its config."""
    assert spec.entry is not None and spec.task is not None
    known = any(t.id == spec.task.id for t in spec.entry.tasks)
    return spec.task.id if known else spec.task.config


def _in_default_registry(entry: Any) -> bool:
    """Whether a `codegym-mcp serve` child finds this very environment by name."""
    try:
        return default_registry().find(entry.name) is entry  # not `.entries`: that would import the whole library
    except Exception:  # noqa: BLE001 - a broken shipped env elsewhere: address ours by file instead
        return False


class _NoResources:
    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        pass


@dataclass
class StdioTarget(_NoResources):
    """One `codegym-mcp serve` process per episode, forked from a warm zygote where possible (milliseconds), else
    spawned as a fresh interpreter (seconds): `warm=False` or CODEGYM_STDIO_ZYGOTE=0, no fork here, or a dead zygote."""

    options: ServeOptions
    errlog: str = os.environ.get("CODEGYM_DEBUG_ERRLOG", os.devnull)
    transport: str = "stdio"
    warm: bool = field(default_factory=lambda: os.environ.get("CODEGYM_STDIO_ZYGOTE", "1") != "0")
    _log: TextIO | None = field(default=None, init=False, repr=False)
    _zygote: Any = field(default=None, init=False, repr=False)  # a StdioZygote while warm episodes can start

    def serve_args(self, spec: EpisodeSpec) -> list[str]:
        """`codegym-mcp serve` arguments: by name when the child's registry has the env, else by file and config."""
        assert spec.entry is not None and spec.task is not None
        entry = spec.entry
        args = ["serve"]
        if _in_default_registry(entry):
            args += [entry.name, "--task", spec.task.id if isinstance(_task_ref(spec), str) else json.dumps(spec.task.config)]
        elif entry.path is not None:
            args += [str(entry.path), "--task", json.dumps(spec.task.config), "--sandbox" if not entry.trusted else "--no-sandbox"]
        else:
            raise TargetError(f"{entry.name}: cannot be served over stdio (no file)")
        args += ["--max-steps", str(self.options.max_steps), "--timeout", str(self.options.tool_timeout)]
        if not self.options.reveal_answer:
            args.append("--eval-mode")
        return args

    def command(self, spec: EpisodeSpec) -> list[str]:
        """The command line of a fresh `serve` process for this episode."""
        return [sys.executable, "-m", "codegym_mcp.cli", *self.serve_args(spec)]

    async def __aenter__(self) -> "StdioTarget":
        from codegym_mcp.stdio_zygote import start_stdio_zygote

        self._log = open(self.errlog, "a")  # noqa: SIM115 - held for the target's lifetime
        if self.warm:
            self._zygote = await anyio.to_thread.run_sync(start_stdio_zygote)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        zygote, self._zygote = self._zygote, None
        if zygote is not None:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(zygote.close)
        if self._log is not None:
            self._log.close()

    async def _fork(self, spec: EpisodeSpec) -> tuple[Any, Any]:
        """(zygote, forked `serve` child) for this episode, or (None, None): then it starts a fresh interpreter."""
        zygote = self._zygote
        if zygote is None:
            return None, None
        try:
            if zygote.alive:
                return zygote, await anyio.to_thread.run_sync(zygote.spawn, self.serve_args(spec), (self._log or sys.stderr).fileno())
        except OSError:
            pass
        if self._zygote is zygote:  # it died: fresh interpreters from now on
            self._zygote = None
            await anyio.to_thread.run_sync(zygote.close)
        return None, None

    @asynccontextmanager
    async def connect(self, spec: EpisodeSpec) -> AsyncIterator[Client]:
        from mcp.client.stdio import stdio_client

        from .warm_stdio import forked_stdio_client

        zygote, child = await self._fork(spec)
        if child is not None:
            transport: Any = forked_stdio_client(zygote, child)
        else:
            command, *args = self.command(spec)
            transport = stdio_client(StdioServerParameters(command=command, args=args, env=dict(os.environ)),
                                     errlog=self._log or sys.stderr)
        async with Client(transport, cache=None, read_timeout_seconds=READ_TIMEOUT) as client:
            yield client


MCP_CLIENTS = ("lean", "sdk")
MCP_CLIENT_ENV_VAR = "CODEGYM_MCP_CLIENT"  # `sdk` forces the SDK's client on codegym-mcp servers (for comparisons)


def _mcp_client_choice(choice: str | None = None) -> str:
    choice = choice or os.environ.get(MCP_CLIENT_ENV_VAR) or "lean"
    if choice not in MCP_CLIENTS:
        raise ValueError(f"MCP client must be one of {MCP_CLIENTS}, got {choice!r} (from ${MCP_CLIENT_ENV_VAR} or mcp_client=)")
    return choice


def _mcp_http_client(headers: dict[str, str] | None = None) -> httpx2.AsyncClient:
    # Uncapped, and sharded: one pool of thousands of connections costs ~14 ms of CPU per request (httpcore
    # scans them all); each episode holds at most one request in flight, so the run's concurrency bounds it.
    return pooled_client(headers=headers, timeout=httpx2.Timeout(30.0, read=READ_TIMEOUT))


EpisodesCall = Callable[[str, str, "dict[str, Any] | None"], Awaitable["httpx2.Response | HttpResponse"]]


@asynccontextmanager
async def _hosted_episode(episodes: EpisodesCall, spec: EpisodeSpec, where: str) -> AsyncIterator[str]:
    """This spec's episode on a codegym-mcp HTTP app: `POST /episodes`, yield its MCP URL path, `DELETE` it after.
    `episodes(method, path, payload)` sends one request to the app."""
    assert spec.entry is not None
    try:
        response = await episodes("POST", "/episodes", {"env": spec.entry.name, "task": _task_ref(spec)})
    except httpx2.HTTPError as exc:
        raise TargetError(f"cannot reach {where}: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 201:
        raise TargetError(f"POST /episodes failed: HTTP {response.status_code}: {response.text[:300]}")
    info = response.json()
    try:
        yield info["url"]
    finally:
        with anyio.CancelScope(shield=True), anyio.move_on_after(10):
            try:
                await episodes("DELETE", f"/episodes/{info['episode_id']}", None)
            except httpx2.HTTPError:
                pass  # the server expires idle episodes anyway


async def _pool_episodes(pool: Http11Pool | AsgiPool, method: str, path: str, payload: dict[str, Any] | None) -> HttpResponse:
    body = json.dumps(payload).encode() if payload is not None else b""
    return await pool.request(method, path, body, {"content-type": "application/json"} if payload is not None else None)


@dataclass
class RemoteTarget:
    """A codegym-mcp HTTP server at `base_url`: `POST /episodes`, then the episode's MCP URL.

    Episodes are played with the lean client (`mcp_http.CodegymHttpClient`) unless `mcp_client` is "sdk"
    or the server does not answer as codegym-mcp speaking 2026-07-28 (then the SDK's client, from then on).
    """

    base_url: str
    token: str | None = None
    transport: str = "http"
    mcp_client: str = field(default_factory=_mcp_client_choice)
    _http: httpx2.AsyncClient | None = field(default=None, init=False, repr=False)
    _pool: Http11Pool | None = field(default=None, init=False, repr=False)
    _lean_ok: bool = field(default=True, init=False, repr=False)

    async def __aenter__(self) -> "RemoteTarget":
        self.mcp_client = _mcp_client_choice(self.mcp_client)
        if self.mcp_client == "lean" and on_asyncio() and direct_route(self.base_url):  # else httpx2 and the SDK client
            self._pool = Http11Pool(self.base_url, self._headers(), read_timeout=READ_TIMEOUT)
        return self

    def _headers(self) -> dict[str, str] | None:
        return {"Authorization": f"Bearer {self.token}"} if self.token else None

    def _httpx(self) -> httpx2.AsyncClient:
        """The httpx2 client, made when first needed: building one (its TLS context) costs ~0.2 s of the loop's time."""
        if self._http is None:
            self._http = _mcp_http_client(self._headers())
        return self._http

    async def __aexit__(self, *exc: Any) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._pool is not None:
            await self._pool.aclose()

    @asynccontextmanager
    async def connect(self, spec: EpisodeSpec) -> AsyncIterator[Client]:
        base = self.base_url.rstrip("/")
        async with _hosted_episode(self._episodes, spec, base) as path:
            async with self._client(base, path) as client:
                yield client

    async def _episodes(self, method: str, path: str, payload: dict[str, Any] | None = None) -> httpx2.Response | HttpResponse:
        """Create or delete an episode; over the lean client's pool when there is one, so an episode holds one connection."""
        base = self.base_url.rstrip("/")
        if self._pool is not None:
            return await _pool_episodes(self._pool, method, urlsplit(base).path + path, payload)
        return await self._httpx().request(method, base + path, json=payload)

    @asynccontextmanager
    async def _client(self, base: str, path: str) -> AsyncIterator[Client]:
        if self._pool is not None and self._lean_ok:
            lean = CodegymHttpClient(self._pool, urlsplit(base).path + path)
            try:
                await lean.__aenter__()
            except NotCodegymServer as exc:
                log.warning("using the SDK's MCP client: %s", exc)
                self._lean_ok = False
            else:
                # The harness uses only the methods both clients share (see mcp_http), with the same result types.
                yield cast(Client, lean)
                return
        async with Client(streamable_http_client(base + path, http_client=self._httpx()), cache=None,
                          read_timeout_seconds=READ_TIMEOUT) as client:
            yield client


HOSTED_SERVER_ENV_VAR = "CODEGYM_HOSTED_SERVER"  # `thread`: host the server in the run's process (else a child process)
HOSTED_SERVER_MODES = ("process", "thread")
SERVER_READY_TIMEOUT = 120.0  # seconds for the server process to import the library and listen
CONNECTION_HEADROOM = 256  # connections the hosted server accepts beyond two per concurrent episode


SMALL_RUN_EPISODES, SMALL_RUN_CONCURRENCY = 256, 64  # a run under both: the server runs in a thread


def _hosted_server_mode(concurrency: int = 0, episodes: int | None = None) -> str:
    """"process" unless $CODEGYM_HOSTED_SERVER says otherwise, the OS cannot pass a socket to a child, or the run is
    small and narrow: starting the process (about 0.8 s) would cost more than its own core saves (measured break-even:
    about 250 oracle episodes at concurrency 8)."""
    small = episodes is not None and episodes < SMALL_RUN_EPISODES and concurrency < SMALL_RUN_CONCURRENCY
    mode = os.environ.get(HOSTED_SERVER_ENV_VAR) or ("process" if os.name == "posix" and not small else "thread")
    if mode not in HOSTED_SERVER_MODES:
        raise ValueError(f"${HOSTED_SERVER_ENV_VAR} must be one of {HOSTED_SERVER_MODES}, got {mode!r}")
    return mode


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(65535)  # before the server starts; the kernel clips it to somaxconn: a burst of connects waits, none is dropped
    return sock


def _served_by_child(registry: Registry | None) -> bool:
    """Whether a fresh process's default registry holds every env of `registry`: it is the default one, and no file
    was added to it outside its directories (a plan naming an env by path does that)."""
    if registry is None:
        return True
    if registry is not default_registry():
        return False
    dirs = [shipped_env_dir(), *(Path(p) for p in os.environ.get(ENV_DIRS_VAR, "").split(os.pathsep) if p)]
    roots = [d.resolve() for d in dirs]
    loaded = registry._entries.values()  # noqa: SLF001 - only what is loaded: a pending file is in a directory anyway
    return all(e.path is not None and any(e.path.is_relative_to(r) for r in roots) for e in loaded)


@dataclass
class HostedHttpTarget(RemoteTarget):
    """Our HTTP app on 127.0.0.1 for this run only: served by a child process (`codegym_mcp.serve_child`: its own core
    and GIL), or by uvicorn in a thread of this process for a small run (`_hosted_server_mode`), when the registry is
    not one a child can rebuild (a registry object cannot cross) or $CODEGYM_HOSTED_SERVER=thread. `concurrency`: the
    run's, so the server admits its connections."""

    registry: Registry | None = None
    options: ServeOptions = field(default_factory=ServeOptions)
    base_url: str = ""
    concurrency: int = 0
    episodes: int | None = None
    server_mode: str = ""  # "process" or "thread", decided on entry
    _server: Any = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _process: ServerProcess | None = field(default=None, init=False, repr=False)

    async def __aenter__(self) -> "HostedHttpTarget":
        raise_open_file_limit()
        wanted = _hosted_server_mode(self.concurrency, self.episodes)
        self.server_mode = "process" if wanted == "process" and _served_by_child(self.registry) else "thread"
        if wanted == "process" and self.server_mode == "thread":
            log.info("hosting the HTTP server in this process: its registry is not the default one")
        sock = _listening_socket()
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        options = replace(self.options, inline_tools=True)  # it serves only this run: trusted tools run inline
        if self.server_mode == "process":
            await self._start_process(sock, options)
        else:
            self._start_thread(sock, options)
        return await super().__aenter__()  # type: ignore[return-value]

    async def _start_process(self, sock: socket.socket, options: ServeOptions) -> None:
        connections = max(options.max_connections, 2 * self.concurrency + CONNECTION_HEADROOM)
        with sock:  # the child gets its own copy
            # Spawned from this (the run's) thread: the child's kernel death signal follows the thread that spawned it.
            process = spawn_server(sock, replace(options, max_connections=connections))
        try:
            await anyio.to_thread.run_sync(process.wait_ready, SERVER_READY_TIMEOUT)
        except ServerStartError as exc:
            raise TargetError(f"the hosted HTTP server did not start: {exc}") from exc
        except BaseException:
            process.kill()
            raise
        self._process = process

    def _start_thread(self, sock: socket.socket, options: ServeOptions) -> None:
        import uvicorn

        config = uvicorn.Config(http_app(self.registry or default_registry(), options), lifespan="on",
                                log_level="warning", access_log=False, timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, name="codegym-http", daemon=True)
        self._thread.start()

    @asynccontextmanager
    async def connect(self, spec: EpisodeSpec) -> AsyncIterator[Client]:
        process = self._process
        if process is not None and not process.alive:  # say so, rather than "cannot reach" for every episode left
            raise self._died(process)
        try:
            async with super().connect(spec) as client:
                yield client
        except TargetError:
            # A dying process resets its connections before the kernel reports its exit (its threads end first).
            if process is not None and await anyio.to_thread.run_sync(process.exited_within, 1.0):
                raise self._died(process) from None
            raise

    @staticmethod
    def _died(process: ServerProcess) -> TargetError:
        return TargetError(f"the hosted HTTP server process exited with code {process.popen.returncode}{process.last_words()}")

    @property
    def server_pid(self) -> int | None:
        """The server process's pid while it runs (None when hosted in a thread)."""
        return self._process.pid if self._process is not None else None

    async def __aexit__(self, *exc: Any) -> None:
        await super().__aexit__(*exc)
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            await anyio.to_thread.run_sync(self._thread.join, 15)
        process, self._process = self._process, None
        if process is not None:
            process.stop()  # every episode is recorded by now: its shutdown need not hold up the run's end


@dataclass
class MemoryTarget:
    """Our HTTP app in this process, called directly through the lean client (`mcp_http.AsgiPool`: the same MCP
    JSON-RPC and server code path as `http`, without sockets or HTTP parsing); episodes made and ended as over HTTP.
    `mcp_client` "sdk": the SDK's in-memory client against a server per episode instead (the older, slower path)."""

    options: ServeOptions
    registry: Registry | None = None
    transport: str = "memory"
    mcp_client: str = field(default_factory=lambda: _mcp_client_choice())
    _pool: AsgiPool | None = field(default=None, init=False, repr=False)

    async def __aenter__(self) -> "MemoryTarget":
        self.mcp_client = _mcp_client_choice(self.mcp_client)
        self.registry = self.registry or default_registry()
        if self.mcp_client == "lean":
            # The harness deletes its episodes; none may expire while an agent thinks (the SDK wants a finite TTL).
            # Tools of in-process envs run inline (threads.InlineGuard): this app serves only this run.
            options = replace(self.options, episode_ttl=NO_EXPIRY_SECONDS, inline_tools=True)
            self._pool = await AsgiPool(http_app(self.registry, options), read_timeout=READ_TIMEOUT).__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.aclose()

    @asynccontextmanager
    async def connect(self, spec: EpisodeSpec) -> AsyncIterator[Client]:
        assert spec.entry is not None and spec.task is not None
        pool = self._pool
        # The app finds envs by name in its registry: an entry from elsewhere is served the SDK's way, directly.
        if pool is not None and self.registry is not None and self.registry.find(spec.entry.name) is spec.entry:
            async with _hosted_episode(partial(_pool_episodes, pool), spec, "the in-process app") as path:
                # The harness uses only the methods both clients share (see mcp_http), with the same result types.
                yield cast(Client, await CodegymHttpClient(pool, path).__aenter__())
            return
        live = open_episode(spec.entry, spec.task, self.options)
        try:
            async with Client(episode_server(live), cache=None, read_timeout_seconds=READ_TIMEOUT) as client:
                yield client
        finally:
            live.close()


@dataclass
class McpTarget(_NoResources):
    """Any MCP server: a streamable-HTTP URL, or a command line spawned per episode over stdio."""

    spec: str
    transport: str = "mcp"

    @asynccontextmanager
    async def connect(self, spec: EpisodeSpec) -> AsyncIterator[Client]:
        if self.spec.startswith(("http://", "https://")):
            server: Any = self.spec
        else:
            command, *args = shlex.split(self.spec)
            server = StdioServerParameters(command=command, args=args, env=dict(os.environ))
        async with Client(server, cache=None, read_timeout_seconds=READ_TIMEOUT) as client:
            yield client


def make_target(transport: str, *, registry: Registry | None = None, options: ServeOptions | None = None,
                server_url: str | None = None, token: str | None = None, mcp: str | None = None,
                mcp_client: str | None = None, concurrency: int = 0, episodes: int | None = None) -> Target:
    """`mcp_client` ("lean" or "sdk", default $CODEGYM_MCP_CLIENT or lean): the client for codegym-mcp HTTP servers.
    `concurrency`: episodes the run plays at once (a hosted server admits that many connections and more);
    `episodes`: how many it will play, if known (a small, narrow run hosts its server in a thread)."""
    options = options or ServeOptions()
    if mcp:
        return McpTarget(mcp)
    if server_url:
        return RemoteTarget(server_url, token or os.environ.get("CODEGYM_MCP_TOKEN"), mcp_client=_mcp_client_choice(mcp_client))
    if transport == "http":
        return HostedHttpTarget(registry=registry, options=options, mcp_client=_mcp_client_choice(mcp_client),
                                 concurrency=concurrency, episodes=episodes)
    if transport == "stdio":
        return StdioTarget(options)
    if transport == "memory":
        return MemoryTarget(options, registry, mcp_client=_mcp_client_choice(mcp_client))
    raise ValueError(f"transport must be one of {TRANSPORTS}, got {transport!r}")
