"""The `codegym-mcp` command line: a thin layer over the Python API.

This module and `agent_runners/cli.py` (the harness commands, attached through an entry point) are the
only ones that parse command lines or print for people.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .env import EnvDefinitionError
from .plugins import plugin
from .registry import EnvEntry, TaskError, default_registry

# Wide when piped (CI logs, files): rich would otherwise wrap tables at 80 columns.
console = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 200)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)

DEFAULT_ENV = "BinarySearchEnv"


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise SystemExit(code)


def get_entry(name: str, *, files: tuple[str, ...] = ()) -> EnvEntry:
    registry = default_registry()
    for f in files:
        _add_file(f)
    try:
        return registry.get(name)
    except KeyError as exc:
        fail(str(exc).strip("'\""))
    except EnvDefinitionError as exc:
        fail(str(exc))


def _warn_without_statement(entries: list[EnvEntry]) -> None:
    """A CodeGym-format file with no statement is served with one built from its tools: say so (on stderr)."""
    for e in entries:
        if e.kind == "codegym" and not e.statement_text() and not e.description.strip():
            console.print(f"[yellow]warning:[/] {escape(e.name)} has no problem statement (no docstring, no "
                          f"{escape(Path(e.path or '').stem)}.md beside it, no --statement); its instructions are built from "
                          "the tools' docs", highlight=False)


def _check_port(host: str, port: int) -> None:
    """Fail before announcing a server whose address is taken."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _check_db(path: str) -> None:
    """A trajectory database that cannot be opened is a clear error before serving starts."""
    from .store import Store, StoreError

    try:
        Store(path).close()
    except StoreError as exc:
        fail(str(exc))


def _add_file(path: str) -> list[EnvEntry]:
    try:
        return default_registry().add_file(Path(path), trusted=False)
    except EnvDefinitionError as exc:
        fail(str(exc))


class _PluginGroup(click.Group):
    """Adds the plugin commands (the harness's run, eval, export, report, view...) when one is asked for or all are
    listed, so `serve` does not pay for importing the harness (about 0.5 s of CPU on every stdio start)."""

    _loaded = False

    def _load_plugins(self) -> None:
        if not self._loaded:
            self._loaded = True
            register = plugin("commands")  # `agent_runners` registers through an entry point: we never import it
            if register is not None:
                register(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load_plugins()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugins()
        return super().list_commands(ctx)


@click.group(cls=_PluginGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="codegym-mcp")
def main() -> None:
    """Coding problems as tool-use environments for LLM agents, served over MCP."""


# ---------------------------------------------------------------- serve


@main.command()
@click.argument("env", required=False)
@click.option("--task", help="Task id (e.g. train-000), a JSON object of config parameters, or a CodeGym config string.")
@click.option("--seed", type=int, help="Generate a task from this seed instead.")
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]), default=None)
@click.option("--transport", type=click.Choice(["stdio", "http"]), default="stdio", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="CODEGYM_MCP_TOKEN", help="Require 'Authorization: Bearer TOKEN' (HTTP).")
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Also serve this env file (HTTP).")
@click.option("--max-steps", type=click.IntRange(1), default=256, show_default=True)
@click.option("--timeout", "tool_timeout", type=float, default=10.0, show_default=True, help="Seconds a tool call may take.")
@click.option("--eval-mode", is_flag=True, help="Hide reference answers: Done says only correct or incorrect.")
@click.option("--sandbox", type=click.Choice(["on", "off", "strict"]), is_flag=False, flag_value="on", default=None,
              callback=lambda ctx, _, v: "off" if v is None and ctx.meta.get("codegym_no_sandbox") else v,
              help="`--sandbox [on]`: run every env in a worker process (default: only files given by path). `--sandbox "
                   "strict`: refuse to start unless sandbox workers get kernel isolation (namespaces, seccomp).")
@click.option("--no-sandbox", is_flag=True, expose_value=False, is_eager=True, help="Run every env in-process, files given by path too.",
              callback=lambda ctx, _, v: ctx.meta.__setitem__("codegym_no_sandbox", v))
@click.option("--log-db", type=click.Path(dir_okay=False), help="Record every episode and tool call in this SQLite file.")
@click.option("--ttl", type=click.FloatRange(0, min_open=True), default=900.0, show_default=True,
              help="Idle seconds before an HTTP episode expires.")
