"""Partial observability as a checkable rule.

A task config's *hidden collections* are its top-level fields that hold a list, grid or mapping of 5 or
more items, or a string of 8 or more characters (fields an env declares in `visible_fields` are part of
the statement and exempt). An environment leaks when, at the start of a fresh episode, one tool call with
simple arguments (none, defaults, each enum value, 0, "", false) returns such a collection whole: as
JSON, as Python repr, or as its items in one run of text.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, Callable, Iterator

__all__ = ["find_leak", "hidden_collections", "leaks_in", "simple_arguments"]

MIN_ITEMS, MIN_CHARS = 5, 8
MAX_PROBES_PER_TOOL = 16
_SEP = r"[\s,;:'\"`\[\](){}|/<>=]"


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (k, *_leaves(v))]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _leaves(v)]
    return [value]


def hidden_collections(config: dict[str, Any], visible: tuple[str, ...] | frozenset[str] = ()) -> dict[str, Any]:
    """The config's fields that count as hidden collections."""
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key in visible:
            continue
        if isinstance(value, str) and len(value) >= MIN_CHARS:
            out[key] = value
        elif isinstance(value, (list, dict)) and len(_leaves(value)) >= MIN_ITEMS + (len(value) if isinstance(value, dict) else 0):
            out[key] = value  # a mapping counts its values, not its keys
    return out


def _token(x: Any) -> str:
    if isinstance(x, bool):
        return "(?:True|true)" if x else "(?:False|false)"
    if isinstance(x, float) and x.is_integer():
        return f"{int(x)}(?:\\.0)?"  # 3.0 may be shown as 3
    return re.escape(str(x))


def _run_pattern(value: Any) -> re.Pattern[str]:
    items = list(value) if isinstance(value, str) else _leaves(value)
    tight = all(len(str(x)) == 1 for x in items)  # single characters may be run together ("abcdefgh")
    sep = f"{_SEP}*" if tight else f"{_SEP}+"
    # Whole tokens only: the run must not start or end inside a longer number or word.
    return re.compile(r"(?<![\w.\-])" + sep.join(_token(x) for x in items) + r"(?![\w.])")


def leaks_in(text: str, collection: Any) -> bool:
    """Whether `text` shows the whole collection: JSON, repr, or its items in one run."""
    if isinstance(collection, str):
        if collection in text:
            return True
    else:
        forms = {json.dumps(collection), json.dumps(collection, separators=(",", ":")), repr(collection), str(collection)}
        if any(f in text for f in forms):
            return True
    return _run_pattern(collection).search(text) is not None


def _values_for(schema: dict[str, Any]) -> list[Any]:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return [v for s in schema[key] if s.get("type") != "null" for v in _values_for(s)][:4] or [None]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "string":  # values a docstring names in quotes ('"first" or "second"') are enum values too
        named = re.findall(r"[\"']([\w\- ]{1,20})[\"']", schema.get("description", ""))
        return ["", *dict.fromkeys(named)][:6]
    simple: dict[str, list[Any]] = {"integer": [0], "number": [0], "string": [""], "boolean": [False], "array": [[]],
                                    "object": [{}], "null": [None]}
    return simple.get(str(kind), [0])


def simple_arguments(input_schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The simple argument sets for one tool: defaults left out, each enum value, else 0 / "" / false."""
    props: dict[str, Any] = input_schema.get("properties") or {}
    required = set(input_schema.get("required") or [])
    if not required:
        yield {}
    names = [k for k in props if k in required]
    choices = [_values_for(props[k]) for k in names]
    optional_enums = [k for k in props if k not in required and "enum" in props[k]]
    seen = 0
    for combo in itertools.product(*choices):
        base = dict(zip(names, combo))
        if base or required:
            yield base
            seen += 1
        for k in optional_enums:  # an enum option changes what a tool returns even when it has a default
            for v in props[k]["enum"]:
                yield {**base, k: v}
                seen += 1
        if seen >= MAX_PROBES_PER_TOOL:
            return


def find_leak(tools: list[Any], config: dict[str, Any], visible: tuple[str, ...],
              call_fresh: Callable[[str, dict[str, Any]], str]) -> str | None:
    """Probe every tool with simple arguments, each on a fresh episode; describe the first leak found."""
    hidden = hidden_collections(config, visible)
    if not hidden:
        return None
    for t in tools:
        if t.name == "Done":
            continue
        for args in simple_arguments(t.input_schema):
            text = call_fresh(t.name, args)
            for field, value in hidden.items():
                if leaks_in(text, value):
                    shown = json.dumps(args) if args else ""
                    return f"{t.name}({shown}) returns the whole hidden '{field}' in one call"
    return None
