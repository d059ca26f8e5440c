"""Best time to buy and sell a stock once, explored one price at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 10), "medium": (20, 35), "hard": (45, 60)}


def solve(prices: list[int]) -> int:
    """Independent reference: try every buy/sell pair."""
    return max([0] + [prices[j] - prices[i] for i in range(len(prices)) for j in range(i + 1, len(prices))])


class StockProfitEnv(Environment):
    """Daily stock prices are hidden. You may buy once and sell once on a later day. Find the largest profit
    (0 if no trade makes money). The answer is an integer."""

    class Config(BaseModel):
        prices: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: best time to buy and sell stock (LeetCode 121)", license="original",
                   split="test", tags=("greedy", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        price = rng.randint(50, 150)
        prices = []
        for _ in range(n):
            price = max(1, price + rng.randint(-12, 10))
            prices.append(price)
        return cls.Config(prices=prices)

    def setup(self) -> None:
        self.lowest: int | None = None
        self.best = 0

    def observe(self) -> str:
        low = "none yet" if self.lowest is None else str(self.lowest)
        return f"Prices for {len(self.config.prices)} days are hidden. Lowest price recorded: {low}; best profit recorded: {self.best}."

    def reference_answer(self) -> int:
        best, low = 0, self.config.prices[0]
        for p in self.config.prices:
            low = min(low, p)
            best = max(best, p - low)
        return best

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.prices),)

    @tool
    def GetDays(self) -> int:
        """Return the number of days."""
        return len(self.config.prices)

    @tool
    def GetPrice(self, day: int) -> int:
        """Return the price on a day.

        Args:
            day: zero-based day, 0 <= day < number of days.
        """
        if not 0 <= day < len(self.config.prices):
            raise ToolError(f"day {day} is out of range [0, {len(self.config.prices)})")
        return self.config.prices[day]

    @tool
    def RecordLowest(self, price: int) -> int:
        """Keep the lower of the recorded lowest price and a price; returns the lowest so far.

        Args:
            price: a price seen so far.
        """
        self.lowest = price if self.lowest is None else min(self.lowest, price)
        return self.lowest

    @tool
    def ProfitIfSold(self, price: int) -> int:
        """Profit of selling at a price after buying at the recorded lowest price (error if none recorded).

        Args:
            price: the selling price.
        """
        if self.lowest is None:
            raise ToolError("no lowest price recorded yet: call RecordLowest first")
        return price - self.lowest

    @tool
    def RecordProfit(self, profit: int) -> int:
        """Keep the larger of the recorded best profit and a profit; returns the best so far.

        Args:
            profit: a candidate profit.
        """
        self.best = max(self.best, profit)
        return self.best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best = 0
        for day in range(env.GetDays()):
            price = env.GetPrice(day=day)
            env.RecordLowest(price=price)
            best = env.RecordProfit(profit=env.ProfitIfSold(price=price))
        env.Done(answer=best)
