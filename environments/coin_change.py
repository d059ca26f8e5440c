"""Coin change: relax a table of fewest-coins counts, one (amount, coin) pair at a time."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

# (coin count range, largest coin, target amount range); coins * amount bounds the oracle's relax calls
SIZES = {"easy": ((3, 4), 8, (8, 15)), "medium": ((5, 6), 12, (16, 24)), "hard": ((6, 7), 20, (26, 36))}


def solve(coins: list[int], amount: int) -> int:
    """Independent reference: breadth-first search over reachable sums (each level adds one coin)."""
    seen, queue = {0}, deque([(0, 0)])
    while queue:
        total, used = queue.popleft()
        if total == amount:
            return used
        for c in coins:
            if total + c <= amount and total + c not in seen:
                seen.add(total + c)
                queue.append((total + c, used + 1))
    return -1


class CoinChangeEnv(Environment):
    """A list of distinct coin denominations (positive integers, unlimited supply of each) and a target amount
    are hidden. Find the fewest coins whose values add up exactly to the amount, or -1 if no combination
    does. The answer is an integer. Tools keep a table best[x] of the fewest coins known to make each
    amount x, starting with best[0] = 0 and every other amount unreachable."""

    class Config(BaseModel):
        coins: list[int]
        amount: int

    answer_type = int
    meta = EnvMeta(source="classic: coin change (LeetCode 322)", license="original", split="train",
                   tags=("dp", "knapsack"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (klo, khi), top, (alo, ahi) = SIZES[difficulty]
        k, amount = rng.randint(klo, khi), rng.randint(alo, ahi)
        if rng.random() < 0.3:  # every coin shares a factor the amount lacks: the answer is -1
            g = rng.choice((2, 3))
            coins = rng.sample(range(g, max(top, g * (k + 1)) + 1, g), k)
            amount += 1 if amount % g == 0 else 0
        else:
            coins = rng.sample(range(2 if rng.random() < 0.7 else 1, top + 1), k)
        return cls.Config(coins=coins, amount=amount)

    def setup(self) -> None:
        self.best: dict[int, int] = {0: 0}

    def observe(self) -> str:
        return (f"{len(self.config.coins)} coin denominations and a target amount are hidden. "
                f"{len(self.best) - 1} positive amounts are known to be reachable.")

    def reference_answer(self) -> int:
        inf = self.config.amount + 1
        best = [0] + [inf] * self.config.amount
        for x in range(1, self.config.amount + 1):
            best[x] = min([best[x - c] + 1 for c in self.config.coins if c <= x], default=inf)
        return best[-1] if best[-1] < inf else -1

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.coins), self.config.amount)

    @tool
    def GetCoinCount(self) -> int:
        """Return how many coin denominations there are."""
        return len(self.config.coins)

    @tool
    def GetCoin(self, index: int) -> int:
        """Return the value of one coin denomination.

        Args:
            index: zero-based position, 0 <= index < coin count.
        """
        if not 0 <= index < len(self.config.coins):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.coins)})")
        return self.config.coins[index]

    @tool
    def GetAmount(self) -> int:
        """Return the target amount."""
        return self.config.amount

    @tool
    def Relax(self, amount: int, coin: int) -> int:
        """Improve best[amount] with one more coin on top of best[amount - coin]:
        best[amount] = min(best[amount], best[amount - coin] + 1). Returns best[amount], or -1 if still unreachable.

        Args:
            amount: 1 <= amount <= the target amount.
            coin: one of the coin denominations, at most amount.
        """
        if not 1 <= amount <= self.config.amount:
            raise ToolError(f"amount {amount} is out of range [1, {self.config.amount}]")
        if coin not in self.config.coins:
            raise ToolError(f"{coin} is not one of the coin denominations")
        if coin > amount:
            raise ToolError(f"coin {coin} is larger than amount {amount}")
        if amount - coin in self.best:
            self.best[amount] = min(self.best.get(amount, amount + 1), self.best[amount - coin] + 1)
        return self.best.get(amount, -1)

    @tool
    def GetBest(self, amount: int) -> int:
        """Return best[amount]: the fewest coins known to make it, or -1 if it is not known to be reachable.

        Args:
            amount: 0 <= amount <= the target amount.
        """
        if not 0 <= amount <= self.config.amount:
            raise ToolError(f"amount {amount} is out of range [0, {self.config.amount}]")
        return self.best.get(amount, -1)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        coins = [env.GetCoin(index=i) for i in range(env.GetCoinCount())]
        target = env.GetAmount()
        for coin in coins:  # unbounded knapsack: ascending amounts let each coin be reused
            for amount in range(coin, target + 1):
                env.Relax(amount=amount, coin=coin)
        env.Done(answer=env.GetBest(amount=target))
