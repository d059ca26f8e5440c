"""The environment checker: one judge for every environment, ours or CodeGym-format.

For each environment the oracle must solve every frozen task and N generated ones through the tool
path in 10..256 calls, within the paper's per-config limits; reference answers must agree with the
source problem's own solution; tools must be deterministic, documented and all used; a wrong answer
must score 0; and the answer must not show up before Done.
"""

from __future__ import annotations

import copy
import inspect
import json
import multiprocessing
import signal
import statistics
import threading
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterator

from jsonschema import Draft202012Validator

from .env import DIFFICULTIES, ToolError, ToolInfo
from .episode import Episode, ToolProxy
from .baselines import free_read_pass_rate, random_pass_rate
from .leaks import find_leak, hidden_collections
from .registry import EnvEntry, Task

__all__ = ["Check", "EnvReport", "library_problems", "summarize", "verify_all", "verify_entry"]

MIN_STEPS, MAX_STEPS = 10, 256
TIME_LIMIT_S = 3.0
MEMORY_LIMIT_MIB = 100.0
MIN_DOMAIN_TOOLS = 4
ONE_WORKER_PER_ENV = True  # CodeGym envs under the paper's rules: every check in one worker (off: a worker per check)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class EnvReport:
    env: str
    kind: str
    split: str
    source: str
    checks: list[Check] = field(default_factory=list)
    tasks: int = 0
    steps: list[int] = field(default_factory=list)
    tools_defined: list[str] = field(default_factory=list)
    tools_used: list[str] = field(default_factory=list)
    seconds: float = 0.0
    house_rules: bool = True
    scalar_input: bool = False  # no hidden collection in any task (see leaks.py)
    baselines: dict[str, float] = field(default_factory=dict)  # pass rates of scripted agents on the frozen tasks
    warnings: list[str] = field(default_factory=list)  # worth a look, not a failure (e.g. solve_fc_round disagrees)

    @property
    def oracle_mean(self) -> float:
        return statistics.mean(self.steps) if self.steps else 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.checks.append(Check(name, ok, detail))

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        d["oracle_mean_calls"] = round(self.oracle_mean, 2)
        d["tool_count"] = len(self.tools_defined)
        return d


class _Recorder:
    """Wraps an episode to log (tool, args, text) for determinism and leak checks."""

    def __init__(self, episode: Episode):
        self.episode = episode
        self.log: list[tuple[str, str, str]] = []
        self._call = episode.call
        episode.call = self.call  # type: ignore[method-assign]

    def call(self, name: str, arguments: dict[str, Any] | None = None) -> Any:
        result = self._call(name, arguments)
        self.log.append((name, json.dumps(arguments, sort_keys=True, default=str), result.text))
        return result


HARD_LIMIT_S = 20.0  # past this a task is abandoned, so one hanging env cannot stall the whole check


@contextmanager
def _hard_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python code that runs too long (main thread only; elsewhere it only measures)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"did not finish within {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # someone else's alarm (e.g. pytest-timeout) was pending: put it back
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - (time.monotonic() - started), 0.001))


@dataclass
class OracleRun:
    steps: int
    reward: float | None
    log: list[tuple[str, str, str]]
    seconds: float
    error: str | None


def _run_oracle(entry: EnvEntry, task: Task) -> OracleRun:
    """The env's oracle (or a CodeGym file's solve()) on one task, through the tool path."""
    start = time.perf_counter()
    if not entry.trusted:  # untrusted code runs its oracle inside a worker, against a worker-side episode
        from .episode import EnvironmentFailure
        from .sandbox import run_in_worker

        try:
            r = run_in_worker(_oracle_in_worker, {"kind": entry.kind, "path": str(entry.path), "env": entry.name,
                                                  "config": task.config, "seed": task.seed, "max_steps": MAX_STEPS},
                              timeout=HARD_LIMIT_S)
        except EnvironmentFailure as exc:
            return OracleRun(0, None, [], time.perf_counter() - start, f"environment failed: {exc}")
        log = [tuple(row) for row in r["log"]]
        return OracleRun(r["steps"], r["reward"], log, time.perf_counter() - start, r["error"])  # type: ignore[arg-type]
    episode = entry.episode(task)
    if entry.env_cls is not None:
        cls = entry.env_cls
        steps, reward, log, error = _play_oracle(episode, lambda: cls.oracle(ToolProxy(episode)))
    else:
        from .legacy import run_codegym_solve

        steps, reward, log, error = _play_oracle(episode, lambda: run_codegym_solve(entry, episode))
    return OracleRun(steps, reward, log, time.perf_counter() - start, error)