@click.option("--request-timeout", type=click.FloatRange(0, min_open=True), default=10.0, show_default=True,
              help="HTTP: seconds a client has to send a whole request; a stalled one is answered 408 and closed.")
@click.option("--max-connections", type=click.IntRange(1), default=16_384, show_default=True,
              help="HTTP: open connections beyond this are answered 503 and closed. A harness holds about one per "
                   "episode in flight; the open-file limit is raised to its hard limit so that many sockets fit.")
@click.option("--statement", "statement_file", type=click.Path(exists=True, dir_okay=False),
              help="The problem statement of a CodeGym-format ENV file (default: <stem>.md or .txt beside it).")
def serve(env: str | None, task: str | None, seed: int | None, difficulty: str | None, transport: str, host: str, port: int,
          token: str | None, files: tuple[str, ...], max_steps: int, tool_timeout: float, eval_mode: bool,
          sandbox: bool | None, log_db: str | None, ttl: float, request_timeout: float, max_connections: int,
          statement_file: str | None) -> None:
    """Serve ENV (default BinarySearchEnv) as an MCP server: one episode over stdio, or every environment over HTTP."""
    import anyio

    from .server import ServeOptions, check_bind, open_episode, serve_http, serve_stdio

    sandbox = _sandbox_mode(sandbox)
    options = ServeOptions(max_steps=max_steps, reveal_answer=not eval_mode, tool_timeout=tool_timeout,
                           episode_ttl=ttl, sandbox=sandbox, log_db=log_db, request_timeout=request_timeout,
                           max_connections=max_connections)
    if transport == "http":
        added = [e for f in files for e in _add_file(f)]
        if env:
            get_entry(env)
        _warn_without_statement(added)
        try:
            check_bind(host, token)
            _check_port(host, port)
            if log_db:
                _check_db(log_db)
        except PermissionError as exc:
            fail(str(exc))
        console.print(f"codegym-mcp: serving {len(default_registry().entries)} environments on http://{host}:{port} "
                      f"(POST /episodes, or /envs/NAME/mcp)", highlight=False)
        _report_isolation()
        from .serve_child import raise_open_file_limit

        raise_open_file_limit()  # every connection is an open file
        serve_http(options=options, host=host, port=port, token=token)
        return
    entry = get_entry(env or DEFAULT_ENV)
    if statement_file:
        if entry.kind != "codegym":
            fail("--statement is for CodeGym-format env files; a native env's statement is its class docstring")
        entry.statement = Path(statement_file).read_text(errors="replace").strip()
    _warn_without_statement([entry])
    if sandbox or (sandbox is None and not entry.trusted):
        _report_isolation()
    try:
        t = entry.resolve_task(task, seed=seed, difficulty=difficulty)
        store = None
        if log_db:
            from .server import open_log

            _check_db(log_db)
            store = open_log(log_db)
        live = open_episode(entry, t, options, store)
    except (TaskError, ValueError) as exc:
        fail(str(exc))
    anyio.run(serve_stdio, live)


def _sandbox_mode(mode: Any) -> bool | None:
    """--sandbox [on|strict] / --no-sandbox -> ServeOptions.sandbox; strict refuses to start without kernel isolation."""
    if mode == "strict":
        from .sandbox import require_isolation

        try:
            status = require_isolation()
        except RuntimeError as exc:
            fail(f"--sandbox strict: {exc}")
        console.print(f"codegym-mcp: sandbox workers are kernel-isolated: {status['detail']}", highlight=False)
        return None
    return {"on": True, "off": False}.get(mode, mode)


def _report_isolation() -> None:
    """Say loudly when untrusted env code runs with Python-level guards only."""
    from .sandbox import isolation

    status = isolation()
    if status["isolated"]:
        console.print(f"codegym-mcp: sandbox workers are kernel-isolated: {status['detail']}", highlight=False)
    else:
        console.print(f"[bold yellow]WARNING:[/] sandbox workers are NOT kernel-isolated: {escape(status['detail'])}. "
                      "Untrusted env code can read this machine's files and reach its network; see the README, "
                      "\"Untrusted environment code\". `--sandbox strict` refuses to start instead.", highlight=False)


