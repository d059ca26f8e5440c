"""The agent harness: an MCP client that plays episodes with LLM or scripted agents and records them.

It reaches environments only through MCP, exactly as an external agent does.

    from agent_runners import RunConfig, run
    result = run(RunConfig(agent="openai:gpt-4o-mini", split="test", samples=4), "runs.db")
"""

from .agents import make_agent
from .export import export_records, write_jsonl
from .harness import RunConfig, RunResult, resume_run, run, run_async
from .metrics import compare_runs, pass_at_k, summarize_run
from .protocol import Agent, AgentSession
from .report import render_report

__all__ = [
    "Agent",
    "AgentSession",
    "RunConfig",
    "RunResult",
    "compare_runs",
    "export_records",
    "make_agent",
    "pass_at_k",
    "render_report",
    "resume_run",
    "run",
    "run_async",
    "summarize_run",
    "write_jsonl",
]
