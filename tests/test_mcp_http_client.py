"""The lean MCP client (agent_runners.mcp_http) against the SDK's client: the same requests on the wire, the same
parsed results from the same answers, the same trajectories through the harness, the same failures."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import anyio
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from agent_runners.episodes import _is_transport_failure
from agent_runners.harness import RunConfig, run_async
from agent_runners.mcp_http import CodegymHttpClient, Http11Pool
from agent_runners.plan import EpisodeSpec
from agent_runners.targets import RemoteTarget, make_target
from codegym_mcp.registry import default_registry
from codegym_mcp.server import STATE_URI, _replay, http_app
from codegym_mcp.store import Store

from .harness_fakes import make_registry

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WIRE_HEADERS = ("mcp-protocol-version", "mcp-method", "mcp-name", "content-type", "accept", "authorization")


class Recorder:
    """An ASGI wrapper that records every request (and, when `replay` is given, answers from it instead of `app`)."""

    def __init__(self, app: Any = None, replay: list[dict[str, Any]] | None = None):
        self.app = app
        self.replay = list(replay or [])
        self.seen: list[dict[str, Any]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            if self.app is not None:
                await self.app(scope, receive, send)
                return
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        seen = {"method": scope["method"], "path": scope["path"], "body": body,
                "headers": {k.decode().lower(): v.decode() for k, v in scope["headers"]}}
        self.seen.append(seen)
        if self.app is None:
            await self._answer_from_replay(seen, send)
            return

        async def recorded(message: Any) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["response_headers"] = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
                seen["response"] = b""
            elif message["type"] == "http.response.body":
                seen["response"] += message.get("body", b"")
            await send(message)

        await self.app(scope, _replay(body, receive), recorded)  # the server's own body replay

    async def _answer_from_replay(self, seen: dict[str, Any], send: Any) -> None:
        """The next recorded answer, with the request id of this request (the clients number theirs alike)."""
        answer = self.replay.pop(0)
        payload = answer["response"]
        if payload:
            message = json.loads(payload)
            message["id"] = json.loads(seen["body"])["id"]
            payload = json.dumps(message).encode()
        headers = [(b"content-type", answer["response_headers"]["content-type"].encode())]
        await send({"type": "http.response.start", "status": answer["status"],
                    "headers": [*headers, (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})


def serve(app: Any, keep_alive: float = 5) -> tuple[str, uvicorn.Server, threading.Thread]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", timeout_keep_alive=keep_alive))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "test server did not start"
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


@pytest.fixture
def servers():
    started: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any, keep_alive: float = 5) -> str:
        base, server, thread = serve(app, keep_alive)
        started.append((server, thread))
        return base

    yield start
    for server, thread in started:
        server.should_exit = True
        thread.join(10)


async def script(client: Any) -> list[Any]:
    """Every method the harness uses, with tool errors, protocol errors and a non-ASCII name among them."""
    out: list[Any] = [client.instructions]
    calls = [
        lambda: client.list_tools(),
        lambda: client.read_resource(STATE_URI),
        lambda: client.get_prompt("task"),
        lambda: client.call_tool("GetLength", {}),
        lambda: client.call_tool("GetElement", {"index": 2}),
        lambda: client.call_tool("GetElement", {"index": "x"}),
        lambda: client.call_tool("Nope", {"why": "ünïcödé ✓"}),
        lambda: client.call_tool("Nöpe", {}),
        lambda: client.read_resource("codegym://nope"),
        lambda: client.get_prompt("nope"),
        lambda: client.call_tool("Done", {"answer": 5}),
        lambda: client.read_resource(STATE_URI),
    ]
    for call in calls:
        try:
            out.append(await call())
        except MCPError as exc:
            out.append(("MCPError", exc.code, exc.message))
    return out


def wire(requests: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What matters of each request: method, path (episode id masked), headers, JSON body without its id."""
    out = []
    for r in requests:
        body = json.loads(r["body"]) if r["body"] else None
        if isinstance(body, dict):
            body.pop("id", None)
        path = "/".join("{id}" if len(part) >= 32 else part for part in r["path"].split("/"))
        out.append((r["method"], path, {k: r["headers"].get(k) for k in WIRE_HEADERS}, body))
    return out


