"""HumanEval/152: how far off was each guess? Element-wise absolute differences of two hidden lists."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (14, 22), "hard": (40, 55)}


class GuessErrorsEnv(Environment):
    """Match scores and a player's guesses are hidden (two lists of equal length). Return the list of absolute
    differences between each guess and the real score (0 where the guess was right). The answer is a list of
    integers."""

    class Config(BaseModel):
        game: list[int]
        guess: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/152", license="MIT (human-eval)", split="test", tags=("array",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        game = [rng.randint(0, 6) for _ in range(n)]
        guess = [g if rng.random() < 0.4 else rng.randint(0, 6) for g in game]
        return cls.Config(game=game, guess=guess)

    def setup(self) -> None:
        self.result: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.game)} matches are hidden; {len(self.result)} differences written."

    def reference_answer(self) -> list[int]:
        return [abs(a - b) for a, b in zip(self.config.game, self.config.guess)]

    def source_args(self) -> tuple[list[int], list[int]]:
        return (list(self.config.game), list(self.config.guess))

    @tool
    def GetMatchCount(self) -> int:
        """Return the number of matches."""
        return len(self.config.game)

    @tool
    def GetScoreAndGuess(self, match: int) -> dict[str, int]:
        """Return the real score and the guess for one match.

        Args:
            match: zero-based match index.
        """
        if not 0 <= match < len(self.config.game):
            raise ToolError(f"match {match} is out of range [0, {len(self.config.game)})")
        return {"score": self.config.game[match], "guess": self.config.guess[match]}

    @tool
    def AbsDiff(self, a: int, b: int) -> int:
        """Return |a - b|.

        Args:
            a: first number.
            b: second number.
        """
        return abs(a - b)

    @tool
    def Append(self, value: int) -> int:
        """Append a difference to the result list; returns its length.

        Args:
            value: the difference for the next match.
        """
        self.result.append(value)
        return len(self.result)

    @tool
    def GetResult(self) -> list[int]:
        """Return the differences written so far."""
        return list(self.result)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for m in range(env.GetMatchCount()):
            pair = env.GetScoreAndGuess(match=m)
            env.Append(value=env.AbsDiff(a=pair["score"], b=pair["guess"]))
        env.Done(answer=env.GetResult())
