"""The agent protocol: what the harness asks of any agent, and the canonical trajectory types.

An `Agent` starts one `AgentSession` per episode. The harness drives it: `act()` returns the next
assistant turn (tool calls, or a malformed reply), the harness runs the calls over MCP, and
`observe()` feeds the results back. Every agent keeps its conversation as canonical `Message`s
(roles system/user/assistant/tool, OpenAI-like); those are what the store records and the exporter
writes, whatever wire format an adapter speaks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

__all__ = [
    "APIFailure",
    "Agent",
    "AgentSession",
    "CallResult",
    "EpisodeContext",
    "Message",
    "ToolCall",
    "ToolSpec",
    "Turn",
]

Role = Literal["system", "user", "assistant", "tool"]


class APIFailure(Exception):
    """The model's API failed after retries (429, 5xx, timeouts) or refused the request: the episode is errored."""

    def __init__(self, message: str, *, retries: int = 0, status: int | None = None, fatal: bool = False):
        super().__init__(message)
        self.retries = retries
        self.status = status
        self.fatal = fatal  # the endpoint cannot be reached or refuses us (auth, not found): every request will fail


@dataclass(frozen=True)
class ToolSpec:
    """A tool as the MCP server lists it."""

    name: str
    description: str
    input_schema: dict[str, Any]


def new_call_id() -> str:
    return "call_" + uuid.uuid4().hex[:20]


@dataclass
class ToolCall:
    """One call the agent asked for. `error` is set when it cannot be run (malformed arguments, no name)."""

    name: str
    arguments: dict[str, Any] | None
    id: str = field(default_factory=new_call_id)
    raw: str | None = None  # the arguments exactly as the model wrote them, when they were text
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {"id": self.id, "name": self.name, "arguments": self.arguments}
        if self.raw is not None:
            row["raw"] = self.raw
        if self.error is not None:
            row["error"] = self.error
        return row

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "ToolCall":
        return cls(row["name"], row.get("arguments"), row.get("id") or new_call_id(), row.get("raw"), row.get("error"))


@dataclass
class Message:
    """One canonical conversation message; `kind` marks harness feedback ("parse_error", "nudge")."""

    role: Role
    content: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None
    kind: str | None = None
    is_error: bool = False  # a tool message whose call failed
    reasoning: str = ""  # an assistant's thinking, kept out of `content` (recorded, not shown to the model as text)
    thinking: list[dict[str, Any]] = field(default_factory=list)  # provider thinking blocks to send back verbatim


@dataclass
class Turn:
    """What the agent did this turn.

    `calls` may include malformed calls (with `error`); `parse_error` is a reply with no usable call structure
    at all (text protocol); neither with `stop` means the agent is finished (scripted agents) or only talked.
    """

    message: Message
    calls: list[ToolCall] = field(default_factory=list)
    parse_error: str | None = None
    stop: bool = False
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: float = 0.0
    retries: int = 0
    truncated: bool = False  # the reply stopped at the token limit


@dataclass
class CallResult:
    """A tool call's outcome; duck-types the engine's ToolResult (`text`, `value`, `is_error`) for oracles."""

    call: ToolCall
    text: str
    value: Any = None
    is_error: bool = False
    executed: bool = True  # False: rejected by the harness (malformed), never sent to the server
    latency_ms: float = 0.0


@dataclass
class EpisodeContext:
    """What an agent may know when an episode starts: what the server told it, and the episode's key."""

    instructions: str
    tools: list[ToolSpec]
    env: str
    task_id: str
    sample: int = 0
    entry: Any = None  # the registry entry (for the oracle agent only); None for foreign MCP servers
    task: Any = None


class AgentSession(Protocol):
    """One episode's conversation."""

    messages: list[Message]

    async def act(self) -> Turn: ...

    async def observe(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        """Feed this turn's results (and harness feedback `note`); return the messages appended."""
        ...

    async def aclose(self) -> None: ...


class Agent(Protocol):
    """A policy that can play many episodes concurrently."""

    name: str  # e.g. "openai:gpt-4o-mini", "oracle"

    @property
    def model(self) -> str: ...  # "" for scripted agents
    tool_format: str  # "native" | "codegym"
    sampling: dict[str, Any]

    def start(self, ctx: EpisodeContext) -> AgentSession: ...

    async def aclose(self) -> None: ...
