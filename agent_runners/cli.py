"""The harness commands of `codegym-mcp`: run, eval, compare, export, report, view.

Only argument parsing and printing live here; the work is done by the harness's modules. The library's
CLI finds `register` through the `codegym_mcp.plugins` entry point `commands` (it never imports the harness).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn,
                           TimeElapsedColumn)
from rich.text import Text
from rich.table import Table

__all__ = ["register"]

# Wide when piped (CI logs, files): rich would otherwise squeeze tables (and env names) into 80 columns.
console = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 200)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise SystemExit(code)


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def _ci(ci: list[float]) -> str:
    return f"{100 * ci[0]:.0f}-{100 * ci[1]:.0f}%"


QUICK_ORACLE_TASKS = 1  # `run --agent oracle` without --tasks-per-env: one task per environment, to see results fast


class TasksPerEnv(click.ParamType):
    name = "N|all"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | str:
        if isinstance(value, int) or value == "all":
            return value
        if str(value).isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is not a positive integer or 'all'", param, ctx)


def _envs(values: tuple[str, ...]) -> list[str] | None:
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or None


def run_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by `run` and `eval`."""
    options = [
        click.option("--agent", default="oracle", show_default=True,
                     help="openai:MODEL, anthropic:MODEL, oracle, random[:SEED] or replay:FILE (a runs.db or exported JSONL)."),
        click.option("--envs", multiple=True, help="Environments (comma-separated or repeated); default: all registered."),
        click.option("--tasks-per-env", type=TasksPerEnv(), default=None,
                     help=f"Only the first N tasks of each environment, or all (the default, except `run` with the oracle "
                          f"agent: {QUICK_ORACLE_TASKS}, for a quick look)."),
        click.option("--max-base-pass", type=click.FloatRange(0, 1), default=None,
                     help="Only instances whose recorded base-model pass rate is at most this (CodeGym data: 0.25 is the paper's filter)."),
        click.option("--samples", type=int, default=1, show_default=True, help="Episodes per task (for pass@k)."),
        click.option("--concurrency", type=int, default=8, show_default=True, help="Episodes played at once."),
        click.option("--db", default="runs.db", show_default=True, type=click.Path(dir_okay=False), help="SQLite file of runs."),
        click.option("--resume", "resume", default=None, metavar="RUN",
                     help="Finish run RUN (its stored settings apply; only --concurrency may change)."),
        click.option("--retry-errored", is_flag=True, help="With --resume: also replay episodes that errored."),
        click.option("--max-turns", type=int, default=256, show_default=True, help="Model replies per episode."),
        click.option("--max-steps", type=int, default=256, show_default=True, help="Tool calls per episode (server limit)."),
        click.option("--token-budget", type=int, default=None, help="Input + output tokens per episode before it is cut off."),
        click.option("--temperature", type=float, default=None, help="Sampling temperature (default: the API's)."),
        click.option("--top-p", type=float, default=None),
        click.option("--max-tokens", type=int, default=4096, show_default=True, help="Tokens per model reply."),
        click.option("--base-url", default=None, help="API base URL, e.g. http://127.0.0.1:8001/v1 for vLLM."),
        click.option("--tool-format", type=click.Choice(["native", "codegym"]), default="native", show_default=True,
                     help="native tool calling, or CodeGym's text protocol (<|FunctionCallBegin|>...)."),
        click.option("--transport", type=click.Choice(["auto", "http", "stdio", "memory"]), default="auto", show_default=True,
                     help="How episodes are served: an HTTP server hosted for the run, one stdio process per episode, or in "
                          "memory; auto: memory for oracle, random and replay agents, http for models."),
        click.option("--server", "server_url", default=None, help="Use a running `codegym-mcp serve --transport http` at this URL."),
        click.option("--mcp", default=None, help="Any MCP server (URL or command line); each connection is one episode."),
        click.option("--eval-mode/--reveal-answers", "eval_mode", default=None,
                     help="Hide reference answers in Done's reply (default: hidden on the test split)."),
        click.option("--oracle-steps/--no-oracle-steps", default=True, show_default=True,
                     help="Also play each task's oracle in memory, to compare step counts."),
        click.option("--backend", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                     help="local, or ray: episodes become Ray tasks over a cluster (pip install -e '.[ray]')."),
        click.option("--address", "ray_address", default=None, help="With --backend ray: the cluster to join (default: start a local one)."),
        click.option("--json", "as_json", is_flag=True, help="Print the final report as JSON."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


class EtaColumn(ProgressColumn):
    """Time left at the mean pace of the episodes finished so far in this session (steadier than a recent-speed ETA)."""

    def render(self, task: Task) -> Text:
        done = task.completed - (task.fields.get("base") or 0)
        if not task.total or done <= 0 or not task.elapsed:
            return Text("eta -", style="progress.remaining")
        left = max(0.0, task.elapsed * (task.total - task.completed) / done)
        minutes, seconds = divmod(int(left + 0.5), 60)
        hours, minutes = divmod(minutes, 60)
        return Text(f"eta {hours}:{minutes:02d}:{seconds:02d}" if hours else f"eta {minutes}:{seconds:02d}",
                    style="progress.remaining")


def _progress_bar() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("solved {task.fields[rate]}"), TextColumn("errored {task.fields[errored]}"),
                    TextColumn("tokens {task.fields[tokens]}"), TimeElapsedColumn(), EtaColumn(), console=console,
                    transient=False)


def _print_skipped(skipped: list[dict[str, Any]], split: str) -> None:
    """One line per reason, not one per environment."""
    by_reason: dict[str, list[str]] = {}
    for s in skipped:
        by_reason.setdefault(s["reason"], []).append(s["env"])
    for reason, envs in by_reason.items():
        if len(envs) == 1:
            console.print(f"skipped {envs[0]}: {reason}", highlight=False)
        elif split == "train" and reason == "no frozen tasks in the train split":
            console.print(f"skipped {len(envs)} environments of the test split (held out; `codegym-mcp list --split test`)",
                          highlight=False)
        else:
            names = ", ".join(envs[:3]) + (f" and {len(envs) - 3} more" if len(envs) > 3 else "")
            console.print(f"skipped {len(envs)} environments ({reason}): {names}", highlight=False)


def _execute(kind: str, split: str, kw: dict[str, Any]) -> None:
    from .harness import RunConfig, run
    from .metrics import summarize_run

    from codegym_mcp.store import Store, StoreError

    as_json = kw.pop("as_json")
    db, resume, retry_errored = kw.pop("db"), kw.pop("resume"), kw.pop("retry_errored")
    concurrency = kw["concurrency"]
    if kw["tasks_per_env"] == "all":
        kw["tasks_per_env"] = None
    elif kw["tasks_per_env"] is None and kind == "run" and kw["agent"] == "oracle" and not resume and not kw["mcp"]:
        kw["tasks_per_env"] = QUICK_ORACLE_TASKS
        console.print(f"oracle: {QUICK_ORACLE_TASKS} task per environment, for a quick look "
                      "(--tasks-per-env all plays every task)", highlight=False)
    cfg = RunConfig(kind=kind, split=split, envs=_envs(kw.pop("envs")), **kw)
    if cfg.backend == "ray":
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            _fail("--backend ray needs Ray: pip install 'codegym-mcp[ray]'")
    try:
        store = Store(db)
    except StoreError as exc:
        _fail(str(exc))
    with _progress_bar() as progress:
        job = progress.add_task(f"{kind} {cfg.agent}" if not resume else f"resume {resume}", total=None, rate="-",
                                errored=0, tokens=0, base=None)

        def show(stats: Any) -> None:
            fields = progress.tasks[0].fields if progress.tasks else {}
            base = stats.done if fields.get("base") is None else fields["base"]  # episodes finished before this session
            progress.update(job, total=stats.total, completed=stats.done, rate=_pct(stats.success_rate),
                            errored=stats.errored, tokens=f"{stats.input_tokens + stats.output_tokens:,}", base=base)

        try:
            result = run(None if resume else cfg, store, resume=resume, progress=show, handle_signals=True,
                         retry_errored=retry_errored, concurrency=concurrency if resume else None)
        except (ValueError, KeyError) as exc:
            progress.remove_task(job)  # nothing ran: no bar left above the error
            _fail(str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc))  # KeyError's str() adds quotes
    _print_skipped(result.skipped, cfg.split)
    summary = summarize_run(store, result.run_id)
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        print_summary(summary)
        console.print(f"run [bold]{result.run_id}[/] in {db}", highlight=False)
    if result.aborted:
        console.print(f"[bold red]error:[/] {escape(result.aborted)}", highlight=False)
        console.print(f"fix that, then finish the run with  codegym-mcp {kind} --resume {result.run_id} --db {db} "
                      "--retry-errored", highlight=False)
        raise SystemExit(1)
    if result.interrupted:
        console.print(f"interrupted: finish it with  codegym-mcp {kind} --resume {result.run_id} --db {db}", highlight=False)
        raise SystemExit(130)