@main.command("serve-openenv")
@click.argument("env", required=False)
@click.option("--split", type=click.Choice(["train", "test"]), default=None, help="Without ENV: pick envs and tasks from this split.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--max-sessions", type=int, default=64, show_default=True, help="Concurrent WebSocket sessions (one episode each).")
@click.option("--max-steps", type=int, default=256, show_default=True)
@click.option("--sandbox/--no-sandbox", default=None, help="Run env code in a limited worker process.")
@click.option("--log-db", type=click.Path(dir_okay=False), help="Record every episode and tool call in this SQLite file.")
@click.option("--file", "files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Also serve this env file (sandboxed).")
@click.option("--public", is_flag=True, help="Allow a non-loopback --host (OpenEnv's server has no authentication).")
def serve_openenv(env: str | None, split: str | None, host: str, port: int, max_sessions: int, max_steps: int,
                  sandbox: bool | None, log_db: str | None, files: tuple[str, ...], public: bool) -> None:
    """Serve episodes through OpenEnv's HTTP/WebSocket server (needs the `openenv` extra)."""
    try:
        from .integrations.openenv import create_openenv_app
    except ImportError as exc:
        fail(f"the OpenEnv bridge needs openenv-core: pip install 'codegym-mcp[openenv]' ({exc})")
    from .server import is_loopback, open_log

    if not is_loopback(host) and not public:
        fail(f"refusing to bind {host}: OpenEnv's server has no authentication. Pass --public if that is intended.")
    for f in files:
        _add_file(f)
    if env:
        get_entry(env)
    import uvicorn

    _check_port(host, port)
    if log_db:
        _check_db(log_db)
    app = create_openenv_app(env, split=split, max_steps=max_steps, max_sessions=max_sessions, sandbox=sandbox,
                             log_db=open_log(log_db) if log_db else None)
    console.print(f"codegym-mcp: OpenEnv server for {env or 'all environments'} on http://{host}:{port} "
                  f"(one episode per WebSocket client at /ws)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


# ---------------------------------------------------------------- list / show


@main.command("list")
@click.option("--split", type=click.Choice(["train", "test"]), default=None)
@click.option("--max-base-pass", type=click.FloatRange(0, 1), default=None,
              help="Count only instances whose recorded base-model pass rate is at most this; hide envs left with none.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_envs(split: str | None, max_base_pass: float | None, as_json: bool) -> None:
    """List the registered environments with tool counts and split."""
    rows: list[dict[str, Any]] = []
    stats: dict[Path, dict[str, Any]] = {}
    for name in default_registry().names(split):
        e = default_registry().entries[name]
        tools = e.tool_names()
        tasks = e.tasks
        if max_base_pass is not None:
            tasks = [t for t in tasks if t.base_pass_at_most(max_base_pass)]
            if not tasks:
                continue
        row = {"name": name, "split": e.split, "kind": e.kind, "tools": len(tools), "tasks": len(tasks),
               "difficulties": sorted({t.difficulty for t in e.tasks if t.difficulty}), "source": e.source}
        if e.class_name and e.class_name != name:
            row["class"] = e.class_name
        if e.path is not None:  # difficulty figures from the library's last `verify --stats-out`
            folder = Path(e.path).parent
            if folder not in stats:
                stats[folder] = _read_stats(folder / LIBRARY_STATS)
            row.update({k: v for k, v in stats[folder].get(name, {}).items() if k in ("oracle_mean_calls", "baselines", "scalar_input")})
        rows.append(row)
    for why in default_registry().errors.values():
        console.print(f"[yellow]skipped broken env file:[/] {why}", highlight=False)
    if as_json:
        out.print_json(json.dumps(rows))
        return
    table = Table(title=f"{len(rows)} environments")
    for col in ("name", "split", "tools", "tasks", "source"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], r["split"], str(r["tools"]), str(r["tasks"]), escape(r["source"]))
    out.print(table)


@main.command()
@click.argument("env")
@click.option("--json", "as_json", is_flag=True)
def show(env: str, as_json: bool) -> None:
    """Show an environment's problem statement, tools with schemas, and an example task."""
    from .server import entry_tools

    entry = get_entry(env)
    tools = entry_tools(entry)
    example = entry.tasks[0] if entry.tasks else None
    data: dict[str, Any] = {
        "name": entry.name, "split": entry.split, "kind": entry.kind, "source": entry.source,
        "statement": inspect.cleandoc(entry.statement_text() or entry.description),  # without its source indentation
        "tools": [{"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in tools],
        "example_task": example.as_row() if example else None,
        "tasks": {"train": len(entry.task_ids("train")), "test": len(entry.task_ids("test"))},
    }
    if as_json:
        out.print_json(json.dumps(data))
        return
    out.print(f"[bold]{entry.name}[/]  split={entry.split}  source={entry.source}")
    if data["statement"]:
        out.print(escape(data["statement"].strip()))
    table = Table(title="tools")
    table.add_column("name")
    table.add_column("description")
    table.add_column("parameters")
    for t in data["tools"]:
        params = ", ".join(f"{k}: {v.get('type', 'any')}" for k, v in t["input_schema"].get("properties", {}).items())
        table.add_row(t["name"], escape(t["description"]), escape(params))  # env text, not rich markup: `best[i]`
    out.print(table)
    if example:
        config = brief_json(example.config)
        note = "  (shortened: `show --json` has it whole)" if config != json.dumps(example.config) else ""
        out.print(f"example task [bold]{example.id}[/] ({example.difficulty}): {escape(config)}{note}", highlight=False)


def brief_json(value: Any, limit: int = 300) -> str:
    """`value` as JSON in about `limit` characters for people: every field kept, numbers whole, long lists and strings
    shortened with a count (`[1, 2, ... +97 more]`), never cut inside a token."""
    text = json.dumps(value)
    for items in (16, 8, 4, 2, 1):
        if len(text) <= limit:
            break
        text = _brief(value, items)
    return text


def _brief(value: Any, items: int) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_brief(v, items)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        more = len(value) - items
        return "[" + ", ".join(_brief(v, items) for v in value[:items]) + (f", ... +{more} more" if more > 0 else "") + "]"
    if isinstance(value, str) and len(value) > 8 * items + 8:
        keep = 8 * items
        return json.dumps(value[:keep])[:-1] + f'..." (+{len(value) - keep} chars)'
    return json.dumps(value)


# ---------------------------------------------------------------- play


@main.command()
@click.argument("env", required=False)
@click.option("--task")
@click.option("--seed", type=int)
@click.option("--difficulty", type=click.Choice(["easy", "medium", "hard"]), default=None)
def play(env: str | None, task: str | None, seed: int | None, difficulty: str | None) -> None:
    """Play an episode of ENV (default BinarySearchEnv) by hand: type `Tool arg=value ...` or `Tool {json}`;
    `tools` lists them, `help` shows the commands, `quit` (or Ctrl-D) leaves."""
    entry = get_entry(env or DEFAULT_ENV)
    try:
        chosen = entry.resolve_task(task, seed=seed, difficulty=difficulty)
        episode = entry.episode(chosen)
    except (TaskError, ValueError) as exc:
        fail(str(exc))
    try:
        import readline  # noqa: F401 - line editing and history for input() on a terminal
    except ImportError:  # pragma: no cover - Windows
        pass
    tools = episode.tools()
    out.print(escape(episode.instructions()), highlight=False)
    out.print(f"\n[bold]{escape(entry.name)}[/], task [bold]{escape(chosen.id)}[/]"
              + (f" ({escape(chosen.difficulty)})" if chosen.difficulty else "")
              + f", at most {episode.state().as_dict()['max_steps']} tool calls", highlight=False)
    out.print(f"tools: {', '.join(t.name for t in tools)}", highlight=False)
    out.print(escape(PLAY_HELP), highlight=False)
    interrupted = False
    try:
        while not episode.done:
            try:
                line = input("> ").strip()
            except EOFError:
                out.print("\n(end of input)", highlight=False)
                break
            if not line:
                continue
            if line in ("quit", "exit"):
                break
            if line in ("help", "?"):
                out.print(escape(PLAY_HELP), highlight=False)
            if line in ("tools", "help", "?"):
                for t in tools:
                    out.print(escape(_tool_line(t)), highlight=False)
                continue
            try:
                name, args = parse_play_line(line)
            except ValueError as exc:
                out.print(f"[red]{escape(str(exc))}[/] (type `help` for the syntax)", highlight=False)
                continue
            result = episode.call(name, args)
            out.print(("[red]error:[/] " if result.is_error else "") + escape(result.text), highlight=False)
    except KeyboardInterrupt:  # at the prompt or during a call: a short line, not click's "Aborted!"
        interrupted = True
        out.print("\ninterrupted: the episode is left unfinished", highlight=False)
    out.print(json.dumps(episode.state().as_dict()), highlight=False)
    if interrupted:
        raise SystemExit(130)


PLAY_HELP = """commands:
  Tool key=value ...  call a tool; a value is JSON if it parses, else text (no spaces: GetElement index=3, Done answer=[1,2])
  Tool {json}         call a tool with JSON arguments: Done {"answer": [1, 2]}
  tools               list the tools with their arguments
  help                this help, then the tools
  quit                leave (Ctrl-D and Ctrl-C leave too)"""


def _tool_line(t: Any) -> str:
    """`  GetElement: Return the element at index.  args: index (integer)`."""
    props = t.input_schema.get("properties", {})
    args = ", ".join(f"{k} ({v.get('type', 'any')})" for k, v in props.items())
    doc = (t.description or "").strip().splitlines()
    return f"  {t.name}: {doc[0] if doc else ''}" + (f"  args: {args}" if args else "")


def parse_play_line(line: str) -> tuple[str, dict[str, Any]]:
    """`GetElement index=3` or `GetElement {"index": 3}` -> ("GetElement", {"index": 3})."""
    name, _, rest = line.partition(" ")
    rest = rest.strip()
    if not rest:
        return name, {}
    if rest.startswith("{"):
        try:
            args = json.loads(rest)
        except json.JSONDecodeError as exc:
            raise ValueError(f"bad JSON arguments: {exc}") from None
        return name, args
    args = {}
    for part in rest.split():
        key, eq, value = part.partition("=")
        if not eq:
            raise ValueError(f"expected key=value, got {part!r}")
        try:
            args[key] = json.loads(value)
        except json.JSONDecodeError:
            args[key] = value
    return name, args


# ---------------------------------------------------------------- verify / freeze / import


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--split", type=click.Choice(["train", "test"]), default=None)
@click.option("--generated", type=int, default=20, show_default=True, help="Freshly generated tasks per env.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Environments checked at once [default: all cores].")
@click.option("--house-rules/--paper-rules", "house_rules", default=None,
              help="Our stricter rules (documented schemas, >= 4 domain tools all used, partial observability) or only "
                   "the paper's [default: house rules for native envs, the paper's for CodeGym-format ones].")
@click.option("--baselines/--no-baselines", default=None,
              help="Score the random and free-read agents on the frozen tasks [default: on for native envs].")
@click.option("--stats-out", type=click.Path(dir_okay=False), default=None,
              help="Also write per-env statistics (oracle calls, tools, baseline pass rates) as JSON, as `list --json` reads them.")
@click.option("--json", "as_json", is_flag=True)
def verify(targets: tuple[str, ...], split: str | None, generated: int, jobs: int | None, house_rules: bool | None,
           baselines: bool | None, stats_out: str | None, as_json: bool) -> None:
    """Check environments (names, .py files or directories; default: the whole library)."""
    from rich.progress import Progress

    from .registry import Registry
    from .verify import library_problems, summarize, verify_all

    entries: list[EnvEntry] = []
    for t in targets:
        p = Path(t)
        if p.is_dir():
            reg = Registry([p])
            entries += [reg.entries[n] for n in reg.names(split)]
        elif p.suffix == ".py" and p.exists():
            entries += _add_file(t)
        else:
            entries.append(get_entry(t))
    broken: dict[str, str] = {}
    if not targets:
        entries = [default_registry().entries[n] for n in default_registry().names(split)]
        broken = default_registry().errors
    if not entries and not broken:
        fail("nothing to verify")
    with_baselines = baselines if baselines is not None else all(e.kind == "native" for e in entries)
    reports = []
    with Progress(console=console, transient=True, disable=as_json) as progress:
        job = progress.add_task("verifying", total=len(entries))
        for rep in verify_all(entries, jobs=jobs or os.cpu_count() or 1, generated=generated,
                              house_rules=house_rules, baselines=with_baselines):
            reports.append(rep)
            progress.update(job, description=f"verified {rep.env}")
            progress.advance(job)
    order = {e.name: i for i, e in enumerate(entries)}
    reports.sort(key=lambda r: order.get(r.env, 0))
    summary = summarize(reports)
    # Library-wide rules, for a whole library of ours: the scalar-input share.
    problems = library_problems(summary) if not targets and split is None and house_rules is not False else []
    if stats_out:
        write_stats(Path(stats_out), reports, summary)
    if as_json:
        out.print_json(json.dumps({"summary": summary, "library_problems": problems,
                                   "environments": [r.as_dict() for r in reports], "broken_files": broken}))
    else:
        print_verify(reports, summary)
        for path, why in broken.items():
            console.print(f"[red]broken env file[/] {escape(why)}", highlight=False)
        for why in problems:
            console.print(f"[red]library rule failed:[/] {escape(why)}", highlight=False)
    if broken or problems or not all(r.ok for r in reports):
        raise SystemExit(1)


LIBRARY_STATS = "library_stats.json"
MANIFEST_NAME = "codegym_library.json"


def _read_stats(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text())["environments"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_stats(path: Path, reports: list[Any], summary: dict[str, Any]) -> None:
    """Per-env difficulty figures that need no LLM, keyed by env name."""
    rows = {r.env: {"ok": r.ok, "split": r.split, "tools": len(r.tools_defined), "oracle_mean_calls": round(r.oracle_mean, 2),
                    "scalar_input": r.scalar_input, "baselines": {k: round(v, 4) for k, v in r.baselines.items()}}
            for r in reports}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"summary": summary, "environments": rows}, indent=1, sort_keys=True) + "\n")


def print_verify(reports: list[Any], summary: dict[str, Any]) -> None:
    table = Table(title="codegym-mcp verify")
    for col in ("env", "split", "tools", "tasks", "steps min/mean/max", "random/free-read", "result", "failed checks"):
        table.add_column(col)
    for r in reports:
        steps = f"{min(r.steps)}/{sum(r.steps) / len(r.steps):.1f}/{max(r.steps)}" if r.steps else "-"
        base = "/".join(f"{r.baselines[k]:.2f}" for k in ("random", "free_read") if k in r.baselines) or "-"
        failed = "; ".join(f"{c.name}: {c.detail}" for c in r.checks if not c.ok)
        table.add_row(r.env, r.split, str(len(r.tools_defined)), str(r.tasks), steps, base,
                      "[green]ok[/]" if r.ok else "[red]FAIL[/]", escape(failed[:160]))
    out.print(table)
    s = summary
    paper = Table(title="summary (CodeGym paper: 13,116 envs, 86,165 configs, 6.52 tools, 44.07 oracle steps per env)")
    paper.add_column("metric")
    paper.add_column("value")
    for key, label in (("environments", "environments"), ("task_configs", "task configs"),
                       ("tools_per_env_mean", "tools per env (mean)"), ("tools_per_env_median", "tools per env (median)"),
                       ("oracle_steps_per_env_mean", "oracle steps per env (mean)"), ("oracle_steps_median", "oracle steps (median)"),
                       ("oracle_steps_p90", "oracle steps (p90)"), ("pass_rate", "pass rate"),
                       ("test_environments", "held-out (test) environments"), ("scalar_input_share", "scalar-input share"),
                       ("scalar_input_share_test", "scalar-input share (test)")):
        v = s[key]
        paper.add_row(label, f"{v:.2f}" if isinstance(v, float) else str(v))
    for name, rate in s["baseline_pass_rate_mean"].items():
        paper.add_row(f"{name.replace('_', '-')} baseline pass rate (mean)", f"{rate:.2f}")
    out.print(paper)
    out.print("oracle steps histogram: " + "  ".join(f"{k}: {v}" for k, v in s["steps_histogram"].items() if v), highlight=False)


@main.command()
@click.argument("envs", nargs=-1)
@click.option("--per-split", type=int, default=12, show_default=True)
def freeze(envs: tuple[str, ...], per_split: int) -> None:
    """(Re)write the frozen task file of native environments (train and test configs)."""
    from .registry import freeze_tasks

    for name in envs or tuple(default_registry().names()):
        e = get_entry(name)
        if e.env_cls is None or e.task_file is None:
            fail(f"{name} has no task generator")
        freeze_tasks(e.env_cls, e.task_file, per_split)
        e._tasks = None
        out.print(f"{name}: {len(e.tasks)} tasks -> {e.task_file}", highlight=False)


@main.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--tasks", "tasks_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="JSONL of instances: CodeGym's veRL rows ({\"ability\": \"codegym_v1@STEM@{...}\", \"prompt\": ...}) "
                   "or config strings (\"NameEnv@{...}\" per line, or {\"env_str\": ...} objects).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Library directory to write.")