def _play_oracle(episode: Episode, solve: Callable[[], Any]) -> tuple[int, float | None, list[tuple[str, str, str]], str | None]:
    """Run `solve` (an oracle acting on `episode`), logging every call: steps, reward, call log, error."""
    rec = _Recorder(episode)
    error = None
    try:
        with _hard_limit(HARD_LIMIT_S):
            solve()
    except ToolError as exc:
        error = f"oracle got a tool error: {exc}"
    except BaseException as exc:  # noqa: BLE001 - an env's failure is its report, not a crash of the checker
        error = f"oracle raised {type(exc).__name__}: {exc}"
    return episode.steps, episode.reward, rec.log, error


def _oracle_in_worker(msg: dict[str, Any]) -> dict[str, Any]:
    """Inside a sandbox worker (see `sandbox.run_in_worker`): `_run_oracle` for an untrusted file."""
    from .episode import NativeBackend
    from .legacy import CodeGymBackend, solve_with
    from .sandbox import load_env_file

    if msg["kind"] == "native":
        cls = load_env_file("native", msg["path"], msg["env"])
        episode = Episode(NativeBackend(cls, msg["config"], msg.get("seed")), max_steps=msg["max_steps"])
        solve: Callable[[], Any] = lambda: cls.oracle(ToolProxy(episode))  # noqa: E731
    else:
        spec = load_env_file("codegym", msg["path"])
        episode = Episode(CodeGymBackend(spec, msg["config"]), max_steps=msg["max_steps"])
        solve = lambda: solve_with(spec, msg["config"], episode.call, state=episode.state)  # noqa: E731
    steps, reward, log, error = _play_oracle(episode, solve)
    return {"steps": steps, "reward": reward, "error": error, "log": log}


def _checks_in_worker(msg: dict[str, Any]) -> dict[str, Any]:
    """Inside a sandbox worker: `codegym_checks` on a CodeGym file's instances."""
    from .sandbox import load_env_file

    return codegym_checks(load_env_file("codegym", msg["path"]), msg["configs"], msg.get("statement"), msg["max_steps"])


def _wrong(answer: Any) -> Any:
    if isinstance(answer, bool):
        return not answer
    if isinstance(answer, (int, float)):
        return answer + 1
    if isinstance(answer, str):
        return answer + "_wrong"
    if isinstance(answer, (list, tuple)):
        return list(answer) + [list(answer)[0]] if answer else [0]
    if isinstance(answer, dict):
        return {**answer, "__wrong__": 1}
    return "__wrong__"


_SOURCE_RESULTS: dict[tuple[int, str], Any] = {}


def _call_source(fn: Any, args: tuple[Any, ...]) -> Any:
    """The source solution on JSON-clean arguments, memoized: batch envs repeat inputs across tasks, and some
    canonical solutions are slow (HumanEval/75 loops over every triple of primes below 100)."""
    key = (id(fn), json.dumps(args, sort_keys=True, default=repr))
    if key not in _SOURCE_RESULTS:
        if len(_SOURCE_RESULTS) > 100_000:
            _SOURCE_RESULTS.clear()
        _SOURCE_RESULTS[key] = fn(*json.loads(json.dumps(args)))
    return copy.deepcopy(_SOURCE_RESULTS[key])


