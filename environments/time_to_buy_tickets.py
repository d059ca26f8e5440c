"""Time needed to buy tickets: person i in front of k buys min(t_i, t_k) tickets, one behind buys min(t_i, t_k - 1)."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (5, 8), "medium": (15, 25), "hard": (45, 65)}


def solve(tickets: list[int], k: int) -> int:
    """Independent reference: simulate the queue one second (one ticket) at a time."""
    queue, left, time = deque(range(len(tickets))), list(tickets), 0
    while True:
        i = queue.popleft()
        left[i] -= 1
        time += 1
        if left[i] == 0:
            if i == k:
                return time
        else:
            queue.append(i)


class TimeToBuyTicketsEnv(TallyMixin):
    """People stand in a queue, positions 0, 1, 2, ... from the front; person i wants tickets[i] tickets (the list is
    hidden). Each second the person at the front buys exactly one ticket; if they still want more, they go to
    the back of the queue, otherwise they leave. How many seconds pass until the person at position k has
    bought all their tickets? The answer is an integer."""

    class Config(BaseModel):
        tickets: list[int]
        k: int

    answer_type = int
    meta = EnvMeta(source="classic: time needed to buy tickets (LeetCode 2073)", license="original",
                   split="train", tags=("queue", "simulation"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(tickets=[rng.randint(1, 9) for _ in range(n)], k=rng.randrange(n))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return (f"{len(self.config.tickets)} people are in the queue; their ticket wishes are hidden. "
                f"Running total: {self.total}.")

    def reference_answer(self) -> int:
        t, k = self.config.tickets, self.config.k
        return sum(min(x, t[k] if i <= k else t[k] - 1) for i, x in enumerate(t))

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.tickets), self.config.k)

    @tool
    def GetQueueLength(self) -> int:
        """Return how many people are in the queue."""
        return len(self.config.tickets)

    @tool
    def GetK(self) -> int:
        """Return k, the position of the person we are timing."""
        return self.config.k

    @tool
    def GetTickets(self, position: int) -> int:
        """Return how many tickets the person at a position wants.

        Args:
            position: zero-based position in the initial queue.
        """
        if not 0 <= position < len(self.config.tickets):
            raise ToolError(f"position {position} is out of range [0, {len(self.config.tickets)})")
        return self.config.tickets[position]

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two integers.

        Args:
            a: first integer.
            b: second integer.
        """
        return min(a, b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetQueueLength(), env.GetK()
        tk = env.GetTickets(position=k)
        for i in range(n):
            # Before person k finishes, everyone at or before k buys up to tk tickets, everyone after up to tk - 1.
            cap = tk if i <= k else tk - 1
            if cap:
                env.AddToTotal(value=env.Min(a=env.GetTickets(position=i) if i != k else tk, b=cap))
        env.Done(answer=env.GetTotal())
