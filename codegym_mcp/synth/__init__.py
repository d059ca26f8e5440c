"""Turn a file of coding problems into verified environments with an LLM (CodeGym's Gym Synthesis and
Verification, with reference answers from the original solution, isolation, tool-only oracles,
deduplication and resumable batches)."""

from .inputs import Problem, read_problems
from .isolate import Limits
from .llm import ChatClient
from .pipeline import STAGES, SynthConfig, SynthResult, agent_difficulty_filter, synthesize

__all__ = ["STAGES", "ChatClient", "Limits", "Problem", "SynthConfig", "SynthResult", "agent_difficulty_filter", "read_problems", "synthesize"]