@pytest.mark.anyio
async def test_lean_client_sends_what_the_sdk_sends_and_parses_answers_alike(servers):
    """The SDK client plays the script against our server, recorded; the lean client plays it against the
    recorded answers. Requests must match field for field, and the parsed results must be equal objects."""
    recorder = Recorder(http_app(token=TOKEN))
    base = servers(recorder)
    with anyio.fail_after(60):
        async with httpx2.AsyncClient(headers=AUTH) as http:
            created = (await http.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "train-004"})).json()
            async with Client(streamable_http_client(base + created["url"], http_client=http), cache=None) as sdk:
                sdk_results = await script(sdk)
        sdk_requests = [r for r in recorder.seen if r["path"] == created["url"]]
        replay = Recorder(replay=sdk_requests)
        replay_base = servers(replay)
        pool = Http11Pool(replay_base, AUTH, read_timeout=10)
        try:
            async with CodegymHttpClient(pool, created["url"]) as lean:
                lean_results = await script(lean)
        finally:
            await pool.aclose()
    assert wire(replay.seen) == wire(sdk_requests)
    assert [json.loads(r["body"])["id"] for r in replay.seen] == list(range(1, len(replay.seen) + 1))
    assert lean_results == sdk_results
    assert [type(r) for r in lean_results] == [type(r) for r in sdk_results]
    # the script covered what it claims: a tool error, a protocol error, a base64-wrapped Mcp-Name, the reward
    assert sdk_results[6].is_error and sdk_results[9] == ("MCPError", -32602, sdk_results[9][2])
    assert replay.seen[8]["headers"]["mcp-name"].startswith("=?base64?")
    assert json.loads(sdk_results[-1].contents[0].text)["terminated"]


@pytest.mark.anyio
async def test_a_harness_run_records_the_same_trajectories_with_either_client(tmp_path, monkeypatch):
    registry = make_registry(tmp_path)
    used = {"lean": 0}
    original = CodegymHttpClient.call_tool

    async def counted(self: CodegymHttpClient, name: str, arguments: dict[str, Any] | None = None) -> Any:
        used["lean"] += 1
        return await original(self, name, arguments)

    monkeypatch.setattr(CodegymHttpClient, "call_tool", counted)
    runs = {}
    for client in ("sdk", "lean"):
        monkeypatch.setenv("CODEGYM_MCP_CLIENT", client)
        for agent, max_steps in (("oracle", 256), ("random:7", 6)):
            store = Store(tmp_path / f"{client}-{agent}.db")
            cfg = RunConfig(agent=agent, envs=["BinarySearchEnv", "MaxGapEnv"], tasks_per_env=2, transport="http",
                            oracle_steps=False, max_steps=max_steps, concurrency=4)
            with anyio.fail_after(90):
                result = await run_async(cfg, store, registry=registry)
            runs[client, agent] = trajectories(store, result.run_id)
        if client == "sdk":
            assert used["lean"] == 0
    assert used["lean"] > 0
    for agent in ("oracle", "random:7"):
        assert runs["lean", agent] == runs["sdk", agent]
    oracle = runs["lean", "oracle"]
    assert len(oracle) == 4 and all(e[0][2:5] == ("terminated", "done", 1.0) for e in oracle)
    random = runs["lean", "random:7"]
    assert any(e[0][3] == "step_limit" for e in random) and any(call[3] for e in random for call in e[2])  # tool errors seen


