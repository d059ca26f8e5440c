"""Serve unmodified CodeGym-format environment files.

Such a file holds a class `NameEnv(gymnasium.Env)` built from a config string `"NameEnv@{...}"`, a
`func_mapping` dict whose keys are the tool names (each also a method), `step(action_json)` returning
a tuple whose second element is the message, and `get_ref_answer()` / `solve()`. We derive loose
schemas from the methods (the env itself validates), and forward each tool call to `step` verbatim.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import inspect
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .env import EnvDefinitionError, ToolInfo, done_message, parse_docstring
from .episode import EnvironmentFailure, Outcome, ToolResult

__all__ = ["CodeGymBackend", "CodeGymSpec", "codegym_instructions", "load_codegym_file", "parse_config_string",
           "run_codegym_solve", "statement_from_prompt", "statement_sidecar", "static_codegym_spec"]

_DONE_ATTRS = ("_done", "done", "finished", "_finished", "terminated", "_terminated")
_REWARD_ATTRS = ("_reward", "reward")
_REWARD_IN_TEXT = re.compile(r"reward\s*=\s*(-?\d+(?:\.\d+)?)")

# Annotations in these files are loose (int where inf is passed, list for nested data): describe, never reject.
_LOOSE_TYPES = {int: "number", float: "number", str: "string", bool: "boolean", list: "array", tuple: "array", dict: "object"}


@dataclass
class CodeGymSpec:
    path: Path
    name: str
    cls: type
    tool_names: list[str]
    tools: list[ToolInfo]
    doc: str


def parse_config_string(text: str) -> tuple[str | None, dict[str, Any]]:
    """Parse `"NameEnv@{...}"` (Python literal or JSON); split on the first `@` only."""
    name, sep, body = text.strip().partition("@")
    if not sep:
        name, body = "", text
    body = body.strip()
    try:
        cfg = ast.literal_eval(body) if body else {}
    except (ValueError, SyntaxError):
        try:
            cfg = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ValueError(f"config after '@' is neither a Python literal nor JSON: {exc}") from None
    if not isinstance(cfg, dict):
        raise ValueError("the config after '@' must be a dict")
    return (name.strip() or None), cfg


def _json_schema_for(annotation: Any) -> dict[str, Any]:
    origin = getattr(annotation, "__origin__", annotation)
    kind = _LOOSE_TYPES.get(origin)
    return {"type": kind} if kind else {}


_LOOSE_NAMES = {"int": "number", "float": "number", "str": "string", "bool": "boolean", "list": "array",
                "List": "array", "tuple": "array", "Tuple": "array", "dict": "object", "Dict": "object"}


def _schema_for_text(annotation: str | None) -> dict[str, Any]:
    """The same loose mapping, from an annotation's source text (no code is run)."""
    if not annotation:
        return {}
    kind = _LOOSE_NAMES.get(annotation.split("[", 1)[0].split(".")[-1].strip())
    return {"type": kind} if kind else {}


def _build_tool(name: str, doc: str | None, params: list[tuple[str, dict[str, Any], bool]]) -> ToolInfo:
    """params: (name, loose schema, has_default) for each parameter after self."""
    summary, arg_docs, returns = parse_docstring(doc)
    props: dict[str, Any] = {}
    required = []
    for pname, schema, has_default in params:
        schema = dict(schema)
        if arg_docs.get(pname):
            schema["description"] = arg_docs[pname]
        props[pname] = schema
        if not has_default:
            required.append(pname)
    description = (summary or f"{name} tool") + (f"\nReturns: {returns}" if returns else "")
    result: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        result["required"] = required
    return ToolInfo(name, description, result)


def _tool_info(cls: type, name: str) -> ToolInfo:
    method = getattr(cls, name, None)
    if method is None or not callable(method):
        raise EnvDefinitionError(f"{cls.__name__}: func_mapping names '{name}' but the class has no method of that name")
    params = [(pname, _json_schema_for(p.annotation) if p.annotation is not p.empty else {}, p.default is not p.empty)
              for pname, p in list(inspect.signature(method).parameters.items())[1:]
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return _build_tool(name, method.__doc__, params)


def static_codegym_spec(path: Path | str) -> CodeGymSpec:
    """Describe a CodeGym-format file from its source alone (for untrusted files: nothing is imported or run)."""
    path = Path(path).resolve()
    if not path.exists():
        raise EnvDefinitionError(f"{path}: no such file")
    source = path.read_text(errors="replace")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise EnvDefinitionError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Env")
               and any(isinstance(f, ast.FunctionDef) and f.name == "step" for f in n.body)]
    if not classes:
        raise EnvDefinitionError(f"{path}: no environment class (a class named *Env with a step method)")
    node = next((c for c in classes if _named_by(path, c.name)), classes[0])
    names = _mapping_keys_from_ast(node)
    if not names:
        raise EnvDefinitionError(f"{path}: {node.name} has no func_mapping (the dict of tool names)")
    methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
    tools = []
    for name in names:
        fn = methods.get(name)
        if fn is None:
            raise EnvDefinitionError(f"{node.name}: func_mapping names '{name}' but the class has no method of that name")
        args = fn.args.args[1:]
        defaults = len(fn.args.defaults)
        params = [(a.arg, _schema_for_text(ast.unparse(a.annotation) if a.annotation else None), i >= len(args) - defaults)
                  for i, a in enumerate(args)]
        tools.append(_build_tool(name, ast.get_docstring(fn), params))
    return CodeGymSpec(path, node.name, None, names, tools, ast.get_docstring(node) or "")  # type: ignore[arg-type]