def print_summary(summary: dict[str, Any]) -> None:
    o, ks = summary["overall"], summary["ks"]
    run = summary["run"]
    line = [f"[bold]{run['agent']}[/] on {run['split']}: {o['episodes']} episodes ({o['tasks']} tasks), "
            f"solved {_pct(o['success_rate'])}, errored {o['errored']}"]
    for k in ks:
        p = o["pass_at"].get(str(k))
        if p:
            line.append(f"pass@{k} {_pct(p['value'])} [{_pct(p['ci'][0])}, {_pct(p['ci'][1])}]")
    so = o["steps_vs_oracle"]
    line.append(f"tool calls {_num(o['mean_steps'])} (oracle {_num(so['mean_oracle_steps'])}), "
                f"tokens {o['input_tokens']:,} in / {o['output_tokens']:,} out")
    out.print("\n".join(line), highlight=False)
    for key, rows in (("env", summary["per_env"]), ("difficulty", summary["per_difficulty"])):
        table = Table(title=f"by {key}", pad_edge=False)
        for col in (key, "eps", "err", "solved", "pass@1", "95% CI", *(f"pass@{k}" for k in ks[1:]), "calls", "oracle", "x oracle"):
            table.add_column(col, justify="left" if col == key else "right", no_wrap=col != key)
        for r in rows:
            p1 = r["pass_at"].get("1")
            cells = [str(r[key]), str(r["episodes"]), str(r["errored"]), _pct(r["success_rate"]),
                     _pct(p1["value"]) if p1 else "-", _ci(p1["ci"]) if p1 else "-"]
            cells += [_pct(r["pass_at"][str(k)]["value"]) if str(k) in r["pass_at"] else "-" for k in ks[1:]]
            so = r["steps_vs_oracle"]
            cells += [_num(r["mean_steps"]), _num(so["mean_oracle_steps"]),
                      f"{so['mean_ratio_solved']:.2f}" if so["mean_ratio_solved"] is not None else "-"]
            table.add_row(*cells)
        out.print(table)
    reasons = summary["errors"]["end_reasons"]
    if reasons:
        table = Table(title="unsolved episodes by end reason")
        table.add_column("end reason")
        table.add_column("episodes", justify="right")
        for reason, n in reasons.items():
            table.add_row(str(reason), str(n))
        out.print(table)
    for e in summary["errors"]["errored"][:10]:
        out.print(f"  errored ({e['end_reason']}) x{e['count']}: {e['error']}", highlight=False)


