"""The child side of `isolate.py`: runs one job on synthesized code and answers one JSON line.

Modes: `env` (load the env class: tools, schemas; generate tasks with references and source args),
`solution` (run the original solution on argument lists), `oracle` (run an oracle that may only call tools).
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
        result = env_job(payload) if mode == "env" else solution_job(payload)
        _send(proto_out, {"ok": True, "result": result})
    except BaseException as exc:  # noqa: BLE001 - report everything, including SystemExit and MemoryError
        msg = {"op": "end", "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        _send(proto_out, msg)


if __name__ == "__main__":
    main()
