"""Word break: which prefixes of a hidden string split into dictionary words, extended one word at a time."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

# (string length range, dictionary size range)
SIZES = {"easy": ((8, 14), (3, 4)), "medium": ((16, 26), (4, 6)), "hard": ((30, 42), (6, 8))}
LETTERS = "abcd"


def solve(s: str, words: list[str]) -> bool:
    """Independent reference: breadth-first search over start positions, trying every word at each one."""
    seen, queue = {0}, deque([0])
    while queue:
        start = queue.popleft()
        if start == len(s):
            return True
        for w in words:
            end = start + len(w)
            if s.startswith(w, start) and end not in seen:
                seen.add(end)
                queue.append(end)
    return False


class WordBreakEnv(Environment):
    """A string s of lowercase letters and a dictionary of distinct words are hidden. Answer true if s can be
    split into a sequence of one or more dictionary words (a word may be used many times), else false. The
    answer is a boolean. Tools track which positions p are reachable, meaning s[0:p] splits into words;
    position 0 starts reachable."""

    class Config(BaseModel):
        s: str
        words: list[str]

    answer_type = bool
    meta = EnvMeta(source="classic: word break (LeetCode 139)", license="original", split="test",
                   tags=("dp", "string"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (nlo, nhi), (mlo, mhi) = SIZES[difficulty]
        want = rng.random() < 0.5
        while True:  # retry until the outcome is the one drawn, so both answers are common
            words = sorted({"".join(rng.choices(LETTERS, k=rng.randint(2, 5))) for _ in range(rng.randint(mlo, mhi))})
            s, target = "", rng.randint(nlo, nhi)
            while len(s) < target:
                s += rng.choice(words)
            if not want:  # one changed letter usually breaks every split
                i = rng.randrange(len(s))
                s = s[:i] + rng.choice(LETTERS.replace(s[i], "")) + s[i + 1:]
            if solve(s, words) == want:
                return cls.Config(s=s, words=words)

    def setup(self) -> None:
        self.reachable: set[int] = {0}

    def observe(self) -> str:
        return (f"A string of length {len(self.config.s)} and {len(self.config.words)} dictionary words are hidden. "
                f"Reachable positions so far: {len(self.reachable)}.")

    def reference_answer(self) -> bool:
        s = self.config.s
        ok = [True] + [False] * len(s)
        for end in range(1, len(s) + 1):
            ok[end] = any(len(w) <= end and ok[end - len(w)] and s[end - len(w):end] == w for w in self.config.words)
        return ok[-1]

    def source_args(self) -> tuple[str, list[str]]:
        return (self.config.s, list(self.config.words))

    def _check_word(self, index: int) -> None:
        if not 0 <= index < len(self.config.words):
            raise ToolError(f"word index {index} is out of range [0, {len(self.config.words)})")

    @tool
    def GetStringLength(self) -> int:
        """Return the length of the hidden string."""
        return len(self.config.s)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of the hidden string.

        Args:
            index: zero-based position, 0 <= index < string length.
        """
        if not 0 <= index < len(self.config.s):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.s)})")
        return self.config.s[index]

    @tool
    def GetWordCount(self) -> int:
        """Return how many words the dictionary holds."""
        return len(self.config.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one dictionary word.

        Args:
            index: zero-based word index, 0 <= index < word count.
        """
        self._check_word(index)
        return self.config.words[index]

    @tool
    def Extend(self, start: int, word_index: int) -> int:
        """From a reachable position, read one dictionary word that occurs there in the string and mark the
        position just after it reachable. Returns that end position.

        Args:
            start: a reachable position.
            word_index: index of a word that appears in the string starting at position start.
        """
        self._check_word(word_index)
        if start not in self.reachable:
            raise ToolError(f"position {start} is not reachable yet")
        word = self.config.words[word_index]
        if not self.config.s.startswith(word, start):
            raise ToolError(f"word {word_index} ('{word}') does not occur at position {start}")
        self.reachable.add(start + len(word))
        return start + len(word)

    @tool
    def IsReachable(self, position: int) -> bool:
        """Whether s[0:position] is known to split into dictionary words.

        Args:
            position: 0 <= position <= string length.
        """
        if not 0 <= position <= len(self.config.s):
            raise ToolError(f"position {position} is out of range [0, {len(self.config.s)}]")
        return position in self.reachable

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetStringLength()
        s = "".join(env.GetChar(index=i) for i in range(n))
        words = [env.GetWord(index=i) for i in range(env.GetWordCount())]
        reached = {0}  # mirrors the env's marks so each end position is extended to once
        for start in range(n):
            if start not in reached:
                continue
            for w, word in enumerate(words):
                if s.startswith(word, start) and start + len(word) not in reached:
                    reached.add(env.Extend(start=start, word_index=w))
        env.Done(answer=env.IsReachable(position=n))