def _resume_hint(run: dict[str, Any], db: str) -> None:
    command = "eval" if run.get("kind") == "eval" else "run"
    console.print(f"run {run['id']} was interrupted (its driver stopped before the end): finish it with  "
                  f"codegym-mcp {command} --resume {run['id']} --db {db}", highlight=False)


def _store(db: str) -> Any:
    from pathlib import Path

    from codegym_mcp.store import Store, StoreError

    if not Path(db).exists():
        _fail(f"{db} does not exist (run `codegym-mcp run` first, or pass --db)")
    try:
        return Store(db)
    except StoreError as exc:
        _fail(str(exc))


@click.command("run")
@run_options
@click.option("--split", type=click.Choice(["train", "test"]), default="train", show_default=True,
              help="train tasks, or the held-out test tasks (and held-out environments).")
def run_cmd(split: str, **kw: Any) -> None:
    """Play episodes with an agent through MCP and record every message and tool call in SQLite."""
    _execute("run", split, kw)

@click.command("eval")
@run_options
def eval_cmd(**kw: Any) -> None:
    """Evaluate an agent on the held-out test split and report pass@k, per env and per difficulty."""
    _execute("eval", "test", kw)

@click.command()
@click.argument("run_a")
@click.argument("run_b")
@click.option("--db", default="runs.db", show_default=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
def compare(run_a: str, run_b: str, db: str, as_json: bool) -> None:
    """pass@1 of RUN_B minus RUN_A per environment, on the tasks both runs scored."""
    from .metrics import compare_runs

    try:
        data = compare_runs(_store(db), run_a, run_b)
    except ValueError as exc:
        _fail(str(exc))
    if as_json:
        out.print_json(json.dumps(data))
        return
    table = Table(title=f"pass@1: {run_b} - {run_a}")
    for col in ("env", "tasks", run_a, run_b, "delta [95% CI]"):
        table.add_column(col, justify="left" if col == "env" else "right")
    for r in [*data["per_env"], {"env": "all", **data["overall"]}]:
        ci = r["delta_ci"]
        delta = "-" if r["delta"] is None else f"{100 * r['delta']:+.1f} [{100 * ci[0]:+.1f}, {100 * ci[1]:+.1f}]"
        table.add_row(r["env"], str(r["tasks"]), _pct(r["a"]), _pct(r["b"]), delta)
    out.print(table)
    for side in ("only_a", "only_b"):
        if data[side]:
            out.print(f"tasks only in {data['a' if side == 'only_a' else 'b']}: envs {', '.join(data[side])}", highlight=False)

@click.command()
@click.option("--run", "run_id", required=True, help="Run id (see `codegym-mcp report`).")
@click.option("--format", "fmt", type=click.Choice(["openai-chat", "hf-chat", "sharegpt"]), default="openai-chat", show_default=True,
              help="openai-chat: OpenAI fine-tuning; hf-chat: Hugging Face chat templates and TRL; sharegpt: LLaMA-Factory.")
@click.option("--out", "out_path", default="-", show_default=True, help="JSONL file, or - for stdout.")
@click.option("--only-success", is_flag=True, help="Only episodes with reward 1.")
@click.option("--force", is_flag=True, help="Also export held-out (test split) episodes.")
@click.option("--reasoning", is_flag=True, help="Also export the model's thinking, apart from the content (reasoning_content; "
              "sharegpt: a leading <think> block). Without it, thinking is left out.")
@click.option("--db", default="runs.db", show_default=True, type=click.Path(dir_okay=False))
def export(run_id: str, fmt: str, out_path: str, only_success: bool, force: bool, reasoning: bool, db: str) -> None:
    """Write a run's trajectories as SFT-ready JSONL (messages with tool calls and results, plus tool schemas)."""
    from .export import ExportRefused, export_records, write_jsonl

    try:
        records = list(export_records(_store(db), run_id, fmt, only_success=only_success, force=force,  # type: ignore[arg-type]
                                      reasoning=reasoning))
    except ExportRefused as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    if out_path == "-":
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(iter(records), out_path)
    console.print(f"exported {len(records)} episodes ({fmt})" + (f" to {out_path}" if out_path != "-" else ""), highlight=False)

@click.command()
@click.argument("run_id", required=False)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a self-contained HTML report here.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--max-trajectories", type=click.IntRange(0), default=None,
              help="With --html: embed only the first N trajectories (default: all of them, 50 a page).")
