"""Gas station: find the start from which a car can drive around a circular route (greedy, one pass)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (12, 20), "hard": (35, 45)}


def solve(gas: list[int], cost: list[int]) -> int:
    """Independent reference: simulate a trip from every start."""
    n = len(gas)
    for start in range(n):
        tank = 0
        for step in range(n):
            i = (start + step) % n
            tank += gas[i] - cost[i]
            if tank < 0:
                break
        else:
            return start
    return -1


class GasStationEnv(Environment):
    """Stations on a circular route are hidden: station i gives gas[i] fuel, and driving from station i to the
    next costs cost[i]. With an empty tank, from which station can you drive around the whole route once?
    Return the smallest such index, or -1 if none exists. The answer is an integer."""

    class Config(BaseModel):
        gas: list[int]
        cost: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: gas station (LeetCode 134)", license="original", split="train", tags=("greedy",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        gas = [rng.randint(0, 9) for _ in range(n)]
        cost = [rng.randint(0, 9) for _ in range(n)]
        return cls.Config(gas=gas, cost=cost)

    def setup(self) -> None:
        self.tank = 0
        self.surplus = 0

    def observe(self) -> str:
        return f"{len(self.config.gas)} stations are hidden. Tank: {self.tank}; total surplus: {self.surplus}."

    def reference_answer(self) -> int:
        return solve(self.config.gas, self.config.cost)

    def source_args(self) -> tuple[list[int], list[int]]:
        return (list(self.config.gas), list(self.config.cost))

    @tool
    def GetStationCount(self) -> int:
        """Return the number of stations."""
        return len(self.config.gas)

    @tool
    def GetNetGain(self, station: int) -> int:
        """Return gas[station] - cost[station]: fuel gained by refuelling there and driving to the next station.

        Args:
            station: zero-based station index.
        """
        if not 0 <= station < len(self.config.gas):
            raise ToolError(f"station {station} is out of range [0, {len(self.config.gas)})")
        return self.config.gas[station] - self.config.cost[station]

    @tool
    def Drive(self, gain: int) -> int:
        """Add a station's net gain to both the tank and the total surplus; returns the tank.

        Args:
            gain: the net gain of the station just passed.
        """
        self.tank += gain
        self.surplus += gain
        return self.tank

    @tool
    def EmptyTank(self) -> int:
        """Reset the tank to 0 (restart the trip at the next station); returns 0."""
        self.tank = 0
        return 0

    @tool
    def GetSurplus(self) -> int:
        """Return the total surplus over all stations passed."""
        return self.surplus

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        start = 0
        for i in range(env.GetStationCount()):
            if env.Drive(gain=env.GetNetGain(station=i)) < 0:
                env.EmptyTank()
                start = i + 1
        env.Done(answer=start if env.GetSurplus() >= 0 else -1)
