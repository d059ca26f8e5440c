"""Is one string a subsequence of another? Two pointers over two hidden strings."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (12, 16), "medium": (30, 45), "hard": (70, 90)}


def solve(s: str, t: str) -> bool:
    """Independent reference: consume t with an iterator."""
    it = iter(t)
    return all(ch in it for ch in s)


class IsSubsequenceEnv(Environment):
    """Two strings s and t are hidden. Answer true if s is a subsequence of t (s can be obtained by deleting
    characters of t without reordering), else false. The answer is a boolean."""

    class Config(BaseModel):
        s: str
        t: str

    answer_type = bool
    meta = EnvMeta(source="classic: is subsequence (LeetCode 392)", license="original", split="train",
                   tags=("two pointers", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        t = "".join(rng.choice("abcd") for _ in range(n))
        picks = sorted(rng.sample(range(n), max(2, n // 4)))
        s = "".join(t[i] for i in picks)
        if rng.random() < 0.5:  # break it (usually)
            i = rng.randrange(len(s))
            s = s[:i] + rng.choice("abcd") + s[i + 1:] + rng.choice("abcd")
        return cls.Config(s=s, t=t)

    def setup(self) -> None:
        self.i = 0  # pointer into s
        self.j = 0  # pointer into t

    def observe(self) -> str:
        return (f"s has {len(self.config.s)} characters and t has {len(self.config.t)}. "
                f"Pointers: s at {self.i}, t at {self.j}.")

    def reference_answer(self) -> bool:
        i = 0
        for ch in self.config.t:
            if i < len(self.config.s) and self.config.s[i] == ch:
                i += 1
        return i == len(self.config.s)

    def source_args(self) -> tuple[str, str]:
        return (self.config.s, self.config.t)

    @tool
    def GetLengths(self) -> dict[str, int]:
        """Return the lengths of s and t."""
        return {"s": len(self.config.s), "t": len(self.config.t)}

    @tool
    def GetPointers(self) -> dict[str, int]:
        """Return the current positions of the pointers into s and t."""
        return {"s": self.i, "t": self.j}

    @tool
    def CharsMatch(self) -> bool:
        """Whether s and t have the same character at the current pointers (false if either is past its end)."""
        if self.i >= len(self.config.s) or self.j >= len(self.config.t):
            return False
        return self.config.s[self.i] == self.config.t[self.j]

    @tool
    def Advance(self, which: str) -> dict[str, int]:
        """Move a pointer one character forward: "both" after a match, or "t" to skip a character of t.

        Args:
            which: "both" or "t".
        """
        if which not in ("both", "t"):
            raise ToolError('which must be "both" or "t"')
        if self.j >= len(self.config.t):
            raise ToolError("t is exhausted")
        if which == "both":
            if self.i >= len(self.config.s):
                raise ToolError("s is exhausted")
            self.i += 1
        self.j += 1
        return {"s": self.i, "t": self.j}

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        sizes = env.GetLengths()
        p = env.GetPointers()
        while p["s"] < sizes["s"] and p["t"] < sizes["t"]:
            p = env.Advance(which="both" if env.CharsMatch() else "t")
        env.Done(answer=p["s"] == sizes["s"])