@click.option("--db", default="runs.db", show_default=True, type=click.Path(dir_okay=False))
def report(run_id: str | None, html_path: str | None, as_json: bool, max_trajectories: int | None, db: str) -> None:
    """Report on RUN (tables, or --html page); without RUN, list the runs in the database."""
    from .metrics import summarize_run
    from .report import render_report

    store = _store(db)
    if run_id is None:
        runs = store.query("select r.id, r.kind, r.agent, r.split, r.status, r.created_at, r.pid, r.host, "
                           "(select count(*) from episodes e where e.run_id = r.id) episodes from runs r order by created_at")
        for r in runs:
            r["status"] = store.run_status(r)  # `running` whose driver is gone reads `interrupted`
        if as_json:
            out.print_json(json.dumps(runs))
            return
        table = Table(title=f"runs in {db}")
        for col in ("id", "kind", "agent", "split", "status", "episodes"):
            table.add_column(col)
        for r in runs:
            table.add_row(r["id"], r["kind"] or "", r["agent"] or "", r["split"] or "", r["status"] or "", str(r["episodes"]))
        out.print(table)
        for r in runs:
            if r["status"] == "interrupted":
                _resume_hint(r, db)
        return
    try:
        summary = summarize_run(store, run_id)
    except ValueError as exc:
        _fail(str(exc))
    if html_path:
        Path(html_path).parent.mkdir(parents=True, exist_ok=True)
        Path(html_path).write_text(render_report(store, run_id, max_trajectories=max_trajectories, summary=summary))
        total = summary["overall"]["episodes"] + summary["unfinished"]
        kept = total if max_trajectories is None else min(total, max_trajectories)
        console.print(f"wrote {html_path}: {len(summary['per_env'])} environments, "
                      + (f"{kept} of {total} trajectories" if kept < total else f"{total} trajectories"), highlight=False)
    if as_json:
        out.print_json(json.dumps(summary))
    elif not html_path:
        print_summary(summary)
    if summary["run"]["status"] == "interrupted":
        _resume_hint(summary["run"], db)