def _source_check(entry: EnvEntry, task: Task) -> str | None:
    """None if the env's reference agrees with the source problem's solution (or there is none)."""
    cls = entry.env_cls
    if cls is None:
        return None
    env = cls()
    env.reset(task.config, task.seed)
    calls = env.source_calls()
    fn = None
    if cls.meta.source.startswith("HumanEval/"):
        from .sources import humaneval_solution

        fn = humaneval_solution(cls.meta.source)
    else:
        raw = inspect.getattr_static(cls, "source_solution", None)
        fn = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
    if fn is None:
        return None
    if calls is None:
        return "source solution exists but source_args() returned None"
    expected = env.combine_source([_call_source(fn, args) for args in calls])
    got = env.reference_answer()
    return None if env.match(got, expected) else f"task {task.id}: env reference {got!r} != source solution {expected!r}"


def verify_entry(entry: EnvEntry, *, generated: int = 20, seed_base: int = 0, house_rules: bool | None = None,
                 baselines: bool = False) -> EnvReport:
    """Run every check on one environment and return the report; never raises, whatever the env does.

    The paper's rules always apply (oracle solves every task in 10..256 calls, deterministic, a wrong answer
    scores 0, no answer before Done). Our house rules (schemas documented, >= 4 domain tools all used,
    partial observability) apply to native envs by default and to CodeGym-format ones on request.
    `baselines` adds the scripted agents' pass rates on the frozen tasks.
    """
    started = time.perf_counter()
    rep = EnvReport(entry.name, entry.kind, entry.split, entry.source)
    rep.house_rules = entry.kind == "native" if house_rules is None else house_rules
    try:
        _verify_into(rep, entry, generated, seed_base, baselines)
    except Exception as exc:  # noqa: BLE001 - one env's fault is that env's failure, never the checker's crash
        rep.add("checker", False, f"{type(exc).__name__}: {exc}")
    rep.seconds = time.perf_counter() - started
    return rep


def _verify_into(rep: EnvReport, entry: EnvEntry, generated: int, seed_base: int, baselines: bool) -> None:
    if entry.kind == "codegym" and not entry.trusted and not rep.house_rules and ONE_WORKER_PER_ENV:
        return _verify_codegym(rep, entry)
    tools = _check_schemas(rep, entry)
    if tools is None:
        return
    tasks = _tasks_to_check(rep, entry, generated, seed_base)
    if not tasks:
        return
    logs = _check_oracle(rep, entry, tasks)
    _check_determinism(rep, entry, tasks, logs)
    _check_answers(rep, entry, tasks)
    visible = tuple(getattr(entry.env_cls, "visible_fields", ()) or ())
    rep.scalar_input = not any(hidden_collections(t.config, visible) for t in tasks)
    if rep.house_rules:
        rep.add("partial observability", *_observability(entry, tools, tasks, visible))
    if baselines:
        frozen = list(entry.tasks)
        rep.baselines = {"random": random_pass_rate(entry, frozen), "free_read": free_read_pass_rate(entry, frozen)}
    if entry.trusted:  # a worker has an address-space limit instead
        _check_memory(rep, entry, tasks)


def _check_schemas(rep: EnvReport, entry: EnvEntry) -> list[ToolInfo] | None:
    """The env loads and its tool schemas are valid JSON Schemas of objects with descriptions; its tools, or None."""
    try:
        backend = entry.backend(entry.resolve_task())
        tools = backend.tools()
        backend.close()
    except Exception as exc:  # noqa: BLE001
        rep.add("loads", False, f"{type(exc).__name__}: {exc}")
        return None
    rep.tools_defined = [t.name for t in tools]
    bad_schema = []
    for t in tools:
        try:
            Draft202012Validator.check_schema(t.input_schema)
            if t.input_schema.get("type") != "object" or not t.description.strip():
                bad_schema.append(t.name)
        except Exception:  # noqa: BLE001
            bad_schema.append(t.name)
    if rep.house_rules or not {"Observe", "Done"} <= set(rep.tools_defined):
        rep.add("schemas", not bad_schema and {"Observe", "Done"} <= set(rep.tools_defined), f"bad: {bad_schema}" if bad_schema else f"{len(tools)} tools")
    return tools