def _named_by(path: Path, class_name: str) -> bool:
    """CodeGym files are `<Name>.py` or `<problem id>__<Name>.py`."""
    return path.stem == class_name or path.stem.endswith("__" + class_name)


def _mapping_keys_from_ast(node: ast.AST) -> list[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign) and isinstance(sub.value, ast.Dict):
            targets = [t.attr if isinstance(t, ast.Attribute) else getattr(t, "id", "") for t in sub.targets]
            if "func_mapping" in targets:
                return [k.value for k in sub.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return []


def _func_mapping_keys(cls: type, source: str) -> list[str]:
    try:
        inst = cls()
        mapping = getattr(inst, "func_mapping", None)
        if isinstance(mapping, dict) and mapping:
            return list(mapping)
    except Exception:  # noqa: BLE001 - many of these classes need a config; fall back to reading the source
        pass
    return _mapping_keys_from_ast(ast.parse(source))


_CACHE: dict[tuple[str, float], CodeGymSpec] = {}


def load_codegym_file(path: Path | str) -> CodeGymSpec:
    """Import a CodeGym-format file and describe its tools; a broken file raises EnvDefinitionError."""
    path = Path(path).resolve()
    if not path.exists():
        raise EnvDefinitionError(f"{path}: no such file")
    key = (str(path), path.stat().st_mtime)
    if key in _CACHE:
        return _CACHE[key]
    source = path.read_text(errors="replace")
    try:
        compile(source, str(path), "exec")
    except SyntaxError as exc:
        raise EnvDefinitionError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    mod_name = "codegym_legacy." + path.stem + "_" + hashlib.sha1(key[0].encode()).hexdigest()[:8]
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise EnvDefinitionError(f"{path}: cannot import")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise EnvDefinitionError(f"{path}: import failed: {type(exc).__name__}: {exc}") from None
    sys.modules[mod_name] = module
    classes = [
        obj for obj in vars(module).values()
        if isinstance(obj, type) and obj.__module__ == mod_name and hasattr(obj, "step") and obj.__name__.endswith("Env")
    ]
    if not classes:
        raise EnvDefinitionError(f"{path}: no environment class (a class named *Env with a step method)")
    cls = next((c for c in classes if _named_by(path, c.__name__)), classes[0])
    names = _func_mapping_keys(cls, source)
    if not names:
        raise EnvDefinitionError(f"{path}: {cls.__name__} has no func_mapping (the dict of tool names)")
    tools = [_tool_info(cls, n) for n in names]
    own_doc = cls.__dict__.get("__doc__")  # never a base class's (gymnasium.Env has a long one)
    result = CodeGymSpec(path, cls.__name__, cls, names, tools, inspect.cleandoc(own_doc) if isinstance(own_doc, str) else "")
    _CACHE[key] = result
    return result


def _read_attr(env: Any, names: tuple[str, ...]) -> Any:
    for n in names:
        try:
            value = getattr(env, n)
        except Exception:  # noqa: BLE001 - a property may fail; try the next
            continue
        if not callable(value):
            return value
    return None


class CodeGymBackend:
    """One episode of a CodeGym-format env: every call goes through the env's own `step`."""

    def __init__(self, spec: CodeGymSpec, config: dict[str, Any], *, statement: str | None = None, name: str | None = None):
        self.spec = spec
        self.env_name = name or spec.name
        self.config = config
        self.statement = statement
        try:
            self.env = spec.cls(env_str=f"{spec.name}@{config!r}")
        except TypeError:
            self.env = spec.cls(f"{spec.name}@{config!r}")
        except Exception as exc:  # noqa: BLE001
            raise EnvironmentFailure(f"{spec.name}.__init__ failed: {type(exc).__name__}: {exc}") from exc

    def tools(self) -> list[ToolInfo]:
        return self.spec.tools

    def instructions(self) -> str:
        return codegym_instructions(self.spec, self.statement)

    def reference_answer(self) -> Any:
        return self.env.get_ref_answer()

    def invoke(self, name: str, arguments: dict[str, Any], *, reveal: bool) -> Outcome:
        action = json.dumps({"name": name, "parameters": arguments})
        try:
            out = self.env.step(action)
        except Exception as exc:  # noqa: BLE001 - these envs raise on bad parameters: the agent sees it
            return Outcome(ToolResult(f"Error: {type(exc).__name__}: {exc}", is_error=True))
        message = out[1] if isinstance(out, tuple) and len(out) > 1 else out
        text = message if isinstance(message, str) else json.dumps(message, default=str)
        done = bool(_read_attr(self.env, _DONE_ATTRS)) or name == "Done"
        if not done:
            return Outcome(ToolResult(text, text, is_error=text.lstrip().lower().startswith("error")))
        reward = _read_attr(self.env, _REWARD_ATTRS)
        if not isinstance(reward, (int, float)):
            m = _REWARD_IN_TEXT.search(text)
            reward = float(m.group(1)) if m else 0.0
        reward = float(reward)
        if not reveal:  # evaluation mode: say correct or not, never the reference
            text = done_message(arguments.get("answer"), None, reward >= 1.0, reveal=False)
        return Outcome(ToolResult(text, text), ended=True, reward=reward)

    def close(self) -> None:
        pass


NO_STATEMENT = "(No problem statement was given for this environment; what follows is built from its tools.)"


def codegym_instructions(spec: CodeGymSpec, statement: str | None) -> str:
    """The statement (given, else the class's own docstring, else one built from the tools) plus the tool list."""
    tools = "\n".join(f"- {t.name}: {t.description.splitlines()[0]}" for t in spec.tools)
    text = (statement or "").strip() or spec.doc.strip()
    if not text:
        text = f"{NO_STATEMENT}\nSolve the {spec.name} task."
    return f"{text}\n\nUse the tools to explore the task:\n{tools}\nCall Done(answer) once to submit your answer."


def statement_sidecar(path: Path | str) -> str | None:
    """The statement kept beside an env file: `<stem>.md` or `<stem>.txt`."""
    path = Path(path)
    for suffix in (".md", ".txt"):
        side = path.with_suffix(suffix)
        if side.is_file():
            return side.read_text(errors="replace").strip() or None
    return None


QUESTION_MARK = "Question:"


def statement_from_prompt(prompt: Any) -> str | None:
    """The problem statement in a veRL instance's prompt: the user message's text after `Question:`."""
    if isinstance(prompt, str):
        messages = [{"role": "user", "content": prompt}]
    elif isinstance(prompt, list):
        messages = [m for m in prompt if isinstance(m, dict)]
    else:
        return None
    for m in reversed(messages):
        content = m.get("content")
        if m.get("role") == "user" and isinstance(content, str) and QUESTION_MARK in content:
            return content.split(QUESTION_MARK, 1)[1].strip() or None
    return None


def run_codegym_solve(entry: Any, episode: Any) -> Any:
    """Run the file's own `solve()` with `step` forwarded to `episode` (the tool path), as the verifier does."""
    config = getattr(episode.backend, "config", {})
    return solve_with(load_codegym_file(entry.path), config, episode.call, state=episode.state)


def solve_with(spec: CodeGymSpec, config: dict[str, Any], call: Callable[[str, dict[str, Any]], Any],
               state: Callable[[], Any] | None = None) -> Any:
    """Run `solve()` on a fresh instance whose `step` is replaced by `call` (the same path an agent uses)."""
    env = CodeGymBackend(spec, config).env
    arity = _step_arity(spec, config)

    def step(action: str) -> tuple[Any, ...]:
        request = json.loads(action)
        result = call(request["name"], request.get("parameters") or {})
        s = state() if state is not None else None
        done = s.done if s is not None else request["name"] == "Done"
        reward = (s.reward or 0.0) if s is not None else 0.0
        full: tuple[Any, ...] = (done, result.text, reward, bool(s and s.truncated), {})
        return full[:arity] if arity >= 2 else full

    env.step = step  # type: ignore[method-assign]
    return env.solve()


_ARITY: dict[tuple[str, str], int] = {}


def _step_arity(spec: CodeGymSpec, config: dict[str, Any]) -> int:
    """How long a tuple this file's step returns (solve code may unpack it); learned once per file."""
    key = (str(spec.path), spec.name)
    if key not in _ARITY:
        try:
            out = CodeGymBackend(spec, config).env.step(json.dumps({"name": "Observe", "parameters": {}}))
            _ARITY[key] = len(out) if isinstance(out, tuple) else 2
        except Exception:  # noqa: BLE001
            return 2
    return _ARITY[key]
