"""SFT datasets from recorded trajectories: OpenAI chat, Hugging Face chat and ShareGPT JSONL.

- `openai-chat`: OpenAI's fine-tuning layout; a tool call's `arguments` is the JSON *string* the model wrote.
- `hf-chat`: the layout Hugging Face chat templates (and TRL) render: `arguments` is a JSON *object* (a
  template would encode a string a second time), tool messages carry the tool's name, and the conversation
  ends on the assistant's last turn.
- `sharegpt`: LLaMA-Factory's layout.

Trajectories are rebuilt from the `messages` rows alone, exactly as the model saw them. Native-format
runs keep their tool calls and tool results (plus the tool schemas); CodeGym-format runs are plain text
conversations (the tools are described in the system prompt, the calls are in the assistant's text).
Held-out (test split) episodes are refused unless `force` is given: training on them would leak the
evaluation.

A model's thinking is never part of the exported content (thinking recorded inline as <think>...</think> by
older runs is stripped too). With `reasoning=True` it is exported beside it: as the assistant message's
`reasoning_content` (the field vLLM, SGLang and the Qwen/DeepSeek chat templates use) in `openai-chat` and
`hf-chat`, and as a leading <think> block of the assistant's text turns in `sharegpt`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from codegym_mcp.chat import split_thinking
from codegym_mcp.store import Store

__all__ = ["EXPORT_FORMATS", "ExportRefused", "export_records", "write_jsonl"]

EXPORT_FORMATS = ("openai-chat", "hf-chat", "sharegpt")
Format = Literal["openai-chat", "hf-chat", "sharegpt"]
UNFINISHED = ("running", "interrupted")


class ExportRefused(ValueError):
    """The export would include held-out episodes."""


def _episode_meta(ep: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(ep["meta"] or "{}")
    except json.JSONDecodeError:
        return {}


def _metadata(ep: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    keys = ("run_id", "env", "task_id", "split", "difficulty", "sample", "agent", "model", "status", "reward", "steps",
            "end_reason", "oracle_steps")
    return {"episode_id": ep["id"], **{k: ep[k] for k in keys}, "tool_format": meta.get("tool_format", "native")}


def _tool_error(row: dict[str, Any]) -> bool:
    return row["kind"] in ("tool_error", "parse_error")


def _calls(row: dict[str, Any]) -> list[dict[str, Any]]:
    return json.loads(row["tool_calls"]) if row["tool_calls"] else []


def _said(row: dict[str, Any]) -> tuple[str, str]:
    """(visible content, thinking) of an assistant row: its `reasoning` column plus any inline <think> text."""
    content, inline = split_thinking(row["content"] or "")
    return content, "\n".join(t for t in (row.get("reasoning") or "", inline) if t)


def _assistant(row: dict[str, Any], reasoning: bool) -> dict[str, Any]:
    content, thinking = _said(row)
    msg: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning and thinking:
        msg["reasoning_content"] = thinking
    return msg


def _arguments_text(call: dict[str, Any]) -> str:
    return call["raw"] if call.get("raw") is not None else json.dumps(call.get("arguments") or {})


def openai_chat(rows: list[dict[str, Any]], native: bool, reasoning: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in rows:
        if r["role"] == "assistant":
            msg = _assistant(r, reasoning)
            if native and r["tool_calls"]:
                msg["tool_calls"] = [{"id": c["id"], "type": "function",
                                      "function": {"name": c["name"], "arguments": _arguments_text(c)}} for c in _calls(r)]
            out.append(msg)
        elif r["role"] == "tool":
            content = r["content"]
            if _tool_error(r) and not content.lstrip().lower().startswith("error"):
                content = "Error: " + content
            out.append({"role": "tool", "tool_call_id": r["tool_call_id"], "content": content})
        else:
            out.append({"role": r["role"], "content": r["content"]})
    return out


def _arguments_object(call: dict[str, Any]) -> Any:
    """A call's arguments as a JSON value: the object the model sent, or (a malformed call) what it wrote."""
    if call.get("arguments") is not None:
        return call["arguments"]
    raw = call.get("raw")
    if raw is None:
        return {}
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        return raw


def hf_chat(rows: list[dict[str, Any]], native: bool, reasoning: bool = False) -> list[dict[str, Any]]:
    """Messages as Hugging Face chat templates expect them, ending on the assistant's last turn."""
    out: list[dict[str, Any]] = []
    for r in rows:
        if r["role"] == "assistant":
            msg = _assistant(r, reasoning)
            if native and r["tool_calls"]:
                msg["tool_calls"] = [{"id": c["id"], "type": "function",
                                      "function": {"name": c["name"], "arguments": _arguments_object(c)}} for c in _calls(r)]
            out.append(msg)
        elif r["role"] == "tool":
            content = r["content"]
            if _tool_error(r) and not content.lstrip().lower().startswith("error"):
                content = "Error: " + content
            out.append({"role": "tool", "tool_call_id": r["tool_call_id"], "name": r["name"] or "", "content": content})
        else:
            out.append({"role": r["role"], "content": r["content"]})
    while out and out[-1]["role"] != "assistant":
        out.pop()  # the Done result (and any later note) is not something the model learns to write
    return out