def _tasks_to_check(rep: EnvReport, entry: EnvEntry, generated: int, seed_base: int) -> list[Task]:
    """The frozen tasks plus `generated` fresh ones; empty (with the failure recorded) if there are none."""
    tasks = list(entry.tasks)
    if entry.kind == "native":  # an untrusted file's generator runs in a worker
        for i in range(generated):
            seed, difficulty = seed_base + 1_000_000 + i, DIFFICULTIES[i % 3]
            try:
                with _hard_limit(HARD_LIMIT_S):
                    tasks.append(entry.generate_task(seed, difficulty))
            except TimeoutError:
                rep.add("generator", False, f"generate(seed={seed}, {difficulty}) did not finish within {HARD_LIMIT_S:g}s")
                return []
    if not tasks:
        rep.add("tasks", False, "no frozen tasks and no generator")
    rep.tasks = len(tasks)
    return tasks


def _check_oracle(rep: EnvReport, entry: EnvEntry, tasks: list[Task]) -> dict[str, list[tuple[str, str, str]]]:
    """The oracle solves every task within the step bounds and time limit, references agree with the source
    solution, and every tool is used; the call logs by task id."""
    failures, slow, source_bad = [], [], []
    used: set[str] = set()
    logs: dict[str, list[tuple[str, str, str]]] = {}
    for task in tasks:
        run = _run_oracle(entry, task)
        logs[task.id] = run.log
        used.update(name for name, _, _ in run.log)
        rep.steps.append(run.steps)
        if run.error or run.reward != 1.0:
            failures.append(f"{task.id}: {run.error or f'reward={run.reward} after {run.steps} steps'}")
        elif not MIN_STEPS <= run.steps <= MAX_STEPS:
            failures.append(f"{task.id}: {run.steps} steps (need {MIN_STEPS}..{MAX_STEPS})")
        if run.seconds > TIME_LIMIT_S and entry.trusted:  # a worker's start-up time is not the env's
            slow.append(f"{task.id}: {run.seconds:.2f}s")
        try:
            with _hard_limit(HARD_LIMIT_S):
                problem = _source_check(entry, task)
        except Exception as exc:  # noqa: BLE001
            problem = f"task {task.id}: source check raised {type(exc).__name__}: {exc}"
        if problem:
            source_bad.append(problem)
    rep.add("oracle solves all", not failures, "; ".join(failures[:3]) or f"{len(tasks)} tasks")
    rep.add("time limit", not slow, "; ".join(slow[:3]) or f"<= {TIME_LIMIT_S}s per task")
    rep.add("reference = source solution", not source_bad, "; ".join(source_bad[:2]) or ("checked" if entry.env_cls and (entry.env_cls.meta.source.startswith("HumanEval/") or entry.env_cls.source_solution) else "no source solution"))
    rep.tools_used = sorted(used)
    domain = used - {"Observe", "Done"}
    dead = sorted(set(rep.tools_defined) - used)
    if rep.house_rules:
        rep.add("tool use", len(domain) >= MIN_DOMAIN_TOOLS and not dead, f"{len(domain)} domain tools used" + (f"; dead: {dead}" if dead else ""))
    return logs