@click.option("--test-fraction", type=float, default=0.2, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the whole import summary as JSON.")
def import_cmd(directory: str, tasks_file: str, out_dir: str, test_fraction: float, as_json: bool) -> None:
    """Register a directory of CodeGym-format env files with their instances as a library."""
    from .library import import_library

    try:
        summary = import_library(Path(directory), Path(tasks_file), Path(out_dir), test_fraction=test_fraction)
    except (ValueError, EnvDefinitionError, OSError) as exc:
        fail(str(exc))
    if as_json:
        out.print_json(json.dumps(summary.as_dict()))
        return
    s = summary
    out.print(f"imported {len(s.envs)} of {s.files} env files ({s.rows_imported} of {s.rows} instance rows) into {out_dir}",
              highlight=False)
    for row in s.skipped_files[:20]:
        console.print(f"[yellow]skipped file[/] {escape(row['file'])}: {escape(row['reason'])}", highlight=False)
    if len(s.skipped_files) > 20:
        console.print(f"[yellow]... and {len(s.skipped_files) - 20} more skipped files[/] (see {MANIFEST_NAME} in {escape(out_dir)})")
    if s.rows_skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(s.skip_reasons.items()))
        console.print(f"[yellow]skipped {s.rows_skipped} rows[/] ({escape(reasons)})", highlight=False)
        for row in s.skipped_rows[:10]:
            console.print(f"  {escape(tasks_file)}:{row['line']}: {escape(row['reason'])}", highlight=False)
    if s.without_statement:
        console.print(f"[yellow]warning:[/] {len(s.without_statement)} envs have no problem statement (no prompt, no "
                      f"docstring, no .md beside the file): {escape(', '.join(s.without_statement[:8]))}; their "
                      "instructions are built from the tools' docs", highlight=False)