@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False), default="runs.db")
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--html", "html_path", default=None, help="Without datasette: where to write the HTML report.")
def view(db: str, port: int, html_path: str | None) -> None:
    """Browse a trajectory database: datasette with canned queries, or the HTML report if datasette is missing."""
    import subprocess
    import tempfile

    from codegym_mcp.store import Store, StoreError
    from codegym_mcp.viewer import CANNED_QUERIES, view_command

    try:
        store = Store(db)
    except StoreError as exc:
        _fail(str(exc))
    with tempfile.TemporaryDirectory(prefix="codegym-view-") as tmp:  # the metadata file lives only while datasette runs
        command = view_command(Path(db), Path(tmp) / "metadata.json", port=port)
        if command is not None:
            base = f"http://127.0.0.1:{port}/{Path(db).stem}"
            console.print(f"datasette on {base} (Ctrl-C to stop); canned queries:", highlight=False)
            for name, q in CANNED_QUERIES.items():
                console.print(f"  {q['title']}: {base}/{name}", highlight=False)
            try:
                code = subprocess.call(command)
            except KeyboardInterrupt:
                code = 0
                console.print("datasette stopped", highlight=False)
            raise SystemExit(code)
    from .report import render_report

    runs = store.query("select id from runs order by created_at desc limit 1")
    if not runs:
        _fail(f"{db} has no runs to report on (pip install datasette to browse it as tables)")
    html_path = html_path or str(Path(db).with_suffix(".html"))
    Path(html_path).parent.mkdir(parents=True, exist_ok=True)
    Path(html_path).write_text(render_report(store, runs[0]["id"]))
    out.print(f"datasette is not installed; wrote the HTML report of run {runs[0]['id']} to {html_path}", highlight=False)


COMMANDS = (run_cmd, eval_cmd, compare, export, report, view)


def register(main: click.Group) -> None:
    """Add the harness commands to the `codegym-mcp` group (the `commands` entry point)."""
    for command in COMMANDS:
        main.add_command(command)
