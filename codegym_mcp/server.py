"""The MCP server: every episode isolated, over stdio or streamable HTTP.

- stdio / in-memory: one server object = one episode (`episode_server`).
- HTTP (`http_app`): one process serves every registered environment.
  * `POST /episodes` {"env", "task" | "seed" [, "difficulty"]} creates an episode and returns its MCP URL
    `/episodes/{id}/mcp`; every request to that URL acts on that episode, in any protocol revision
    (2026-07-28 has no sessions, so the URL is the episode's address).
  * `/envs/{env}/mcp?task=...|seed=...&difficulty=...`: for handshake revisions (<= 2025-11-25) each
    MCP session opened there is a fresh episode, released when the session ends.
  Episode ids are random (192 bits); idle episodes expire after a TTL.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import time
import warnings
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator

import anyio
import mcp_types as types
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .env import ToolInfo
from .episode import Episode, EnvironmentFailure, NativeBackend, ToolResult
from .httpfront import BadRequest, OriginRule, front_protocol, parse_json_body
from .registry import EnvEntry, Registry, Task, TaskError, default_registry
from .threads import CallTimeout, inline, offload

__all__ = ["LiveEpisode", "ServeOptions", "episode_server", "http_app", "open_episode", "serve_http", "serve_stdio"]

log = logging.getLogger("codegym_mcp.server")

STATE_URI = "codegym://episode/state"
_MODERN = frozenset(MODERN_PROTOCOL_VERSIONS)
TOKEN_ENV_VAR = "CODEGYM_MCP_TOKEN"
MAX_BODY_BYTES = 1 << 20


@dataclass
class ServeOptions:
    max_steps: int = 256
    reveal_answer: bool = True  # False in evaluation mode: Done says correct/incorrect only
    tool_timeout: float = 10.0
    episode_ttl: float = 900.0
    max_episodes: int = 20_000
    sandbox: bool | None = None  # None: untrusted files sandboxed, shipped envs in-process
    log_db: str | None = None
    fast_path: bool = True  # answer plain 2026-07-28 tools/call requests without the SDK's generic path
    request_timeout: float = 10.0  # HTTP: seconds a client has to send a whole request (headers and body)
    max_connections: int = 16_384  # HTTP: open connections beyond this are answered 503 and closed
    # In-process (trusted) envs' tools run on the event loop under a watchdog instead of in a worker thread: for a
    # server that serves one harness run only (its memory transport, its hosted HTTP child). A runaway loop in a
    # tool is still stopped at tool_timeout; a tool blocked in a system call holds up every episode of the process
    # until it returns. Sandboxed envs always answer from a worker thread.
    inline_tools: bool = False


@dataclass
class LiveEpisode:
    """An episode as the server holds it: the engine object plus its lock, id and log handle."""

    id: str
    episode: Episode
    entry: EnvEntry
    task: Task
    options: ServeOptions
    store: Any = None
    source: str = "server"  # who serves it, as logged: "server", "openenv"
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    created: float = field(default_factory=time.monotonic)
    _logged_end: bool = False

    @property
    def last_used(self) -> float:
        return self.episode.last_used

    async def call(self, name: str, arguments: dict[str, Any] | None) -> ToolResult:
        """One tool call, run in a worker thread under the timeout so a hanging env blocks nobody else."""
        async with self.lock:
            start = time.perf_counter()
            try:
                if self.options.inline_tools and isinstance(self.episode.backend, NativeBackend):
                    result = inline(self.options.tool_timeout, self.episode.call, name, arguments)
                else:
                    result = await offload(self.options.tool_timeout, self.episode.call, name, arguments)
            except CallTimeout:
                result = timed_out(self.episode, name, self.options.tool_timeout)
            self.record(name, arguments, result, (time.perf_counter() - start) * 1000)
            return result

    def record(self, name: str, arguments: dict[str, Any] | None, result: ToolResult, latency_ms: float) -> None:
        """Log one call (and the episode's end, once it has ended) if this episode has a log."""
        if self.store is not None:
            self.store.log_tool_call(self.id, self.episode.steps, name, arguments or {}, result.text, result.is_error,
                                     latency_ms, source=self.source)
            self._log_end()

    def _log_end(self) -> None:
        ep = self.episode
        if self.store is None or self._logged_end or not ep.done:
            return
        self._logged_end = True
        status = "terminated" if ep.terminated else "truncated" if ep.truncated else "errored"
        self.store.end_episode(self.id, status=status, reward=ep.reward, steps=ep.steps, end_reason=status, error=ep.error)

    def state(self) -> dict[str, Any]:
        s = self.episode.state().as_dict()  # never carries the reference answer
        s.update({"episode_id": self.id, "task_id": self.task.id})
        return s

    def close(self) -> None:
        if self.store is not None and not self._logged_end:  # closed before it ended: say so in the log
            self._logged_end = True
            ep = self.episode
            self.store.end_episode(self.id, status="abandoned", reward=ep.reward, steps=ep.steps,
                                   end_reason="closed before the episode ended", error=ep.error)
        self.episode.close()


def timed_out(episode: Episode, name: str, seconds: float) -> ToolResult:
    """End `episode` as errored because `name` ran past `seconds`; the result the agent sees."""
    episode.fail(f"tool call {name} exceeded {seconds:g}s")
    return ToolResult(f"Environment error (not your fault): {name} did not answer within {seconds:g}s. "
                      "The episode has ended.", is_error=True)


def open_episode(entry: EnvEntry, task: Task, options: ServeOptions, store: Any = None, episode_id: str | None = None,
                 source: str = "server") -> LiveEpisode:
    episode = entry.episode(task, max_steps=options.max_steps, reveal_answer=options.reveal_answer, sandbox=options.sandbox)
    live = LiveEpisode(episode_id or secrets.token_urlsafe(24), episode, entry, task, options, store, source)
    if store is not None:
        store.start_episode(env=entry.name, task_id=task.id, episode_id=live.id, split=task.split, difficulty=task.difficulty, source=source)
    return live


# ---------------------------------------------------------------- MCP handlers


def _tool(t: ToolInfo) -> types.Tool:
    return types.Tool(name=t.name, description=t.description, input_schema=t.input_schema)


def _listed_tools(tools: list[ToolInfo], statement: str | None) -> list[types.Tool]:
    """The tool list as clients see it. Many clients (the OpenAI Agents SDK, most agent frameworks) never show
    the model our `instructions`, but all of them forward tool descriptions: Observe's (else Done's) carries
    the episode's task statement, which holds no hidden data."""
    listed = [_tool(t) for t in tools]
    names = [t.name for t in tools]
    carrier = next((n for n in ("Observe", "Done") if n in names), None)
    if statement and carrier is not None:
        i = names.index(carrier)
        listed[i] = listed[i].model_copy(update={"description": f"{listed[i].description}\n\nThe task:\n{statement}"})
    return listed


def _result(r: ToolResult) -> types.CallToolResult:
    structured = {"result": r.value} if (not r.is_error and r.value is not None) else None
    return types.CallToolResult(content=[types.TextContent(type="text", text=r.text)], structured_content=structured, is_error=r.is_error)


Resolver = Callable[[ServerRequestContext[Any]], "LiveEpisode | None"]
EntryResolver = Callable[[ServerRequestContext[Any]], "EnvEntry | None"]

NO_EPISODE = (
    "No episode is bound to this request. With the 2026-07-28 protocol revision there are no sessions: "
    "create an episode with POST /episodes and use the MCP URL it returns."
)
ENV_URL_NEEDS_HANDSHAKE = (
    "This URL opens one episode per MCP session, which the 2026-07-28 revision does not have: connect with the "
    "initialize handshake (2025-11-25 or earlier), or POST /episodes and use the episode URL it returns."
)


def build_server(resolve: Resolver, resolve_entry: EntryResolver, *, name: str = "codegym-mcp", instructions: str | None = None) -> Server[Any]:
    """A low-level MCP server whose handlers act on whichever episode `resolve` finds for the request."""

    def tools_of(ctx: ServerRequestContext[Any]) -> list[ToolInfo]:
        live = resolve(ctx)
        if live is not None:
            return live.episode.tools()
        entry = resolve_entry(ctx)
        return entry_tools(entry) if entry is not None else []

    async def list_tools(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        live = resolve(ctx)
        return types.ListToolsResult(tools=_listed_tools(tools_of(ctx), live.episode.instructions() if live is not None else None))

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
        live = resolve(ctx)
        if live is None:
            return _result(ToolResult(NO_EPISODE, is_error=True))
        return _result(await live.call(params.name, params.arguments))

    async def list_resources(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListResourcesResult:
        return types.ListResourcesResult(resources=[types.Resource(
            name="episode-state", uri=STATE_URI, mime_type="application/json",
            description="Steps used, step limit, terminated, truncated, errored and reward of this episode.")])

    async def read_resource(ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        from mcp.shared.exceptions import MCPError

        if str(params.uri) != STATE_URI:
            raise MCPError(code=types.INVALID_PARAMS, message=f"Unknown resource {params.uri}; the only one is {STATE_URI}")
        live = resolve(ctx)
        if live is None:
            raise MCPError(code=types.INVALID_PARAMS, message=NO_EPISODE)
        return types.ReadResourceResult(contents=[types.TextResourceContents(uri=STATE_URI, mime_type="application/json", text=json.dumps(live.state()))])

    async def list_prompts(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListPromptsResult:
        return types.ListPromptsResult(prompts=[types.Prompt(name="task", description="The task statement of this episode.")])

    async def get_prompt(ctx: ServerRequestContext[Any], params: types.GetPromptRequestParams) -> types.GetPromptResult:
        from mcp.shared.exceptions import MCPError

        if params.name != "task":
            raise MCPError(code=types.INVALID_PARAMS, message=f"Unknown prompt '{params.name}'; the only one is 'task'")
        live = resolve(ctx)
        text = live.episode.instructions() if live is not None else NO_EPISODE
        return types.GetPromptResult(description="The task", messages=[types.PromptMessage(role="user", content=types.TextContent(type="text", text=text))])

    async def discover(ctx: ServerRequestContext[Any], params: types.RequestParams | None) -> types.DiscoverResult:
        from mcp.shared.exceptions import MCPError

        live = resolve(ctx)
        if live is None and resolve_entry(ctx) is not None:
            # /envs/{env}/mcp opens one episode per session, and 2026-07-28 has no sessions: saying so
            # with -32022 makes auto-negotiating clients fall back to the initialize handshake.
            raise MCPError(code=types.UNSUPPORTED_PROTOCOL_VERSION, message=ENV_URL_NEEDS_HANDSHAKE,
                           data={"supported": list(HANDSHAKE_PROTOCOL_VERSIONS), "requested": ctx.protocol_version or ""})
        return types.DiscoverResult(
            supported_versions=list(MODERN_PROTOCOL_VERSIONS),
            capabilities=server.get_capabilities(protocol_version=ctx.protocol_version),
            instructions=live.episode.instructions() if live is not None else instructions,
        )

    server: Server[Any] = Server(
        name, version=_version(), instructions=instructions,
        on_list_tools=list_tools, on_call_tool=call_tool, on_list_resources=list_resources,
        on_read_resource=read_resource, on_list_prompts=list_prompts, on_get_prompt=get_prompt,
    )
    server.add_request_handler("server/discover", types.RequestParams, discover)  # type: ignore[arg-type]
    return server


def entry_tools(entry: EnvEntry) -> list[ToolInfo]:
    return entry.tool_infos()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("codegym-mcp")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "0"


def episode_server(live: LiveEpisode) -> Server[Any]:
    """An MCP server bound to exactly one episode (stdio, in-memory tests)."""
    return build_server(lambda ctx: live, lambda ctx: live.entry, name=f"codegym-{live.entry.name}", instructions=live.episode.instructions())


async def serve_stdio(live: LiveEpisode) -> None:
    """Serve one episode over this process's stdin/stdout until the client disconnects."""
    from mcp.server.stdio import stdio_server

    server = episode_server(live)
    try:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())
    finally:
        live.close()
        if live.store is not None and hasattr(live.store, "close"):
            live.store.close()  # drains the log writer


def open_log(path: str) -> Any:
    """The server-side trajectory log: a Store behind a batching writer thread (logging costs a queue put)."""
    from .store import LogWriter, Store

    store = Store(path)
    abandoned = store.abandon_orphaned_episodes()  # left `running` by a server that was killed; live servers' are kept
    if abandoned:
        log.info("%s: marked %d episodes of stopped servers abandoned", path, abandoned)
    return LogWriter(store)


# ---------------------------------------------------------------- HTTP


class EpisodeTable:
    """All open HTTP episodes, by id, with idle expiry."""

    def __init__(self, registry: Registry, options: ServeOptions, store: Any = None):
        self.registry = registry
        self.options = options
        self.store = store
        self.episodes: dict[str, LiveEpisode] = {}

    def create(self, env: str, task: str | dict[str, Any] | None = None, seed: int | None = None, difficulty: str | None = None) -> LiveEpisode:
        if len(self.episodes) >= self.options.max_episodes:
            self.expire()
            if len(self.episodes) >= self.options.max_episodes:
                raise OverflowError(f"too many open episodes ({self.options.max_episodes})")
        entry = self.registry.get(env)
        try:
            resolved = entry.resolve_task(task, seed=seed, difficulty=difficulty)
        except TaskError:
            raise
        except (ValueError, TypeError) as exc:
            raise TaskError(str(exc)) from None
        except (SyntaxError, RecursionError, MemoryError) as exc:  # a task string past the parser's limits
            raise TaskError(f"task not understood: {exc or type(exc).__name__}") from None
        try:
            live = open_episode(entry, resolved, self.options, self.store)
        except EnvironmentFailure as exc:
            if resolved.split == "custom":  # the client's own config did not start: a bad task, not a broken server
                raise TaskError(f"{entry.name} did not start with this task config: {exc}") from exc
            raise
        self.episodes[live.id] = live
        return live

    def get(self, episode_id: str) -> LiveEpisode | None:
        return self.episodes.get(episode_id)

    def close(self, episode_id: str) -> bool:
        live = self.episodes.pop(episode_id, None)
        if live is None:
            return False
        live.close()
        return True

    def expire(self) -> int:
        cutoff = time.monotonic() - self.options.episode_ttl
        # list() first: creations run in worker threads and may add episodes while we look
        stale = [k for k, v in list(self.episodes.items()) if v.last_used < cutoff and not v.lock.locked()]
        for k in stale:
            self.close(k)
        return len(stale)

    def close_all(self) -> None:
        for k in list(self.episodes):
            self.close(k)


def _connection(ctx: ServerRequestContext[Any]) -> Any:
    # The SDK keeps per-connection scratch state on its Connection; ServerSession has no public accessor yet.
    return getattr(ctx.session, "_connection", None)


MAX_SEED_DIGITS = 30


def _seed(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**MAX_SEED_DIGITS:
            return value
        shown = "a longer one"  # not repr(): a huge int's repr can itself fail
    elif isinstance(value, str) and re.fullmatch(f"-?[0-9]{{1,{MAX_SEED_DIGITS}}}", value):
        return int(value)
    else:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
    raise TaskError(f"seed must be an integer of at most {MAX_SEED_DIGITS} digits, not {shown}")


def _query_task(request: Request) -> tuple[str | None, int | None, str | None]:
    q = request.query_params
    return q.get("task"), _seed(q.get("seed")), q.get("difficulty")


def http_app(registry: Registry | None = None, options: ServeOptions | None = None, *, token: str | None = None,
             allowed_origins: list[str] | None = None, store: Any = None, host: str = "127.0.0.1") -> Starlette:
    """The streamable-HTTP ASGI app serving every registered environment."""
    options = options or ServeOptions()
    if store is None and options.log_db:
        store = open_log(options.log_db)
    # Task strings are parsed with ast.literal_eval, which prints a SyntaxWarning per bad token: thousands of lines
    # from one hostile request. Only warnings raised while parsing a string ("<unknown>") are silenced.
    warnings.filterwarnings("ignore", category=SyntaxWarning, module="<unknown>")
    security = TransportSecuritySettings(
        # Host checks guard loopback servers against DNS rebinding; a public bind is guarded by its token instead.
        enable_dns_rebinding_protection=is_loopback(host),
        allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost"],
        allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*", *(allowed_origins or [])],
    )
    episodes = _HttpEpisodes(registry or default_registry(), options, store, security)
    mcp_endpoint = _AsgiEndpoint(episodes.mcp)
    routes = [
        Route("/episodes", episodes.create, methods=["POST"]),
        Route("/episodes/{episode_id}", episodes.info, methods=["GET", "DELETE"]),
        Route("/episodes/{episode_id}/mcp", mcp_endpoint, methods=["GET", "POST", "DELETE"]),
        Route("/envs", episodes.list_envs, methods=["GET"]),
        Route("/envs/{env}/mcp", mcp_endpoint, methods=["GET", "POST", "DELETE"]),
        Route("/healthz", episodes.health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=episodes.lifespan)
    app.state.episodes = episodes.table
    app.state.store = store
    guarded: ASGIApp = _Guard(_EpisodeCalls(app, episodes.mcp), token=token, allowed_origins=security.allowed_origins,
                              allowed_hosts=security.allowed_hosts if security.enable_dns_rebinding_protection else None)
    return _with_state(guarded, app)


def _mcp_error(code: int, message: str) -> Exception:
    from mcp.shared.exceptions import MCPError

    return MCPError(code=code, message=message)


class _HttpEpisodes:
    """The HTTP server's routes over one episode table: episode URLs (2026-07-28) and per-env handshake sessions."""

    def __init__(self, registry: Registry, options: ServeOptions, store: Any, security: TransportSecuritySettings):
        self.registry = registry
        self.options = options
        self.store = store
        self.table = EpisodeTable(registry, options, store)
        self.server = build_server(self._resolve, self._resolve_entry,
                                   instructions="codegym-mcp: POST /episodes to start an episode.")
        self.server.middleware = [self._session_opens_episode]  # type: ignore[list-item]  # no tracing middleware: we log ourselves
        self.manager = StreamableHTTPSessionManager(
            app=self.server, security_settings=security, session_idle_timeout=options.episode_ttl,
            max_sessions=options.max_episodes, max_request_body_size=MAX_BODY_BYTES)
        self.mcp_asgi = StreamableHTTPASGIApp(self.manager)
        self.server_info = {"io.modelcontextprotocol/serverInfo": self.server.server_info_stamp}
        self.answers = _Answers()

    def _resolve(self, ctx: ServerRequestContext[Any]) -> LiveEpisode | None:
        request = ctx.request
        if isinstance(request, Request):
            eid = request.path_params.get("episode_id")
            if eid is not None:
                return self.table.get(eid)
        conn = _connection(ctx)
        eid = conn.state.get("episode_id") if conn is not None else None
        return self.table.get(eid) if eid else None

    def _resolve_entry(self, ctx: ServerRequestContext[Any]) -> EnvEntry | None:
        request = ctx.request
        if isinstance(request, Request) and "env" in request.path_params:
            try:
                return self.registry.get(request.path_params["env"])
            except KeyError:
                return None
        return None

    async def _session_opens_episode(self, ctx: ServerRequestContext[Any], call_next: Callable[..., Awaitable[Any]]) -> Any:
        """On a handshake `initialize` at /envs/{env}/mcp, open this session's episode and return its instructions."""
        result = await call_next(ctx)
        request = ctx.request
        if ctx.method != "initialize" or not isinstance(request, Request):
            return result
        if "episode_id" in request.path_params:
            live = self.table.get(request.path_params["episode_id"])
        elif "env" in request.path_params:
            live = await self._open_session_episode(ctx, request)
        else:
            return result
        if live is not None and isinstance(result, dict):
            result["instructions"] = live.episode.instructions()
        return result

    async def _open_session_episode(self, ctx: ServerRequestContext[Any], request: Request) -> LiveEpisode:
        try:
            task, seed, difficulty = _query_task(request)
            live = await anyio.to_thread.run_sync(self.table.create, request.path_params["env"], task, seed, difficulty)
        except TaskError as exc:  # a bad ?task= or ?seed= is the client's mistake, said as such
            raise _mcp_error(types.INVALID_PARAMS, str(exc)) from None
        except (EnvironmentFailure, OverflowError) as exc:  # not the client's fault, and not ours to log as a crash
            raise _mcp_error(types.INTERNAL_ERROR, str(exc)) from None
        conn = _connection(ctx)
        if conn is not None:
            conn.state["episode_id"] = live.id
            conn.exit_stack.callback(self.table.close, live.id)
        return live

    async def create(self, request: Request) -> Response:
        try:
            body = await _json_body(request)
        except _TooLarge:
            return JSONResponse({"error": f"request body over {MAX_BODY_BYTES // 2**20} MiB"}, 413)
        except BadRequest as exc:
            return JSONResponse({"error": str(exc)}, 400)
        except ClientDisconnect:  # nobody is left to answer (e.g. closed by the request deadline)
            return Response(status_code=400)
        if not isinstance(body, dict) or "env" not in body:
            return JSONResponse({"error": 'body must be a JSON object with "env" and optionally "task", "seed", "difficulty"'}, 400)
        try:
            # off the event loop: starting a sandbox worker takes tens of milliseconds, other requests go on meanwhile
            live = await anyio.to_thread.run_sync(self.table.create, str(body["env"]), body.get("task"),
                                                  _seed(body.get("seed")), body.get("difficulty"))
        except KeyError as exc:
            return JSONResponse({"error": str(exc).strip("'\"")}, 404)
        except (TaskError, ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, 400)
        except EnvironmentFailure as exc:  # the env (the upstream here) broke on a task of its own
            return JSONResponse({"error": f"environment failed to start: {exc}"}, 502)
        except OverflowError as exc:
            return JSONResponse({"error": str(exc)}, 503)
        return JSONResponse({"episode_id": live.id, "url": f"/episodes/{live.id}/mcp", "env": live.entry.name,
                             "task_id": live.task.id, "ttl_seconds": self.options.episode_ttl}, 201)

    async def info(self, request: Request) -> Response:
        live = self.table.get(request.path_params["episode_id"])
        if live is None:
            return JSONResponse({"error": "no such episode (expired or never existed)"}, 404)
        if request.method == "DELETE":
            self.table.close(live.id)
            return Response(status_code=204)
        return JSONResponse(live.state())

    async def list_envs(self, request: Request) -> Response:
        return JSONResponse([{"name": e.name, "split": e.split, "kind": e.kind, "url": f"/envs/{e.name}/mcp"}
                             for e in self.registry.entries.values()])

    async def health(self, request: Request) -> Response:
        from .sandbox import isolation

        sandbox = await anyio.to_thread.run_sync(isolation)  # {"isolated": bool, "detail"}: the first call starts the zygote
        return JSONResponse({"ok": True, "episodes": len(self.table.episodes), "sandbox": sandbox})

    async def mcp(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Both MCP routes: an episode URL answers plain requests on the fast path (`_fast_call`); the rest goes to the SDK's app."""
        params = scope.get("path_params", {})
        if scope["method"] == "POST":
            buffered = await _buffered(receive)
            if buffered is None:  # the client left mid-body (or was closed by the request deadline): nobody to answer
                return
            receive = buffered
        if "episode_id" in params:
            live = self.table.get(params["episode_id"])
            if live is None:
                await JSONResponse({"error": "no such episode (expired or never existed)"}, 404)(scope, receive, send)
                return
            if self.options.fast_path and scope["method"] == "POST":
                rest = await _fast_call(live, self.server_info, self.answers, scope, receive, send)
                if rest is None:
                    return
                receive, send = rest
        if "env" in params:
            try:
                self.registry.get(params["env"])
            except KeyError as exc:
                await JSONResponse({"error": str(exc).strip("'\"")}, 404)(scope, receive, send)
                return
        await self.mcp_asgi(scope, receive, send)

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        async with self.manager.run(), anyio.create_task_group() as tg:
            tg.start_soon(self._sweep)
            try:
                yield
            finally:
                tg.cancel_scope.cancel()
                self.table.close_all()
                if self.store is not None and hasattr(self.store, "close"):
                    self.store.close()

    async def _sweep(self) -> None:
        while True:
            await anyio.sleep(min(60.0, self.options.episode_ttl / 2))
            self.table.expire()


_FAST_HEADERS = [(b"content-type", b"application/json")]


async def _fast_call(live: LiveEpisode, server_info: dict[str, Any], answers: "_Answers", scope: Scope, receive: Receive,
                     send: Send) -> tuple[Receive, Send] | None:
    """Answer a plain 2026-07-28 request on an episode URL directly: `tools/call` and `resources/read` of the state
    by running them, `tools/list` and `server/discover` from the SDK's own earlier answer for the same env and task
    statement (`_Answers`). The SDK's generic per-request path is the HTTP bottleneck. Anything unusual is handed
    back (a `receive` that replays the body) so the SDK answers it, errors included; with a `send` that keeps the
    SDK's answer when it is one to reuse. Returns None when the request was answered here."""
    headers: dict[bytes, bytes] = {}
    for key, value in scope["headers"]:
        if key in headers and key.startswith(b"mcp-"):
            return receive, send  # duplicated routing header: the SDK rejects it properly
        headers[key] = value
    version = headers.get(b"mcp-protocol-version", b"").decode("latin-1")
    method = headers.get(b"mcp-method")
    if (version not in _MODERN or method not in _FAST_METHODS
            or b"application/json" not in headers.get(b"accept", b"") or any(k.startswith(b"mcp-param") for k in headers)):
        return receive, send
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BODY_BYTES or message["type"] != "http.request":
            return _replay(bytes(body), receive), send
        if not message.get("more_body"):
            break
    raw = bytes(body)
    try:
        request = json.loads(raw)
        rid, params = request["id"], request["params"]
        meta = params["_meta"]
        ok = (request.get("jsonrpc") == "2.0" and request.get("method") == method.decode() and set(request) <= _REQUEST_KEYS
              and isinstance(rid, (int, str)) and not isinstance(rid, bool)
              and isinstance(meta, dict) and meta.get("io.modelcontextprotocol/protocolVersion") == version
              and isinstance(meta.get("io.modelcontextprotocol/clientCapabilities"), dict))
        if method in _LISTINGS:
            name = None
            ok = ok and set(params) == {"_meta"} and b"mcp-name" not in headers
        else:
            name = params["name"] if method == b"tools/call" else params["uri"]
            ok = ok and isinstance(name, str) and name.encode() == headers.get(b"mcp-name")
        if method == b"tools/call":
            arguments = params.get("arguments")
            ok = ok and (arguments is None or isinstance(arguments, dict))
        elif method == b"resources/read":  # only our state resource, asked for plainly
            ok = ok and name == STATE_URI and set(params) == {"uri", "_meta"}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        ok = False
    if not ok:
        return _replay(raw, receive), send
    payload: dict[str, Any]
    if method == b"tools/call":
        result = await live.call(str(name), arguments)
        payload = {"content": [{"text": result.text, "type": "text"}], "isError": result.is_error, "resultType": "complete"}
        if not result.is_error and result.value is not None:
            payload["structuredContent"] = {"result": result.value}
        payload["_meta"] = server_info
    elif method == b"resources/read":
        payload = {"contents": [{"mimeType": "application/json", "text": json.dumps(live.state()), "uri": STATE_URI}],
                   "resultType": "complete", "cacheScope": "private", "ttlMs": 0, "_meta": server_info}  # as the SDK says
    else:
        key = answers.key(method, live, params)
        known = answers.get(key, live)
        if known is None:
            return _replay(raw, receive), answers.keeping(key, live, rid, send)
        payload = known
    data = json.dumps({"jsonrpc": "2.0", "id": rid, "result": payload}, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [*_FAST_HEADERS, (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
    return None


class _Answers:
    """The SDK's answers to `tools/list` and `server/discover` on episode URLs, by env entry, task statement and
    params: they depend on nothing else (see `build_server`), and every episode asks both. Bounded; oldest out first."""

    def __init__(self, size: int = 4096):
        self.size = size
        # key -> (the entry, the result): holding the entry keeps its id(), part of the key, from being reused
        self._known: dict[tuple[Any, ...], tuple[EnvEntry, dict[str, Any]]] = {}

    @staticmethod
    def key(method: bytes, live: LiveEpisode, params: dict[str, Any]) -> tuple[Any, ...]:
        return method, id(live.entry), live.episode.instructions(), json.dumps(params, sort_keys=True)

    def get(self, key: tuple[Any, ...], live: LiveEpisode) -> dict[str, Any] | None:
        known = self._known.get(key)
        return known[1] if known is not None and known[0] is live.entry else None

    def keeping(self, key: tuple[Any, ...], live: LiveEpisode, rid: Any, send: Send) -> Send:
        """`send`, keeping the result of a complete 200 JSON answer to request `rid`."""
        status: int | None = None
        json_body = False
        chunks: list[bytes] = []

        async def keep(message: Any) -> None:
            nonlocal status, json_body
            if message["type"] == "http.response.start":
                status = message["status"]
                json_body = any(k.lower() == b"content-type" and v.startswith(b"application/json") for k, v in message.get("headers", ()))
            elif message["type"] == "http.response.body" and status == 200 and json_body:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._learn(key, live.entry, rid, b"".join(chunks))
            await send(message)

        return keep

    def _learn(self, key: tuple[Any, ...], entry: EnvEntry, rid: Any, body: bytes) -> None:
        try:
            answer = json.loads(body)
        except ValueError:
            return
        result = answer.get("result") if isinstance(answer, dict) and answer.get("id") == rid else None
        if isinstance(result, dict) and "error" not in answer:
            if len(self._known) >= self.size:
                del self._known[next(iter(self._known))]
            self._known[key] = (entry, result)


_LISTINGS = frozenset({b"tools/list", b"server/discover"})
_FAST_METHODS = frozenset({b"tools/call", b"resources/read", *_LISTINGS})
_REQUEST_KEYS = frozenset({"jsonrpc", "id", "method", "params"})


def _replay(body: bytes, receive: Receive, more: bool = False) -> Receive:
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


async def _buffered(receive: Receive) -> Receive | None:
    """The request body read up front (up to just past the size cap), replayed to whoever handles the request;
    None if the client disconnected first. The SDK logs a disconnect mid-body as an error; here it is no event."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        body += message.get("body", b"")
        more = bool(message.get("more_body"))
        if not more or len(body) > MAX_BODY_BYTES:
            return _replay(bytes(body), receive, more)


class _AsgiEndpoint:
    """Starlette treats plain functions as request handlers; an instance is passed raw ASGI."""

    def __init__(self, handler: Callable[[Scope, Receive, Send], Awaitable[None]]):
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handler(scope, receive, send)


_EPISODE_MCP = re.compile(r"/episodes/([^/]+)/mcp")


class _EpisodeCalls:
    """POSTs to an episode URL (the tool calls) go straight to their handler, past Starlette's middleware and
    router, which cost more than the call itself; `_Guard` in front still checks them and catches our bugs."""

    def __init__(self, app: Starlette, handler: Callable[[Scope, Receive, Send], Awaitable[None]]):
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and (match := _EPISODE_MCP.fullmatch(scope["path"])):
            await self.handler({**scope, "app": self.app, "path_params": {"episode_id": match[1]}}, receive, send)
            return
        await self.app(scope, receive, send)


def _with_state(guard: Any, app: Starlette) -> Any:
    guard.state = app.state
    return guard


class _TooLarge(Exception):
    pass


async def _json_body(request: Request) -> Any:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _TooLarge
    return parse_json_body(body, default={})


_SINGLE_HEADERS = ("host", "origin", "authorization", "content-length", "content-type")


class _Guard:
    """Bearer-token check (constant-time), Host and Origin validation in front of every route, and the last
    line against our own bugs: an exception is logged and answered without closing the client's connection."""

    def __init__(self, app: ASGIApp, *, token: str | None, allowed_origins: list[str], allowed_hosts: list[str] | None):
        self.app = app
        self.token = token.encode() if token else None
        self.rule = OriginRule(allowed_origins, allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._check(scope, receive, tracked)
        except Exception:  # noqa: BLE001 - our bug: say so once in the log, keep the connection usable
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await JSONResponse({"error": "internal error (logged on the server)"}, 500)(scope, receive, send)

    async def _check(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            name = key.decode("latin-1").lower()
            if name in headers and name in _SINGLE_HEADERS:
                await JSONResponse({"error": f"more than one {name} header"}, 400)(scope, receive, send)
                return
            headers[name] = value.decode("latin-1")
        if not self.rule.host_ok(headers.get("host", "")):
            await JSONResponse({"error": "host not allowed (DNS rebinding protection)"}, 421)(scope, receive, send)
            return
        origin = headers.get("origin")
        if origin is not None and not self.rule.origin_ok(origin):
            await JSONResponse({"error": f"origin {origin[:200]!r} is not allowed"}, 403)(scope, receive, send)
            return
        if self.token is not None:
            auth = headers.get("authorization", "")
            given = auth[7:].encode() if auth.lower().startswith("bearer ") else b""
            if not hmac.compare_digest(given, self.token):
                await JSONResponse({"error": "missing or wrong bearer token"}, 401, headers={"WWW-Authenticate": "Bearer"})(scope, receive, send)
                return
        await self.app(scope, receive, send)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose episodes beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise PermissionError(
            f"refusing to bind {host} without a token: anyone who can reach it could play (and read) episodes. "
            f"Pass --token or set ${TOKEN_ENV_VAR}."
        )


def serve_http(registry: Registry | None = None, options: ServeOptions | None = None, *, host: str = "127.0.0.1",
               port: int = 8000, token: str | None = None, log_level: str = "warning") -> None:
    """Run the HTTP server (blocking)."""
    import uvicorn

    token = token or os.environ.get(TOKEN_ENV_VAR) or None
    check_bind(host, token)
    options = options or ServeOptions()
    app = http_app(registry, options, token=token, host=host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="on",
                http=front_protocol(options.request_timeout, options.max_connections))
