"""The environment contract: a class whose typed, documented methods are the agent's tools.

An environment author writes a subclass of `Environment` with a pydantic `Config`, a seeded
`generate`, `setup`, `observe`, `reference_answer`, a tool-only `oracle` and some `@tool` methods.
Everything about a tool (name, JSON Schema, description, argument validation) is derived from its
signature and docstring when the class is defined, so a bad tool fails at import, not mid-episode.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import random
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model

__all__ = [
    "Difficulty",
    "EnvDefinitionError",
    "EnvMeta",
    "Environment",
    "ToolError",
    "ToolInfo",
    "answers_match",
    "tool",
]

Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


class ToolError(Exception):
    """The agent's mistake (bad argument, invalid move): shown to the agent as a tool error."""


class EnvDefinitionError(TypeError):
    """An environment class or file is malformed; raised when it is defined or loaded."""


@dataclass(frozen=True)
class ToolInfo:
    """What a client sees of a tool: the same shape for native, CodeGym-format and sandboxed envs."""

    name: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any] | None = None


@dataclass(frozen=True)
class EnvMeta:
    """Where an environment comes from and how it may be used."""

    source: str = ""  # e.g. "HumanEval/12" or "classic: binary search"
    license: str = ""
    split: Literal["train", "test"] = "train"
    tags: tuple[str, ...] = ()


def tool(fn: Callable[..., Any] | None = None, *, name: str | None = None) -> Any:
    """Mark a method as a tool. Its name is the method name unless `name` is given."""

    def mark(f: Callable[..., Any]) -> Callable[..., Any]:
        f.__codegym_tool__ = name or f.__name__  # type: ignore[attr-defined]
        return f

    return mark(fn) if fn is not None else mark


# ---------------------------------------------------------------- docstrings and schemas

