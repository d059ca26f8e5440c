"""Fake model endpoints for synthesis that behave like the real ones do, on 127.0.0.1, answering from the
recorded replies in tests/data/synth/replies. Kinds:

- `openai`: an OpenAI-compatible server; replies put the env first and a usage example after it.
- `reasoning`: OpenAI's reasoning models: `max_tokens` and a non-default temperature are refused with
  OpenAI's 400 error shape; thinking tokens are counted in completion_tokens.
- `thinking`: an OpenAI-compatible server for a thinking model: `reasoning_content` plus an inline
  `<think>` block, both holding a draft environment that must not be used.
- `anthropic`: the Messages API: x-api-key and anthropic-version required, system prompt top-level,
  thinking blocks before the text, stop_reason "max_tokens" when cut.

Any kind can answer the first requests with 429 and a Retry-After header, and cut chosen problems' env
replies at the token limit (finish_reason "length").
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPLIES = Path(__file__).parent / "data" / "synth" / "replies"
DRAFT = ("```python\nfrom codegym_mcp.env import Environment\n\n\nclass DraftEnv(Environment):\n"
         "    \"\"\"A first idea, abandoned.\"\"\"\n```")
EXAMPLE = "\n\nExample usage:\n```python\nenv = {cls}()\nprint(env.observe())\n```\n"


def _error(message: str, param: str | None, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}}


class SynthEndpoint:
    def __init__(self, kind: str, *, too_many: int = 0, retry_after: str = "0", truncate: frozenset[str] = frozenset(),
                 key: str = "sk-test"):
        self.kind = kind
        self.too_many = too_many  # answer this many requests with 429 first
        self.retry_after = retry_after
        self.truncate = truncate  # problem ids whose env replies are cut at the token limit
        self.key = key
        self.mapping = json.loads((REPLIES / "map.json").read_text())
        self.requests: list[dict[str, Any]] = []
        self.answered: list[dict[str, Any]] = []  # the request bodies answered with 200
        self.refusals: list[str] = []  # parameters refused with a 400
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                status, data, headers = outer.answer(self.path, dict(self.headers), body)
                raw = json.dumps(data).encode()
                self.send_response(status)
                for k, v in {"content-type": "application/json", "content-length": str(len(raw)), **headers}.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{port}" + ("" if kind == "anthropic" else "/v1")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ answering

    def answer(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        headers = {k.lower(): v for k, v in headers.items()}
        with self.lock:
            self.requests.append(body)
            if self.too_many > 0:
                self.too_many -= 1
                return 429, {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}, {"retry-after": self.retry_after}
        if self.kind == "anthropic":
            if path != "/v1/messages":
                return 404, {"type": "error", "error": {"type": "not_found_error", "message": "Not Found"}}, {}
            if headers.get("x-api-key") != self.key or not headers.get("anthropic-version"):
                return 401, {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}, {}
            if "max_tokens" not in body or any(m["role"] not in ("user", "assistant") for m in body["messages"]):
                return 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "bad request"}}, {}
            messages = [{"role": "system", "content": body.get("system", "")}, *body["messages"]]
        else:
            if path != "/v1/chat/completions":
                return 404, _error("Not found", None, "not_found"), {}
            refusal = self._refuse(body)
            if refusal:
                return 400, refusal, {}
            messages = body["messages"]
        pid, stage, text = self._reply_text(messages)
        with self.lock:
            self.answered.append(body)
        cut = stage == "env" and pid in self.truncate
        if cut:
            text = text[: len(text) // 2]
        elif stage == "env":
            text = "Here is the module.\n\n" + text + EXAMPLE.format(cls="TheEnv")
        return 200, self._shape(body, text, cut), {}

    def _refuse(self, body: dict[str, Any]) -> dict[str, Any] | None:
        if self.kind != "reasoning":
            return None
        if "max_tokens" in body:
            self.refusals.append("max_tokens")
            return _error("Unsupported parameter: 'max_tokens' is not supported with this model. "
                          "Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter")
        if body.get("temperature", 1) != 1:
            self.refusals.append("temperature")
            return _error(f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. "
                          "Only the default (1) value is supported.", "temperature", "unsupported_value")
        return None

    def _reply_text(self, messages: list[dict[str, Any]]) -> tuple[str, str, str]:
        first_user = next(m["content"] for m in messages if m["role"] == "user")
        pid = next(line.split(":", 1)[1].strip() for line in first_user.splitlines() if line.startswith("Problem id:"))
        stage = "oracle" if "act only through tool calls" in messages[0]["content"] else "env"
        files = self.mapping[pid][stage]
        k = sum(1 for m in messages if m["role"] == "assistant")
        return pid, stage, (REPLIES / files[min(k, len(files) - 1)]).read_text()

    def _shape(self, body: dict[str, Any], text: str, cut: bool) -> dict[str, Any]:
        tokens_in, tokens_out = len(json.dumps(body)) // 4, len(text) // 4
        thinking = f"Let me sketch it first.\n{DRAFT}\nNo, better with more tools."
        if self.kind == "anthropic":
            return {"id": "msg_1", "type": "message", "role": "assistant", "model": body["model"],
                    "content": [{"type": "thinking", "thinking": thinking, "signature": "sig"}, {"type": "text", "text": text}],
                    "stop_reason": "max_tokens" if cut else "end_turn",
                    "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out + 200}}
        message: dict[str, Any] = {"role": "assistant", "content": text}
        usage: dict[str, Any] = {"prompt_tokens": tokens_in, "completion_tokens": tokens_out}
        if self.kind == "thinking":
            message["reasoning_content"] = thinking
            message["content"] = f"<think>\n{thinking}\n</think>\n\n{text}"
        if self.kind == "reasoning":
            usage["completion_tokens"] += 300
            usage["completion_tokens_details"] = {"reasoning_tokens": 300}
        return {"id": "chatcmpl-1", "object": "chat.completion", "model": body["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": "length" if cut else "stop"}], "usage": usage}