def _function_spec(tool: dict[str, Any]) -> dict[str, Any]:
    parameters = dict(tool["input_schema"] or {})
    parameters.setdefault("type", "object")
    parameters.setdefault("properties", {})
    return {"type": "function", "function": {"name": tool["name"], "description": tool["description"], "parameters": parameters}}


def sharegpt(rows: list[dict[str, Any]], native: bool, reasoning: bool = False) -> tuple[str, list[dict[str, str]]]:
    """(system, conversations) in the ShareGPT tool layout: human/observation turns alternate with gpt/function_call."""
    system = "\n\n".join(r["content"] for r in rows if r["role"] == "system")
    conv: list[dict[str, str]] = []
    pending: list[str] = []  # observation texts of one turn, merged into one message
    pending_from = ""

    def flush() -> None:
        nonlocal pending, pending_from
        if pending:
            conv.append({"from": pending_from, "value": pending[0] if len(pending) == 1 else json.dumps(pending)})
        pending, pending_from = [], ""

    for r in rows:
        if r["role"] == "system":
            continue
        if r["role"] == "assistant":
            flush()
            calls = _calls(r) if native else []
            if calls:
                items = [{"name": c["name"], "arguments": c.get("arguments") if c.get("arguments") is not None else _arguments_text(c)}
                         for c in calls]
                conv.append({"from": "function_call", "value": json.dumps(items[0] if len(items) == 1 else items)})
            else:
                content, thinking = _said(r)
                if reasoning and thinking:
                    content = f"<think>\n{thinking}\n</think>\n\n{content}"
                conv.append({"from": "gpt", "value": content})
        elif r["role"] == "tool":
            pending_from = "observation"
            pending.append(("Error: " if _tool_error(r) and not r["content"].lower().startswith("error") else "") + r["content"])
        else:  # a user message: the task, harness feedback, or (text protocol) observations
            if pending:
                pending.append(r["content"])
            else:
                pending_from = "human"
                pending.append(r["content"])
    flush()
    while conv and conv[-1]["from"] in ("human", "observation"):
        conv.pop()  # trainers expect a conversation to end on the assistant's turn
    return system, conv


def export_records(store: Store, run_id: str, fmt: Format = "openai-chat", *, only_success: bool = False,
                   force: bool = False, reasoning: bool = False) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per finished episode of the run; `reasoning`: the model's thinking too, apart
    from the content (see the module's doc)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {EXPORT_FORMATS}, got {fmt!r}")
    if store.run(run_id) is None:
        raise ValueError(f"no run {run_id!r} in {store.path}")
    episodes = [e for e in store.episodes(run_id) if e["status"] not in UNFINISHED]
    if only_success:
        episodes = [e for e in episodes if e["reward"] is not None and e["reward"] >= 1.0]
    held_out = sum(e["split"] == "test" for e in episodes)
    if held_out and not force:
        raise ExportRefused(f"{held_out} of {len(episodes)} episodes are from the held-out test split; exporting them "
                            "for training would leak the evaluation (pass force=True / --force to do it anyway)")
    for ep in episodes:
        meta = _episode_meta(ep)
        native = meta.get("tool_format", "native") == "native"
        rows = store.messages(ep["id"])
        tools = meta.get("tools") or []
        record: dict[str, Any]
        if fmt in ("openai-chat", "hf-chat"):
            record = {"messages": (openai_chat if fmt == "openai-chat" else hf_chat)(rows, native, reasoning)}
            if native:
                record["tools"] = [_function_spec(t) for t in tools]
            record["metadata"] = _metadata(ep, meta)
        else:
            system, conv = sharegpt(rows, native, reasoning)
            spec_plain = [{"name": t["name"], "description": t["description"], "parameters": t["input_schema"]} for t in tools]
            record = {"conversations": conv, "system": system, "tools": json.dumps(spec_plain) if native else "",
                      "metadata": _metadata(ep, meta)}
        yield record


def write_jsonl(records: Iterator[dict[str, Any]], path: str | Path) -> int:
    """Write records one per line; returns how many. The file is written only if the export is allowed."""
    rows = list(records)  # materialize first: a refused export must not leave a partial file
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)