_SECTION = re.compile(r"^\s*(Args|Arguments|Parameters|Returns|Return|Raises|Yields|Examples?|Notes?):\s*$")
_ARG_LINE = re.compile(r"^(\s*)(\*{0,2}\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str], str]:
    """Split a Google-style docstring into (summary, {param: description}, returns)."""
    text = inspect.cleandoc(doc or "")
    summary: list[str] = []
    params: dict[str, str] = {}
    returns: list[str] = []
    section = ""
    current: str | None = None
    indent = -1
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m:
            section = m.group(1).rstrip("s").lower()
            current, indent = None, -1
            continue
        if section in ("arg", "argument", "parameter"):
            am = _ARG_LINE.match(line)
            if am and (indent < 0 or len(am.group(1)) <= indent):
                indent = len(am.group(1))
                current = am.group(2).lstrip("*")
                params[current] = am.group(3).strip()
            elif current and line.strip():
                params[current] = (params[current] + " " + line.strip()).strip()
        elif section == "return":
            returns.append(line.strip())
        elif not section:
            summary.append(line)
    return "\n".join(summary).strip(), params, " ".join(r for r in returns if r)


_JSON_SCALARS = (int, float, str, bool, type(None))


def _json_type_problem(tp: Any) -> str | None:
    """Why a return annotation is not a JSON value type, or None if it is."""
    if tp in _JSON_SCALARS or tp is None or tp is Any or tp in (list, dict):  # checked when the tool returns
        return None
    origin = get_origin(tp)
    if origin is Literal:
        return None
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in get_args(tp):
            if arg is Ellipsis:
                continue
            problem = _json_type_problem(arg)
            if problem:
                return problem
        return None
    if origin is dict:
        key, val = get_args(tp) or (str, None)
        if key is not str:
            return f"dict keys must be str, got {key!r}"
        return _json_type_problem(val) if val is not None else "dict needs value type"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return None
    return f"{tp!r} is not JSON-serializable (use int, float, str, bool, None, list, dict[str, ...])"


def _tool_spec(cls_name: str, tool_name: str, fn: Callable[..., Any]) -> tuple[ToolInfo, type[BaseModel]]:
    where = f"{cls_name}.{tool_name}"
    sig = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:  # noqa: BLE001 - any failure to resolve hints is a definition error
        raise EnvDefinitionError(f"{where}: cannot resolve type hints: {exc}") from exc
    if not fn.__doc__ or not fn.__doc__.strip():
        raise EnvDefinitionError(f"{where}: tool needs a docstring (it becomes the tool description)")
    summary, arg_docs, returns = parse_docstring(fn.__doc__)
    if not summary:
        raise EnvDefinitionError(f"{where}: docstring has no summary line")
    fields: dict[str, Any] = {}
    names = []
    for pname, param in list(sig.parameters.items())[1:]:  # skip self
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise EnvDefinitionError(f"{where}: *args/**kwargs are not allowed in tools")
        if pname not in hints:
            raise EnvDefinitionError(f"{where}: parameter '{pname}' has no type annotation")
        if pname not in arg_docs or not arg_docs[pname]:
            raise EnvDefinitionError(f"{where}: parameter '{pname}' is not described in the docstring's Args section")
        default = ... if param.default is param.empty else param.default
        fields[pname] = (hints[pname], Field(default, description=arg_docs[pname]))
        names.append(pname)
    unknown = set(arg_docs) - set(names)
    if unknown:
        raise EnvDefinitionError(f"{where}: docstring documents unknown parameter(s) {sorted(unknown)}")
    if "return" not in hints:
        raise EnvDefinitionError(f"{where}: tool needs a return annotation")
    problem = _json_type_problem(hints["return"])
    if problem:
        raise EnvDefinitionError(f"{where}: return type: {problem}")
    model = create_model(  # type: ignore[call-overload]
        f"{cls_name}_{tool_name}_Args", __config__=ConfigDict(extra="forbid"), **fields
    )
    try:
        schema = model.model_json_schema()
        output = TypeAdapter(hints["return"]).json_schema()
    except Exception as exc:  # noqa: BLE001
        raise EnvDefinitionError(f"{where}: cannot build JSON Schema: {exc}") from exc
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    description = summary + (f"\nReturns: {returns}" if returns else "")
    return ToolInfo(tool_name, description, schema, output), model


# ---------------------------------------------------------------- answer matching


def _normalize(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        for parse in (json.loads, ast.literal_eval):
            try:
                return _normalize(parse(text))
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
        return text
    if isinstance(value, (list, tuple)):
        return [_normalize(v) for v in value]
    if isinstance(value, dict):
        return {str(_normalize(k)): _normalize(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_normalize(v) for v in value), key=repr)
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (a == b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def answers_match(given: Any, reference: Any) -> bool:
    """Exact in meaning, tolerant in form: "2" == 2 == 2.0, "[1, 2]" == (1, 2), outer whitespace ignored."""
    return _same(_normalize(given), _normalize(reference))


# ---------------------------------------------------------------- the environment base


@dataclass
class _ToolEntry:
    info: ToolInfo
    args_model: type[BaseModel]
    method_name: str


class Environment:
    """Base class for native environments.

    Subclasses set `Config` (a pydantic model of the task), implement `generate`, `setup`, `observe`,
    `reference_answer` and `oracle`, and define tools with `@tool`. The class docstring is the problem
    statement shown to the agent. `Observe` and `Done` are provided here.
    """

    Config: ClassVar[type[BaseModel]]
    answer_type: ClassVar[Any] = Any
    meta: ClassVar[EnvMeta] = EnvMeta()
    # An independent solution of the source problem (not written with the env's tools), if any.
    source_solution: ClassVar[Callable[..., Any] | None] = None
    # Config fields that are part of the visible statement (e.g. a target the statement names), so the
    # partial-observability rule does not count them as hidden collections.
    visible_fields: ClassVar[tuple[str, ...]] = ()
    env_name: ClassVar[str]
    _tools: ClassVar[dict[str, _ToolEntry]] = {}

    config: BaseModel
    seed: int | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.env_name = cls.__dict__.get("env_name", cls.__name__)
        tools: dict[str, _ToolEntry] = {}
        for klass in reversed(cls.__mro__):
            for attr, fn in vars(klass).items():
                tname = getattr(fn, "__codegym_tool__", None)
                if tname is None:
                    continue
                if tname in tools and tools[tname].method_name != attr:
                    raise EnvDefinitionError(f"{cls.__name__}: duplicate tool name '{tname}'")
                tools[tname] = _ToolEntry(*_tool_spec(cls.__name__, tname, fn), method_name=attr)
        cls._tools = tools
        if cls.__dict__.get("abstract", False):
            return
        if "Config" not in vars(cls) and not hasattr(cls, "Config"):
            raise EnvDefinitionError(f"{cls.__name__}: an environment needs a pydantic `Config` class")
        if not (isinstance(cls.Config, type) and issubclass(cls.Config, BaseModel)):
            raise EnvDefinitionError(f"{cls.__name__}: `Config` must subclass pydantic.BaseModel")
        if not inspect.getdoc(cls) or cls.__doc__ is None:
            raise EnvDefinitionError(f"{cls.__name__}: the class docstring (the problem statement) is missing")
        if not isinstance(inspect.getattr_static(cls, "oracle"), staticmethod):
            raise EnvDefinitionError(
                f"{cls.__name__}: `oracle` must be a @staticmethod taking a tool proxy, so it can act only through tools"
            )
        # Done's schema follows the declared answer type.
        done = tools["Done"]
        schema = TypeAdapter(cls.answer_type).json_schema() if cls.answer_type is not Any else {}
        schema["description"] = done.info.input_schema["properties"]["answer"].get("description", "")
        info = ToolInfo(
            "Done",
            done.info.description,
            {"type": "object", "properties": {"answer": schema}, "required": ["answer"]},
            done.info.output_schema,
        )
        cls._tools["Done"] = _ToolEntry(info, done.args_model, done.method_name)

    # --- the contract subclasses implement

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> BaseModel:
        """Make a random task config; `difficulty` scales the input so oracle steps grow."""
        raise NotImplementedError

    def setup(self) -> None:
        """Build internal state from `self.config` (called by `reset`)."""

    def observe(self) -> str:
        """What `Observe()` shows: the task's visible state, never the answer."""
        raise NotImplementedError

    def reference_answer(self) -> Any:
        raise NotImplementedError

    @staticmethod
    def oracle(env: Any) -> None:
        """Solve the task using only tool calls on `env` (a proxy), ending with `env.Done(answer=...)`."""
        raise NotImplementedError

    def source_args(self) -> tuple[Any, ...] | None:
        """Positional arguments of this task for the source problem's own solution.

        For a HumanEval env (meta.source "HumanEval/N") the verifier calls the canonical solution with
        them; otherwise it calls `source_solution` if the class sets one. None: no independent check.
        """
        return None

    def source_calls(self) -> list[tuple[Any, ...]] | None:
        """Every call of the source solution this task stands for; the default is one, `source_args()`.

        An env that hides a batch of inputs (e.g. several n for a scalar-input problem) returns one
        argument tuple per hidden input; `combine_source` folds the results into the reference answer.
        """
        args = self.source_args()
        return None if args is None else [args]

    def combine_source(self, results: list[Any]) -> Any:
        """The task's answer from the source solution's results over `source_calls()` (default: the one result)."""
        return results[0]

    def match(self, answer: Any, reference: Any) -> bool:
        """Whether `answer` is correct; override for tasks with several right answers."""
        return answers_match(answer, reference)

    def task_statement(self) -> str:
        """The instructions an agent gets: the problem, and how to interact."""
        return (
            f"{inspect.getdoc(type(self))}\n\n"
            "You cannot see the data directly: use the tools to inspect it. "
            "Call Observe() to see the current state. "
            "When you know the answer, call Done(answer) exactly once; it ends the episode."
        )

    # --- the engine side

    @classmethod
    def make_config(cls, seed: int, difficulty: Difficulty = "medium") -> BaseModel:
        """The task config for (seed, difficulty): deterministic."""
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"difficulty must be one of {DIFFICULTIES}, got {difficulty!r}")
        cfg = cls.generate(random.Random(f"{cls.env_name}:{seed}:{difficulty}"), difficulty)
        return cls.Config.model_validate(cfg.model_dump() if isinstance(cfg, BaseModel) else cfg)

    def reset(self, config: BaseModel | dict[str, Any], seed: int | None = None) -> None:
        self.config = self.Config.model_validate(config.model_dump() if isinstance(config, BaseModel) else config)
        self.seed = seed
        self.rng = random.Random(seed)
        self.setup()

    @classmethod
    def tool_infos(cls) -> list[ToolInfo]:
        return [e.info for e in cls._tools.values()]

    def call_tool(self, name: str, arguments: dict[str, Any] | None) -> Any:
        """Validate `arguments` against the tool's schema and run it. Bad input raises ToolError."""
        entry = self._tools.get(name)
        if entry is None:
            raise ToolError(f"Unknown tool '{name}'. Available tools: {', '.join(self._tools)}")
        if arguments is not None and not isinstance(arguments, dict):
            raise ToolError(f"Arguments for {name} must be a JSON object, got {type(arguments).__name__}")
        if name == "Done":  # the answer is matched leniently, not coerced by a schema
            args = dict(arguments or {})
            if set(args) != {"answer"}:
                raise ToolError("Done takes exactly one argument: answer")
            return self.Done(args["answer"])
        try:
            parsed = entry.args_model.model_validate(arguments or {})
        except ValidationError as exc:
            raise ToolError(f"Invalid arguments for {name}: {_explain(exc)}") from None
        value = getattr(self, entry.method_name)(**{k: getattr(parsed, k) for k in type(parsed).model_fields})
        return value.model_dump(mode="json") if isinstance(value, BaseModel) else value

    @tool
    def Observe(self) -> str:
        """Show the current state of the task (never the answer)."""
        return self.observe()

    @tool
    def Done(self, answer: Any) -> str:
        """Submit your final answer; this ends the episode.

        Args:
            answer: your final answer to the task.
        """
        # The episode layer intercepts Done to apply the reveal policy; this is the direct-call form.
        ref = self.reference_answer()
        ok = self.match(answer, ref)
        return done_message(answer, ref, ok, reveal=True)


def done_message(answer: Any, reference: Any, correct: bool, *, reveal: bool) -> str:
    """CodeGym's Done text; the reference part is left out when answers are hidden."""
    verdict = "Correct" if correct else "Incorrect"
    ref = f", Reference answer: {_show(reference)}" if reveal else ""
    return f"Your answer: {_show(answer)}{ref}, Result: {verdict}, reward={1 if correct else 0}"


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "arguments"
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "required argument is missing"
        elif err["type"] == "extra_forbidden":
            msg = "unexpected argument"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)