def _check_determinism(rep: EnvReport, entry: EnvEntry, tasks: list[Task], logs: dict[str, list[tuple[str, str, str]]]) -> None:
    """Same seed -> same config; replaying a task (first, middle, last) gives the same outputs."""
    probes = list({t.id: t for t in (tasks[0], tasks[len(tasks) // 2], tasks[-1])}.values())
    det_ok, det_detail = True, f"same config, outputs and answer ({len(probes)} tasks replayed)"
    seeded = [t for t in probes if t.seed is not None and t.difficulty]
    if entry.kind == "native" and seeded:
        last = seeded[-1]
        if entry.generate_task(last.seed, last.difficulty).config != last.config:  # type: ignore[arg-type]
            det_ok, det_detail = False, "same seed gave a different config"
    for probe in probes if det_ok else []:
        first, again = logs[probe.id], _run_oracle(entry, probe).log
        if first != again:
            diff = next((i for i, (a, b) in enumerate(zip(first, again)) if a != b), min(len(first), len(again)))
            det_ok, det_detail = False, f"{probe.id}: tool outputs differ at call {diff}"
            break
    rep.add("deterministic", det_ok, det_detail)


def _check_answers(rep: EnvReport, entry: EnvEntry, tasks: list[Task]) -> None:
    """A wrong answer scores 0; the answer is not visible before Done."""
    wrong_ok, leak = True, []
    for task in tasks[: min(len(tasks), 5)]:
        backend = entry.backend(task)
        ref = backend.reference_answer()
        ep = Episode(backend)
        ep.call("Done", {"answer": _wrong(ref)})
        ep.close()
        if ep.reward != 0.0:
            wrong_ok = False
        ep = entry.episode(task, reveal_answer=False)
        ref_text = json.dumps(ref) if not isinstance(ref, str) else ref
        seen = [ep.instructions(), ep.call("Observe").text]
        ep.close()
        if len(ref_text) >= 6 and any(ref_text in s for s in seen):
            leak.append(task.id)
    rep.add("wrong answer scores 0", wrong_ok)
    rep.add("no answer leak", not leak, f"reference visible in Observe/instructions: {leak}" if leak else "")


def _check_memory(rep: EnvReport, entry: EnvEntry, tasks: list[Task]) -> None:
    """Peak memory on the largest task (tracemalloc is slow, so once per env)."""
    big = max(tasks, key=lambda t: len(json.dumps(t.config)))
    tracemalloc.start()
    try:
        _run_oracle(entry, big)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    rep.add("memory limit", peak <= MEMORY_LIMIT_MIB, f"peak {peak:.1f} MiB")


def _verify_codegym(rep: EnvReport, entry: EnvEntry) -> None:
    """The paper's checks for an untrusted CodeGym-format env, all in one sandbox worker (fast at scale)."""
    from .episode import EnvironmentFailure
    from .sandbox import run_in_worker

    tasks = list(entry.tasks)
    if not tasks:
        rep.add("tasks", False, "no instances")
        return
    rep.tasks = len(tasks)
    try:
        r = run_in_worker(_checks_in_worker, {"path": str(entry.path), "env": entry.name, "statement": entry.statement_text(),
                                              "configs": [t.config for t in tasks], "max_steps": MAX_STEPS},
                          timeout=min(HARD_LIMIT_S * (len(tasks) + 4), 300.0))
    except EnvironmentFailure as exc:
        rep.add("loads", False, f"environment failed: {exc}")
        return
    _codegym_report(rep, tasks, r)


def _codegym_report(rep: EnvReport, tasks: list[Task], r: dict[str, Any]) -> None:
    rep.tools_defined = r["tools"]
    failures, mismatched = [], []
    for task, run in zip(tasks, r["runs"]):
        rep.steps.append(run["steps"])
        if run["error"] or run["reward"] != 1.0:
            reward, steps = run["reward"], run["steps"]
            failures.append(f"{task.id}: {run['error'] or f'reward={reward} after {steps} steps'}")
        elif not MIN_STEPS <= run["steps"] <= MAX_STEPS:
            failures.append(f"{task.id}: {run['steps']} steps (need {MIN_STEPS}..{MAX_STEPS})")
        expected = task.meta.get("solve_fc_round")
        if isinstance(expected, int) and expected != run["steps"]:
            mismatched.append(f"{task.id}: solve() made {run['steps']} calls, solve_fc_round says {expected}")
    rep.tools_used = sorted(set(r["used"]))
    rep.add("oracle solves all", not failures, "; ".join(failures[:3]) or f"{len(tasks)} tasks")
    rep.add("deterministic", r["deterministic"] is None, r["deterministic"] or "same outputs on replay")
    rep.add("wrong answer scores 0", not r["wrong_scored"], "; ".join(r["wrong_scored"][:3]))
    rep.add("no answer leak", not r["leaks"], f"reference visible in Observe/instructions: {r['leaks'][:5]}" if r["leaks"] else "")
    rep.warnings += mismatched


def codegym_checks(spec: Any, configs: list[dict[str, Any]], statement: str | None, max_steps: int = MAX_STEPS) -> dict[str, Any]:
    """Run a CodeGym env's own solve() on every config and the paper's checks, in this process.

    Called inside a sandbox worker: the env's code is not ours. Exceptions are results, not crashes.
    """
    from .legacy import CodeGymBackend, solve_with

    def play(config: dict[str, Any]) -> dict[str, Any]:
        try:
            episode = Episode(CodeGymBackend(spec, config, statement=statement), max_steps=max_steps)
        except Exception as exc:  # noqa: BLE001
            return {"steps": 0, "reward": None, "error": f"{type(exc).__name__}: {exc}", "log": []}
        steps, reward, log, error = _play_oracle(episode, lambda: solve_with(spec, config, episode.call, state=episode.state))
        return {"steps": steps, "reward": reward, "error": error and error.replace("oracle raised", "solve() raised"), "log": log}

    runs = [play(c) for c in configs]
    used = sorted({name for run in runs for name, _, _ in run["log"]})
    deterministic = None
    for i in sorted({0, len(configs) // 2, len(configs) - 1}):
        again = play(configs[i])["log"]
        if again != runs[i]["log"]:
            deterministic = f"instance {i}: tool outputs differ on replay"
            break
    wrong_scored, leaks = [], []
    for i, config in enumerate(configs[:5]):
        try:  # one fresh episode: nothing before Done shows the reference, and a wrong Done scores 0
            backend = CodeGymBackend(spec, config, statement=statement)
            ref = backend.reference_answer()
            episode = Episode(backend, reveal_answer=False)
            ref_text = ref if isinstance(ref, str) else json.dumps(ref, default=str)
            seen = [episode.instructions(), episode.call("Observe").text]
            if len(ref_text) >= 6 and any(ref_text in x for x in seen):
                leaks.append(i)
            episode.call("Done", {"answer": _wrong(ref)})
            if episode.reward != 0.0:
                wrong_scored.append(f"instance {i}: a wrong answer scored {episode.reward}")
        except Exception as exc:  # noqa: BLE001
            wrong_scored.append(f"instance {i}: {type(exc).__name__}: {exc}")
    for run in runs:
        del run["log"]
    return {"tools": [t.name for t in spec.tools], "runs": runs, "used": used, "deterministic": deterministic,
            "wrong_scored": wrong_scored, "leaks": leaks}


def _observability(entry: EnvEntry, tools: list[Any], tasks: list[Task], visible: tuple[str, ...]) -> tuple[bool, str]:
    """Probe the largest and the smallest task: no single simple call may hand over a hidden collection."""
    by_size = sorted(tasks, key=lambda t: len(json.dumps(t.config)))
    probes = list({t.id: t for t in (by_size[-1], by_size[0])}.values())

    for task in probes:
        def call_fresh(name: str, arguments: dict[str, Any], task: Task = task) -> str:
            episode = entry.episode(task, reveal_answer=False)
            try:
                return episode.call(name, arguments).text
            finally:
                episode.close()

        leak = find_leak(tools, task.config, visible, call_fresh)
        if leak:
            return False, f"{task.id}: {leak}"
    if not any(hidden_collections(t.config, visible) for t in probes):
        return True, "scalar input (no hidden collection)"
    return True, f"no single call reveals a hidden collection ({len(probes)} tasks probed)"


_POOL_ENTRIES: list[EnvEntry] = []
_POOL_OPTIONS: dict[str, Any] = {}


def _pool_init() -> None:
    from . import sandbox

    # A forked copy must not take the parent's pre-started sandbox workers; it starts its own.
    sandbox.POOL.idle, sandbox.POOL.refilling, sandbox.POOL.lock = [], False, threading.Lock()


def _pool_verify(index: int) -> EnvReport:
    return verify_entry(_POOL_ENTRIES[index], **_POOL_OPTIONS)


def verify_all(entries: list[EnvEntry], *, jobs: int = 1, **options: Any) -> Iterator[EnvReport]:
    """Verify many environments, `jobs` at a time in forked processes; yields reports as they finish."""
    if jobs <= 1 or len(entries) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for entry in entries:
            yield verify_entry(entry, **options)
        return
    global _POOL_ENTRIES, _POOL_OPTIONS
    _POOL_ENTRIES, _POOL_OPTIONS = list(entries), options  # inherited by the forked workers
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(entries)), mp_context=ctx, initializer=_pool_init) as pool:
        futures = {pool.submit(_pool_verify, i): e for i, e in enumerate(entries)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died (e.g. killed by the OOM killer) fails its env
                rep = EnvReport(futures[future].name, futures[future].kind, futures[future].split, futures[future].source)
                rep.add("checker", False, f"verification process failed: {type(exc).__name__}: {exc}")
                yield rep


def _pct(values: list[int], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return float(s[min(len(s) - 1, int(round(q * (len(s) - 1))))])


def summarize(reports: list[EnvReport]) -> dict[str, Any]:
    """The paper's statistics over a set of reports."""
    per_env_steps = [statistics.mean(r.steps) for r in reports if r.steps]
    all_steps = [s for r in reports for s in r.steps]
    tools = [len(r.tools_defined) for r in reports if r.tools_defined]
    test = [r for r in reports if r.split == "test"]
    bins = [10, 20, 40, 80, 160, 257]
    hist = {f"{lo}-{hi - 1}": sum(lo <= s < hi for s in all_steps) for lo, hi in zip([0] + bins, bins + [10**9])}
    return {
        "environments": len(reports),
        "passed": sum(r.ok for r in reports),
        "pass_rate": (sum(r.ok for r in reports) / len(reports)) if reports else 0.0,
        "task_configs": sum(r.tasks for r in reports),
        "tools_per_env_mean": statistics.mean(tools) if tools else 0.0,
        "tools_per_env_median": statistics.median(tools) if tools else 0.0,
        "oracle_steps_per_env_mean": statistics.mean(per_env_steps) if per_env_steps else 0.0,
        "oracle_steps_median": statistics.median(all_steps) if all_steps else 0.0,
        "oracle_steps_p90": _pct(all_steps, 0.9),
        "oracle_steps_min": min(all_steps, default=0),
        "oracle_steps_max": max(all_steps, default=0),
        "steps_histogram": hist,
        "scalar_input": sum(r.scalar_input for r in reports),
        "scalar_input_share": _share([r.scalar_input for r in reports]),
        "test_environments": len(test),
        "scalar_input_share_test": _share([r.scalar_input for r in test]),
        "baseline_pass_rate_mean": {k: statistics.mean(r.baselines[k] for r in reports if k in r.baselines)
                                    for k in ("random", "free_read") if any(k in r.baselines for r in reports)},
    }


MAX_SCALAR_SHARE = 0.10


def library_problems(summary: dict[str, Any]) -> list[str]:
    """Rules about a library as a whole: scalar-input envs at most 10%, overall and in the test split."""
    problems = []
    for key, where in (("scalar_input_share", "of the library"), ("scalar_input_share_test", "of the test split")):
        if summary[key] > MAX_SCALAR_SHARE:
            problems.append(f"scalar-input environments are {summary[key]:.0%} {where} (at most {MAX_SCALAR_SHARE:.0%})")
    return problems


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0
