"""Top k frequent elements of a hidden array: count occurrences through a tally the environment keeps."""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (6, 9), "medium": (25, 40), "hard": (80, 110)}


def solve(nums: list[int], k: int) -> list[int]:
    """Independent reference: Counter.most_common (the k-th and (k+1)-th counts never tie here)."""
    return sorted(v for v, _ in Counter(nums).most_common(k))


class TopKFrequentEnv(ArrayEnv):
    """An array of integers and a number k are hidden. Return the k values that occur most often in the array
    (the k-th most frequent value is always strictly more frequent than any value outside the top k). The answer
    is a list of k integers in increasing order of value."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: top k frequent elements (LeetCode 347)", license="original", split="train",
                   tags=("hashing", "counting"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        while True:
            m = rng.randint(3, max(3, n // 3))  # distinct values
            k = rng.randint(1, min(m - 1, 2 if difficulty == "easy" else 5))
            freq = sorted((rng.randint(1, 6) for _ in range(m - 1)), reverse=True)
            freq.append(n - sum(freq))
            freq.sort(reverse=True)
            if freq[-1] >= 1 and freq[k - 1] > freq[k]:
                break
        values = rng.sample(range(-30, 60), m)
        nums = [v for v, f in zip(values, freq) for _ in range(f)]
        rng.shuffle(nums)
        return cls.Config(nums=nums, k=k)

    def setup(self) -> None:
        self.counts: Counter[int] = Counter()

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} integers and a number k are hidden. "
                f"Distinct values tallied: {len(self.counts)}.")

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    def reference_answer(self) -> list[int]:
        counts: dict[int, int] = {}
        for x in self.config.nums:
            counts[x] = counts.get(x, 0) + 1
        buckets: list[list[int]] = [[] for _ in range(len(self.config.nums) + 1)]  # bucket sort by frequency
        for v, c in counts.items():
            buckets[c].append(v)
        top = [v for b in reversed(buckets) for v in b]
        return sorted(top[: self.config.k])

    @tool
    def GetK(self) -> int:
        """Return k, how many of the most frequent values to report."""
        return self.config.k

    @tool
    def Tally(self, value: int) -> int:
        """Count one more occurrence of a value; returns how many times it has been tallied so far.

        Args:
            value: the value seen.
        """
        self.counts[value] += 1
        return self.counts[value]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        count: dict[int, int] = {}
        for i in range(n):
            x = env.GetElement(index=i)
            count[x] = env.Tally(value=x)
        top = sorted(count, key=lambda v: -count[v])[:k]
        env.Done(answer=sorted(top))