@main.command()
@click.argument("problems", type=click.Path(exists=True, dir_okay=False))
@click.option("--llm", "llm_spec", required=True,
              help="openai:MODEL (any OpenAI-compatible endpoint, see --base-url) or anthropic:MODEL.")
@click.option("--base-url", default=None, help="Endpoint base URL, e.g. http://127.0.0.1:8001/v1 for vLLM.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Library directory to write.")
@click.option("--concurrency", type=int, default=4, show_default=True)
@click.option("--repairs", type=int, default=2, show_default=True, help="Repair rounds for an env that fails static checks.")
@click.option("--oracle-samples", type=int, default=10, show_default=True)
@click.option("--max-tokens", type=click.IntRange(256), default=4096, show_default=True,
              help="Per reply; thinking models spend part of it thinking (a cut reply is rejected as `truncated`).")
@click.option("--format", "fmt", type=click.Choice(["native", "codegym"]), default="native", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N problems.")
@click.option("--no-verify", is_flag=True, help="Skip the final `codegym-mcp verify` of the output.")
@click.option("--difficulty-agent", "difficulty_agent", default=None,
              help="Keep only envs this agent (openai:MODEL, anthropic:MODEL) solves at most --max-pass of the time.")
@click.option("--max-pass", "max_pass", type=click.FloatRange(0, 1), default=0.25, show_default=True,
              help="Highest pass rate of --difficulty-agent an env may have (the paper keeps <= 0.25).")
@click.option("--difficulty-samples", "difficulty_samples", type=click.IntRange(1), default=4,
              show_default=True, help="Episodes per task for --difficulty-agent.")
@click.option("--difficulty-tasks", type=click.IntRange(1), default=5, show_default=True, help="Tasks per env it plays.")
@click.option("--difficulty-base-url", "difficulty_base_url", default=None,
              help="Endpoint for --difficulty-agent.")
@click.option("--price-in", type=float, default=None, help="USD per million input tokens, for the cost line.")
@click.option("--price-out", type=float, default=None, help="USD per million output tokens.")
@click.option("--json", "as_json", is_flag=True)
def synth(problems: str, llm_spec: str, base_url: str | None, out_dir: str, concurrency: int, repairs: int,
          oracle_samples: int, max_tokens: int, fmt: str, limit: int | None, no_verify: bool, difficulty_agent: str | None,
          max_pass: float, difficulty_samples: int, difficulty_tasks: int, difficulty_base_url: str | None,
          price_in: float | None, price_out: float | None, as_json: bool) -> None:
    """Turn a JSONL of coding problems into verified environments (resumable: rerun to continue)."""
    from rich.progress import Progress

    from .chat import ChatError, resolve_endpoint
    from .synth import STAGES, ChatClient, SynthConfig, read_problems, synthesize

    rows, skipped = read_problems(Path(problems))
    for s in skipped:
        console.print(f"skipped line {s['line']}: {s['reason']}", highlight=False)
    rows = rows[:limit] if limit else rows
    if not rows:
        fail("no usable problems in the input")
    try:  # a missing key or a dead endpoint stops here, not after every problem failed
        llm = ChatClient.from_spec(llm_spec, base_url, max_tokens=max_tokens)
        llm.model.endpoint.check_reachable()
        if difficulty_agent and difficulty_agent.split(":")[0] in ("openai", "anthropic"):
            resolve_endpoint(difficulty_agent, difficulty_base_url, option="--difficulty-base-url").check_reachable()
    except ValueError as exc:
        fail(str(exc))
    difficulty_filter = None
    if difficulty_agent:
        make_filter = plugin("difficulty_filter")
        if make_filter is None:
            fail("--difficulty-agent needs the harness package (agent_runners), which is not installed")
        difficulty_filter = make_filter(difficulty_agent, samples=difficulty_samples, tasks=difficulty_tasks,
                                        base_url=difficulty_base_url)
    cfg = SynthConfig(out_dir=Path(out_dir), repairs=repairs, oracle_samples=oracle_samples, concurrency=concurrency,
                      format=fmt, verify=not no_verify, difficulty_threshold=max_pass, difficulty_filter=difficulty_filter)
    with Progress(console=console, transient=True, disable=as_json) as progress:
        jobs = {stage: progress.add_task(stage, total=len(rows)) for stage in STAGES}

        def step(pid: str, stage: str, status: str) -> None:
            if stage in jobs:
                progress.advance(jobs[stage])

        try:
            result = synthesize(rows, llm, cfg, progress=step)
        except ChatError as exc:
            fail(f"stopped: the model API cannot be used ({exc}); state is kept, rerun to continue")
        finally:
            llm.close()
    u = result.usage
    if price_in is not None or price_out is not None:
        def usd(tokens_in: int, tokens_out: int) -> float:
            return round(tokens_in * (price_in or 0) / 1e6 + tokens_out * (price_out or 0) / 1e6, 4)

        u["cost_usd"] = usd(u["input_tokens"], u["output_tokens"])
        if u["per_accepted_env"]:
            u["per_accepted_env"]["cost_usd"] = usd(u["per_accepted_env"]["input_tokens"], u["per_accepted_env"]["output_tokens"])
    data = {"funnel": result.funnel, "accepted": result.accepted, "rejections": result.rejections, "usage": u,
            "seconds": result.seconds, "skipped_rows": skipped, "verify": (result.verify or {}).get("summary")}
    if as_json:
        out.print_json(json.dumps(data))
        return
    table = Table(title="synthesis funnel")
    for col in ("stage", "kept", "rejected", "tokens in", "tokens out", "wall s", "busy s", "top reasons"):
        table.add_column(col)
    for row in result.funnel:
        reasons = result.rejections.get(row["stage"], {})
        top = "; ".join(f"{n}x {r}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:2])
        spent = ([f"{row['tokens_in']:,}", f"{row['tokens_out']:,}", f"{row['wall_seconds']:.1f}", f"{row['busy_seconds']:.1f}"]
                 if "wall_seconds" in row else ["", "", "", ""])
        table.add_row(row["stage"], str(row["kept"]), str(row.get("rejected", "")), *spent, top)
    out.print(table)
    cost = f", cost ${u['cost_usd']:.2f}" if "cost_usd" in u else ""
    per_stage = "; ".join(f"{k}: {v[0]} calls, {v[1] + v[2]:,} tokens" for k, v in u["by_stage"].items())
    out.print(f"this run: LLM calls {u['calls']}, tokens in {u['input_tokens']:,} / out {u['output_tokens']:,}{cost} "
              f"({per_stage}); {result.seconds:.0f} s", highlight=False)
    per = u["per_accepted_env"]
    if per:
        per_cost = f", ${per['cost_usd']:.4f}" if "cost_usd" in per else ""
        out.print(f"per accepted env (all runs, rejected problems included): tokens in {per['input_tokens']:,} / "
                  f"out {per['output_tokens']:,}{per_cost}", highlight=False)
    if result.verify is not None:
        summary = result.verify.get("summary", {})
        out.print(f"verify: {summary.get('passed', 0)}/{summary.get('environments', 0)} environments pass", highlight=False)
    out.print(f"accepted: {', '.join(result.accepted) or 'none'} -> {out_dir}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