def trajectories(store: Store, run_id: str) -> list[Any]:
    out = []
    for e in sorted(store.episodes(run_id), key=lambda e: (e["env"], e["task_id"])):
        episode = (e["env"], e["task_id"], e["status"], e["end_reason"], e["reward"], e["steps"], e["turns"], e["error"])
        messages = [(m["role"], m["content"], [(c["name"], c["arguments"]) for c in json.loads(m["tool_calls"] or "[]")],
                     m["name"], m["kind"]) for m in store.messages(e["id"])]  # call ids are random
        calls = [(c["name"], c["arguments"], c["result"], c["is_error"]) for c in store.tool_calls(e["id"])]
        out.append((episode, messages, calls))
    return out


@pytest.mark.anyio
async def test_failures_raise_what_the_harness_classifies_as_server_errors(servers):
    app = http_app()
    base = servers(app)
    with anyio.fail_after(60):
        async with httpx2.AsyncClient() as http:
            # an expired episode: 404 on its URL is an MCPError with the code the SDK gives it
            created = (await http.post(base + "/episodes", json={"env": "BinarySearchEnv"})).json()
            pool = Http11Pool(base, read_timeout=10)
            async with CodegymHttpClient(pool, created["url"]) as lean:
                await http.delete(f"{base}/episodes/{created['episode_id']}")
                with pytest.raises(MCPError) as gone:
                    await lean.call_tool("GetLength", {})
            created = (await http.post(base + "/episodes", json={"env": "BinarySearchEnv"})).json()
            with pytest.raises(BaseException) as sdk_gone:
                async with Client(streamable_http_client(base + created["url"], http_client=http), cache=None) as sdk:
                    await http.delete(f"{base}/episodes/{created['episode_id']}")
                    await sdk.call_tool("GetLength", {})
            await pool.aclose()
    assert gone.value.code == leaf(sdk_gone.value).code == -32601 and "no such episode" in gone.value.message
    assert _is_transport_failure(gone.value)

    # nobody listening: the same exception type as the SDK client's
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    with anyio.fail_after(30):
        with pytest.raises(httpx2.ConnectError) as refused:
            await CodegymHttpClient(Http11Pool(dead), "/episodes/x/mcp").__aenter__()
    assert _is_transport_failure(refused.value)


def leaf(exc: BaseException) -> Any:
    while isinstance(exc, BaseExceptionGroup):
        exc = exc.exceptions[0]
    return exc


