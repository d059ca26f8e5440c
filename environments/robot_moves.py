"""Robot on a plane: apply a hidden string of U/D/L/R moves one at a time and report where it ends."""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (8, 12), "medium": (25, 45), "hard": (70, 110)}
STEP = {"U": (0, 1), "D": (0, -1), "L": (-1, 0), "R": (1, 0)}


def solve(moves: str) -> list[int]:
    """Independent reference: count each letter."""
    c = Counter(moves)
    return [c["R"] - c["L"], c["U"] - c["D"]]


class RobotMovesEnv(Environment):
    """A robot starts at the origin (0, 0) of a plane. A hidden string of moves tells it where to go, one unit
    per letter: U (y + 1), D (y - 1), L (x - 1), R (x + 1). Where does it end up? The answer is the final
    position as a list [x, y] of two integers."""

    class Config(BaseModel):
        moves: str

    answer_type = list[int]
    meta = EnvMeta(source="classic: robot return to origin (LeetCode 657)", license="original", split="train",
                   tags=("simulation", "string"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.3:  # a closed walk: it comes back to the origin
            half = [rng.choice("UDLR") for _ in range(n // 2)]
            back = [{"U": "D", "D": "U", "L": "R", "R": "L"}[m] for m in half]
            moves = half + back
            rng.shuffle(moves)
        else:
            moves = [rng.choice("UDLR") for _ in range(n)]
        return cls.Config(moves="".join(moves))

    def setup(self) -> None:
        self.pos = [0, 0]
        self.steps = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.moves)} moves is hidden. The robot has made {self.steps} moves."

    def reference_answer(self) -> list[int]:
        x = y = 0
        for m in self.config.moves:
            dx, dy = STEP[m]
            x, y = x + dx, y + dy
        return [x, y]

    def source_args(self) -> tuple[str]:
        return (self.config.moves,)

    @tool
    def GetMoveCount(self) -> int:
        """Return how many moves the hidden string holds."""
        return len(self.config.moves)

    @tool
    def GetMove(self, index: int) -> str:
        """Return one move letter (U, D, L or R).

        Args:
            index: zero-based position in the move string.
        """
        if not 0 <= index < len(self.config.moves):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.moves)})")
        return self.config.moves[index]

    @tool
    def Step(self, direction: str) -> list[int]:
        """Move the robot one unit; returns its new position [x, y].

        Args:
            direction: one of U, D, L, R.
        """
        if direction not in STEP:
            raise ToolError(f"direction must be U, D, L or R, got '{direction}'")
        dx, dy = STEP[direction]
        self.pos = [self.pos[0] + dx, self.pos[1] + dy]
        self.steps += 1
        return list(self.pos)

    @tool
    def GetPosition(self) -> list[int]:
        """Return the robot's current position [x, y]."""
        return list(self.pos)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetMoveCount()):
            env.Step(direction=env.GetMove(index=i))
        env.Done(answer=env.GetPosition())
