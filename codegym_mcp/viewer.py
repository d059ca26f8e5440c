"""Open a trajectory database for people: datasette with canned queries, or the HTML report without it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

__all__ = ["CANNED_QUERIES", "datasette_metadata", "view_command"]

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "success_by_env": {
        "title": "Success rate by environment",
        "sql": "select run_id, env, count(*) as episodes, round(avg(coalesce(reward, 0)), 3) as success_rate, "
               "round(avg(steps), 1) as mean_steps, sum(status = 'errored') as errored "
               "from episodes group by run_id, env order by run_id, success_rate",
    },
    "longest_episodes": {
        "title": "Longest episodes (by tool calls)",
        "sql": "select id, run_id, env, task_id, status, reward, steps, end_reason from episodes "
               "order by steps desc limit 100",
    },
    "failed_tool_calls": {
        "title": "Failed tool calls (agent mistakes), most frequent first",
        "sql": "select e.env, t.name as tool, count(*) as failures, min(t.result) as example "
               "from tool_calls t join episodes e on e.id = t.episode_id where t.is_error = 1 "
               "group by e.env, t.name order by failures desc limit 200",
    },
    "errored_episodes": {
        "title": "Episodes that ended in an environment or API error",
        "sql": "select id, run_id, env, task_id, end_reason, error from episodes where status = 'errored'",
    },
    "trajectory": {
        "title": "One episode's tool calls in order",
        "sql": "select idx, name, arguments, result, is_error, latency_ms from tool_calls "
               "where episode_id = :episode_id order by idx, id",
    },
}


def datasette_metadata(db: Path) -> dict[str, Any]:
    """datasette metadata: titles, descriptions and the canned queries above for `db`."""
    return {
        "title": "codegym-mcp trajectories",
        "description": "Runs, episodes, messages and tool calls recorded by codegym-mcp.",
        "databases": {Path(db).stem: {"queries": CANNED_QUERIES, "tables": {
            "episodes": {"description": "One row per episode: status, reward, steps, end reason, tokens."},
            "tool_calls": {"description": "Every tool call with its arguments (JSON), result text and error flag."},
            "messages": {"description": "The conversation, message by message (OpenAI-like roles)."},
            "runs": {"description": "One row per run: agent, model, sampling parameters (JSON)."},
        }}},
    }


def view_command(db: Path, metadata_path: Path, *, port: int = 8001) -> list[str] | None:
    """The datasette command line for `db`, or None if datasette is not installed. Writes the metadata to
    `metadata_path` (the CLI passes a temporary directory, so nothing is left beside the database or in the cwd)."""
    if importlib.util.find_spec("datasette") is None:
        return None
    metadata_path.write_text(json.dumps(datasette_metadata(db), indent=2))
    return ["datasette", "serve", str(db), "--metadata", str(metadata_path), "--port", str(port), "--host", "127.0.0.1"]