@pytest.mark.anyio
async def test_read_timeout_and_a_server_that_dies_mid_answer(servers):
    async def slow(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await Recorder()(scope, receive, send)
            return
        if scope["path"] == "/half":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            await send({"type": "http.response.body", "body": b'{"jsonrpc"', "more_body": True})
            raise RuntimeError("the server dies mid-answer")
        await anyio.sleep(30)

    base = servers(slow)
    pool = Http11Pool(base, read_timeout=0.5)
    with anyio.fail_after(20):
        started = time.monotonic()
        with pytest.raises(httpx2.ReadTimeout):
            await pool.post("/slow", b"{}", {})
        assert time.monotonic() - started < 5
        with pytest.raises(httpx2.RemoteProtocolError) as cut:
            await pool.post("/half", b"{}", {})
        await pool.aclose()
    assert _is_transport_failure(cut.value) and _is_transport_failure(httpx2.ReadTimeout("x"))


@pytest.mark.anyio
async def test_pool_reuses_connections_survives_idle_closes_and_never_caps_concurrency(servers):
    base = servers(http_app(), keep_alive=0.3)
    with anyio.fail_after(60):
        async with httpx2.AsyncClient() as http:
            urls = [(await http.post(base + "/episodes", json={"env": "BinarySearchEnv"})).json()["url"] for _ in range(40)]
        pool = Http11Pool(base, read_timeout=30)
        clients = [CodegymHttpClient(pool, url) for url in urls]
        results: list[Any] = []

        async def play(client: CodegymHttpClient) -> None:
            await client.__aenter__()
            for _ in range(3):
                results.append(await client.call_tool("GetLength", {}))

        async with anyio.create_task_group() as tg:
            for client in clients:
                tg.start_soon(play, client)
        first_wave = pool.opened
        while not all(conn.reader.at_eof() for conn in pool._idle):  # the server closes idle keep-alive connections
            await anyio.sleep(0.05)
        again = await clients[0].call_tool("GetLength", {})
        await pool.aclose()
    assert len(results) == 120 and not any(r.is_error for r in results) and not again.is_error
    assert 2 <= first_wave <= 40  # concurrent requests opened connections as needed, sequential ones reused them
    assert pool.opened == first_wave + 1  # the closed connection was dropped, not used


@pytest.mark.anyio
async def test_pool_closes_connections_idle_longer_than_the_server_may_keep_them(servers):
    base = servers(http_app(), keep_alive=30)
    pool = Http11Pool(base, max_idle=0.2)
    with anyio.fail_after(30):
        for pause in (0, 0, 0.4, 0):
            await anyio.sleep(pause)
            assert (await pool.request("GET", "/healthz")).status_code == 200
        await pool.aclose()
    assert pool.opened == 2


@pytest.mark.anyio
async def test_chunked_and_event_stream_answers_are_read(servers):
    answer = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": "7"}], "isError": False,
                                                      "structuredContent": {"result": 7}}}

    async def sse(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await Recorder()(scope, receive, send)
            return
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream"),
                                                                               (b"transfer-encoding", b"chunked")]})
        events = f"event: message\r\ndata: {json.dumps({'jsonrpc': '2.0', 'method': 'notifications/progress', 'params': {}})}\r\n\r\n" \
                 f"event: message\r\ndata: {json.dumps(answer)}\r\n\r\n"
        for piece in (events[:30], events[30:]):
            await send({"type": "http.response.body", "body": piece.encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    pool = Http11Pool(servers(sse))
    with anyio.fail_after(20):
        result = await CodegymHttpClient(pool, "/mcp").call_tool("Anything", {})
        await pool.aclose()
    assert (result.content[0].text, result.structured_content, result.is_error) == ("7", {"result": 7}, False)


@pytest.mark.anyio
async def test_a_server_that_is_not_codegym_gets_the_sdk_client(servers, monkeypatch):
    """A server naming itself otherwise in serverInfo is played with the SDK's client, from then on."""
    inner = http_app()

    async def renamed(scope: Any, receive: Any, send: Any) -> None:
        async def rename(message: Any) -> None:  # same length, so content-length stays right
            if message["type"] == "http.response.body":
                message = {**message, "body": message.get("body", b"").replace(b'"codegym-mcp"', b'"another-mcp"')}
            await send(message)

        await inner(scope, receive, rename if scope["type"] == "http" else send)

    monkeypatch.delenv("CODEGYM_MCP_CLIENT", raising=False)
    base = servers(renamed)
    entry = default_registry().get("BinarySearchEnv")
    task = entry.get_task("train-000")
    spec = EpisodeSpec(env=entry.name, task_id=task.id, split="train", difficulty=None, sample=0, entry=entry, task=task)
    with anyio.fail_after(30):
        async with RemoteTarget(base) as target:
            assert target.mcp_client == "lean"
            for _ in range(2):
                async with target.connect(spec) as client:
                    assert isinstance(client, Client)
                    assert not (await client.call_tool("GetLength", {})).is_error
    assert target._lean_ok is False


def test_the_client_switch():
    assert make_target("http").mcp_client == "lean"  # type: ignore[attr-defined]
    assert make_target("http", mcp_client="sdk").mcp_client == "sdk"  # type: ignore[attr-defined]
    assert make_target("http", server_url="http://127.0.0.1:1", mcp_client="sdk").mcp_client == "sdk"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="lean"):
        make_target("http", mcp_client="fast")


def test_the_pool_refuses_headers_and_paths_that_would_split_a_request(monkeypatch):
    with pytest.raises(ValueError, match="line breaks"):
        Http11Pool("http://127.0.0.1:1", {"Authorization": "Bearer x\r\nX-Injected: 1"})
    with pytest.raises(ValueError, match="not a URL path"):
        CodegymHttpClient(Http11Pool("http://127.0.0.1:1"), "/episodes/x/mcp HTTP/1.1\r\nX: y")
    with pytest.raises(ValueError, match="not an http"):
        Http11Pool("ftp://127.0.0.1:1")


def test_a_proxied_server_is_left_to_httpx2(monkeypatch):
    from agent_runners.mcp_http import direct_route

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert direct_route("http://codegym.example:8000")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert not direct_route("https://codegym.example") and direct_route("http://codegym.example")
    assert direct_route("https://127.0.0.1:8000")  # loopback never goes through a proxy
    monkeypatch.setenv("NO_PROXY", "codegym.example")
    assert direct_route("https://codegym.example")


@pytest.mark.anyio
async def test_a_target_holds_one_connection_per_episode_in_flight(servers, monkeypatch):
    """Episode creation, MCP requests and deletion share the lean pool: connections never exceed the episodes in
    flight (two pools would double them, and the server refuses connections beyond its limit)."""
    monkeypatch.delenv("CODEGYM_MCP_CLIENT", raising=False)
    base = servers(http_app())
    entry = default_registry().get("BinarySearchEnv")
    task = entry.get_task("train-000")
    spec = EpisodeSpec(env=entry.name, task_id=task.id, split="train", difficulty=None, sample=0, entry=entry, task=task)
    lengths: list[Any] = []

    async def episode(target: RemoteTarget) -> None:
        async with target.connect(spec) as client:
            await client.list_tools()
            lengths.append((await client.call_tool("GetLength", {})).structured_content)

    with anyio.fail_after(60):
        async with RemoteTarget(base) as target:
            async with anyio.create_task_group() as tg:
                for _ in range(30):
                    tg.start_soon(episode, target)
            assert target._pool is not None and 1 <= target._pool.opened <= 30
            async with httpx2.AsyncClient() as http:
                left = (await http.get(base + "/healthz")).json()["episodes"]
    assert len(lengths) == 30 and len({json.dumps(x) for x in lengths}) == 1 and left == 0  # every episode deleted


@pytest.mark.anyio
@pytest.mark.parametrize("failure", ["expired", "crashed"])
async def test_episodes_end_as_server_errors_alike_when_the_server_fails_mid_episode(servers, monkeypatch, tmp_path, failure):
    """Done is answered 404 (the episode expired) or by a server crash (uvicorn's 500): with either client the
    episode ends `errored` / `server_error`, never as the agent's fault or a harness bug."""
    inner = http_app()

    async def failing(scope: Any, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers", []))
        if scope["type"] == "http" and headers.get(b"mcp-name") == b"Done":
            if failure == "crashed":
                raise RuntimeError("the server crashed")
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"error": "no such episode (expired or never existed)"}'})
            return
        await inner(scope, receive, send)

    base = servers(failing)
    ends = {}
    for client in ("sdk", "lean"):
        monkeypatch.setenv("CODEGYM_MCP_CLIENT", client)
        store = Store(tmp_path / f"{client}.db")
        cfg = RunConfig(agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=1, server_url=base, oracle_steps=False)
        with anyio.fail_after(60):
            result = await run_async(cfg, store, registry=default_registry())
        [e] = store.episodes(result.run_id)
        ends[client] = (e["status"], e["end_reason"], e["reward"], e["steps"])
        assert ("-32601" in e["error"] or "Not Found" in e["error"]) if failure == "expired" else "error response" in e["error"]
    assert ends["lean"] == ends["sdk"] and ends["lean"][:2] == ("errored", "server_error")
