"""The child side of `isolate.py`: runs one job on synthesized code and answers one JSON line.

Modes: `env` (load the env class: tools, schemas; generate tasks with references and source args),
`solution` (run the original solution on argument lists), `tests` (run the input's unit tests against the
original solution), `oracle` (run an oracle that may only call tools).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _channel() -> tuple[Any, Any]:
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # the code's own prints go to stderr
    sys.stdout = sys.stderr
    return proto_in, proto_out


def _send(out: Any, msg: dict[str, Any]) -> None:
    out.write(json.dumps(msg, default=repr).encode() + b"\n")
    out.flush()


def _load_env(code: str) -> Any:  # an Environment subclass
    from codegym_mcp.env import Environment

    module = type(sys)("synth_env")
    sys.modules["synth_env"] = module
    exec(compile(code, "<synthesized env>", "exec"), module.__dict__)  # noqa: S102 - isolated child
    namespace = module.__dict__
    classes = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, Environment) and v is not Environment
               and v.__module__ == "synth_env"]
    if len(classes) != 1:
        raise ValueError(f"expected exactly one Environment subclass, found {len(classes)}")
    return classes[0]


def env_job(payload: dict[str, Any]) -> Any:
    cls = _load_env(payload["code"])
    tools = [{"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in cls.tool_infos()]
    tasks = []
    for seed, difficulty in payload.get("tasks", []):
        item: dict[str, Any] = {"seed": seed, "difficulty": difficulty}
        try:
            cfg = cls.make_config(seed, difficulty)
            env = cls()
            env.reset(cfg, seed)
            item["config"] = cfg.model_dump(mode="json")
            item["reference"] = env.reference_answer()
            item["source_args"] = env.source_args()
            item["observe"] = env.observe()
            json.dumps(item)
        except Exception as exc:  # noqa: BLE001 - one bad task does not sink the others
            item = {"seed": seed, "difficulty": difficulty, "error": f"{type(exc).__name__}: {exc}"}
        tasks.append(item)
    return {"name": cls.env_name, "doc": cls.__doc__ or "", "tools": tools, "tasks": tasks}


def solution_job(payload: dict[str, Any]) -> Any:
    namespace: dict[str, Any] = {"__name__": "solution"}
    exec(compile(payload["code"], "<original solution>", "exec"), namespace)  # noqa: S102 - isolated child
    fn = namespace[payload["entry_point"]]
    results = []
    for args in payload["args"]:
        try:
            value = fn(*args)
            json.dumps(value)
            results.append({"value": value})
        except Exception as exc:  # noqa: BLE001
            results.append({"error": f"{type(exc).__name__}: {exc}"})
    return results


def tests_job(payload: dict[str, Any]) -> Any:
    """HumanEval's `check(candidate)` or pytest-style `test_*` functions (KodCode: `from solution import f`),
    run without pytest; `@pytest.mark.parametrize` is expanded, tests that need fixtures are skipped."""
    import types

    solution = type(sys)("solution")
    sys.modules["solution"] = solution
    exec(compile(payload["code"], "solution.py", "exec"), solution.__dict__)  # noqa: S102 - isolated child
    candidate = solution.__dict__[payload["entry_point"]]
    namespace: dict[str, Any] = {k: v for k, v in solution.__dict__.items() if not k.startswith("__")}
    namespace["__name__"] = "test_solution"
    try:
        exec(compile(payload["tests"], "test_solution.py", "exec"), namespace)  # noqa: S102 - isolated child
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {exc}"}
    cases: list[tuple[str, Any, tuple[Any, ...]]] = []
    skipped = 0
    for name, fn in list(namespace.items()):
        if not (name.startswith("test") and isinstance(fn, types.FunctionType) and fn.__module__ == "test_solution"):
            continue
        params = [p for p in fn.__code__.co_varnames[:fn.__code__.co_argcount]]
        rows: list[tuple[Any, ...]] = [()]
        for mark in getattr(fn, "pytestmark", []):
            if getattr(mark, "name", "") == "parametrize":
                names, values = mark.args[0], mark.args[1]
                names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
                rows = [r + (tuple(v) if len(names) > 1 else (v,)) for r in rows for v in values]
        if rows and len(rows[0]) != len(params):
            skipped += 1  # fixtures: not available without pytest
            continue
        cases += [(name, fn, row) for row in rows]
    if not cases and callable(namespace.get("check")):
        cases = [("check", namespace["check"], (candidate,))]
    failures = []
    for name, fn, args in cases:
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001 - a failing test is a result
            failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}".rstrip(": "))
    return {"passed": len(cases) - len(failures), "failed": failures, "skipped": skipped}


class _ToolError(Exception):
    pass


def oracle_job(proto_in: Any, proto_out: Any) -> None:
    first = json.loads(proto_in.readline())
    namespace: dict[str, Any] = {"__name__": "oracle", "ToolError": _ToolError}
    exec(compile(first["code"], "<synthesized oracle>", "exec"), namespace)  # noqa: S102 - isolated child
    oracle = namespace["oracle"]

    class Tools:
        """The only handle an oracle gets: attribute access makes a tool call."""

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)

            def call(**arguments: Any) -> Any:
                _send(proto_out, {"op": "call", "name": name, "arguments": arguments})
                reply = json.loads(proto_in.readline())
                if reply["is_error"]:
                    raise _ToolError(reply["text"])
                return reply["value"] if reply["value"] is not None else reply["text"]

            return call

    oracle(Tools())


def main() -> None:
    proto_in, proto_out = _channel()
    mode = sys.argv[1]
    try:
        if mode == "oracle":
            oracle_job(proto_in, proto_out)
            _send(proto_out, {"op": "end", "ok": True})
            return
        payload = json.loads(proto_in.read())
        result = {"env": env_job, "solution": solution_job, "tests": tests_job}[mode](payload)
        _send(proto_out, {"ok": True, "result": result})
    except BaseException as exc:  # noqa: BLE001 - report everything, including SystemExit and MemoryError
        msg = {"op": "end", "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        _send(proto_out, msg)


if __name__ == "__main__":
    main()
