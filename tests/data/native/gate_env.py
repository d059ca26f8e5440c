"""A native test environment whose `Wait` tool blocks until the test releases it (a hanging tool)."""

from __future__ import annotations

import random
import threading

from pydantic import BaseModel

from codegym_mcp.env import Environment, tool

RELEASE = threading.Event()


class GateEnv(Environment):
    """Answer with the secret number (it is 7 + the offset). The answer is an integer."""

    class Config(BaseModel):
        offset: int = 0

    answer_type = int

    @classmethod
    def generate(cls, rng: random.Random, difficulty):
        return cls.Config(offset=rng.randint(0, 9))

    def observe(self) -> str:
        return "Call Peek to learn the offset."

    def reference_answer(self) -> int:
        return 7 + self.config.offset

    @tool
    def Peek(self) -> int:
        """Return the offset."""
        return self.config.offset

    @tool
    def Wait(self) -> str:
        """Block until the test harness releases the gate (simulates a hanging tool)."""
        RELEASE.wait(timeout=60)
        return "released"

    @staticmethod
    def oracle(env) -> None:
        env.Done(answer=7 + env.Peek())
