"""How tools and results are presented to a model: native tool calling, or CodeGym's text protocol.

Both keep the same canonical conversation (`Message`s). In the native format assistant messages carry
`tool_calls` and each result is a `tool` message. In the CodeGym format the tools are Python signatures
with docstrings in the system prompt, the model writes
`<|FunctionCallBegin|>[{"name": ..., "parameters": {...}}]<|FunctionCallEnd|>` in its text, and the
results come back as a user message of `Observation:` lines; the parsed calls are still recorded on
the assistant message (for analysis), but never rendered back to the model.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from .protocol import CallResult, EpisodeContext, Message, ToolCall, ToolSpec

__all__ = ["CALL_BEGIN", "CALL_END", "Conversation", "ToolFormat", "parse_codegym_calls", "render_codegym_tools"]

ToolFormat = Literal["native", "codegym"]
TOOL_FORMATS: tuple[str, ...] = ("native", "codegym")

CALL_BEGIN = "<|FunctionCallBegin|>"
CALL_END = "<|FunctionCallEnd|>"
_BLOCK = re.compile(re.escape(CALL_BEGIN) + r"(.*?)" + re.escape(CALL_END), re.DOTALL)

KICKOFF = "Solve the task using the tools. Call Done(answer) exactly once, when you know the answer."
NUDGE = ("You did not call any tool. Continue by calling a tool; the episode ends only when you call "
         "Done(answer) with your final answer.")
CODEGYM_RULES = (
    "To call functions, write them as a JSON list between the markers, for example:\n"
    f'{CALL_BEGIN}[{{"name": "Observe", "parameters": {{}}}}]{CALL_END}\n'
    "You may call several functions in one reply; they run in order. After each reply you receive an "
    "Observation for every call. Call Done(answer) exactly once, with your final answer."
)


# ---------------------------------------------------------------- CodeGym text protocol

_PY_TYPES = {"integer": "int", "number": "float", "string": "str", "boolean": "bool", "null": "None", "object": "dict"}


def _py_type(schema: dict[str, Any]) -> str:
    """A Python annotation for a JSON Schema, for display only."""
    if not isinstance(schema, dict) or not schema:
        return "Any"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(dict.fromkeys(_py_type(s) for s in schema[key]))
    if "enum" in schema:
        return "Literal[" + ", ".join(json.dumps(v) for v in schema["enum"]) + "]"
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(_py_type({**schema, "type": k}) for k in kind)
    if kind == "array":
        items = schema.get("items")
        return f"list[{_py_type(items)}]" if isinstance(items, dict) and items else "list"
    return _PY_TYPES.get(kind or "", "Any")


def _signature(tool: ToolSpec) -> str:
    props: dict[str, Any] = tool.input_schema.get("properties") or {}
    required = set(tool.input_schema.get("required") or [])
    params = []
    for name, schema in props.items():
        text = f"{name}: {_py_type(schema)}"
        if name not in required:
            default = schema.get("default") if isinstance(schema, dict) else None
            text += f" = {json.dumps(default)}" if default is not None else " = None"
        params.append(text)
    doc = tool.description.strip() or f"The {tool.name} tool."
    args = [f"    {n}: {s.get('description', '').strip()}" for n, s in props.items() if isinstance(s, dict)]
    if args:
        doc += "\n\nArgs:\n" + "\n".join(args)
    doc = "\n".join(("    " + line) if line.strip() else "" for line in doc.splitlines()).lstrip()
    return f'def {tool.name}({", ".join(params)}):\n    """{doc}\n    """'


def render_codegym_tools(tools: list[ToolSpec]) -> str:
    """The tool list as Python signatures with docstrings, followed by the call syntax."""
    return "You can call the following functions:\n\n" + "\n\n".join(_signature(t) for t in tools) + "\n\n" + CODEGYM_RULES


def parse_codegym_calls(text: str) -> tuple[list[ToolCall], str | None]:
    """Calls in a reply, and a parse error for the whole reply (None if it parsed, or had no call at all)."""
    blocks = _BLOCK.findall(text)
    if not blocks:
        if CALL_BEGIN in text or CALL_END in text:
            return [], f"Unbalanced function-call markers: wrap the calls in {CALL_BEGIN}...{CALL_END}."
        return [], None
    calls: list[ToolCall] = []
    for block in blocks:
        try:
            data = json.loads(block)
        except json.JSONDecodeError as exc:
            return [], (f"Could not parse the function call as JSON ({exc.msg} at position {exc.pos}). Write "
                        f'{CALL_BEGIN}[{{"name": "ToolName", "parameters": {{...}}}}]{CALL_END}.')
        for item in data if isinstance(data, list) else [data]:
            calls.append(_call_from_item(item))
    if not calls:
        return [], "The function-call list is empty."
    return calls, None


def _call_from_item(item: Any) -> ToolCall:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        return ToolCall("", None, raw=json.dumps(item), error='each call must be an object with a "name" string')
    params = item.get("parameters", item.get("arguments", {}))
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return ToolCall(item["name"], None, raw=json.dumps(params), error='"parameters" must be a JSON object')
    return ToolCall(item["name"], params)


# ---------------------------------------------------------------- the canonical conversation


def result_text(result: CallResult) -> str:
    """What the model reads for a result; errors are marked so a format without an error flag still shows them."""
    if result.is_error and not result.text.lstrip().lower().startswith("error"):
        return "Error: " + result.text
    return result.text


class Conversation:
    """The canonical messages of one episode and the rules of its tool format."""

    def __init__(self, ctx: EpisodeContext, tool_format: str = "native"):
        if tool_format not in TOOL_FORMATS:
            raise ValueError(f"tool format must be one of {TOOL_FORMATS}, got {tool_format!r}")
        self.native = tool_format == "native"
        self.tools = ctx.tools
        system = ctx.instructions.strip()
        if not self.native:
            system += "\n\n" + render_codegym_tools(ctx.tools)
        self.messages: list[Message] = [Message("system", system), Message("user", KICKOFF)]

    def reply(self, text: str, calls: list[ToolCall] | None = None) -> tuple[Message, list[ToolCall], str | None]:
        """Record the model's reply; in the text protocol, the calls are parsed from `text`."""
        parse_error = None
        if not self.native:
            calls, parse_error = parse_codegym_calls(text)
        message = Message("assistant", text, list(calls or []))
        self.messages.append(message)
        return message, message.tool_calls, parse_error

    def feedback(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        """Append this turn's results and any harness note; return the new messages."""
        new: list[Message] = []
        if self.native:
            for r in results:
                new.append(Message("tool", r.text, tool_call_id=r.call.id, name=r.call.name,
                                   kind=result_kind(r), is_error=r.is_error))
            if note:
                new.append(Message("user", note, kind=_note_kind(note)))
        else:
            parts = [f"Observation: {result_text(r)}" for r in results]
            if note:
                parts.append(note)
            if parts:
                kind = _note_kind(note) if note and not results else None
                new.append(Message("user", "\n\n".join(parts), kind=kind))
        self.messages.extend(new)
        return new


def result_kind(result: CallResult) -> str | None:
    """How a result is marked in the store: a rejected (malformed) call, a tool error, or nothing."""
    if not result.executed:
        return "parse_error"
    return "tool_error" if result.is_error else None


def _note_kind(note: str) -> str:
    return "nudge" if note == NUDGE else "parse_error"
