"""Course schedule: can every course be taken? Kahn's topological sort driven through tools."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 30)}


def solve(num_courses: int, prerequisites: list[list[int]]) -> bool:
    """Independent reference: depth-first search that looks for a back edge (white/grey/black colouring)."""
    needs: list[list[int]] = [[] for _ in range(num_courses)]
    for course, pre in prerequisites:
        needs[course].append(pre)
    color = [0] * num_courses  # 0 unseen, 1 on the current path, 2 finished

    def has_cycle(c: int) -> bool:
        color[c] = 1
        for p in needs[c]:
            if color[p] == 1 or (color[p] == 0 and has_cycle(p)):
                return True
        color[c] = 2
        return False

    return not any(color[c] == 0 and has_cycle(c) for c in range(num_courses))


def _graph(n: int, pairs: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """For each course, the courses that need it directly, and how many prerequisites it has."""
    dependents: list[list[int]] = [[] for _ in range(n)]
    remaining = [0] * n
    for course, pre in pairs:
        dependents[pre].append(course)
        remaining[course] += 1
    return dependents, remaining


class CourseScheduleEnv(Environment):
    """There are num_courses courses numbered 0..num_courses-1, and hidden prerequisite pairs [a, b] meaning
    course b must be taken before course a. Answer true if it is possible to take all courses, or false if the
    prerequisites form a cycle. The answer is a boolean."""

    class Config(BaseModel):
        num_courses: int
        prerequisites: list[list[int]]

    answer_type = bool
    meta = EnvMeta(source="classic: course schedule (LeetCode 207)", license="original", split="test",
                   tags=("graph", "topological sort"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        order = rng.sample(range(n), n)  # a hidden topological order: edges only go forward in it
        edges: set[tuple[int, int]] = set()
        for _ in range(rng.randint(n, 2 * n)):
            i, j = sorted(rng.sample(range(n), 2))
            edges.add((order[i], order[j]))  # order[i] is a prerequisite of order[j]
        if rng.random() < 0.5:  # close a cycle: some course becomes a prerequisite of its own ancestor
            start = rng.choice(sorted({u for u, _ in edges}))
            below, stack = set(), [start]
            while stack:
                u = stack.pop()
                for a, b in edges:
                    if a == u and b not in below:
                        below.add(b)
                        stack.append(b)
            edges.add((rng.choice(sorted(below)), start))
        pairs = [[b, a] for a, b in sorted(edges)]
        rng.shuffle(pairs)
        return cls.Config(num_courses=n, prerequisites=pairs)

    def setup(self) -> None:
        self.dependents, self.remaining = _graph(self.config.num_courses, self.config.prerequisites)
        self.taken: set[int] = set()

    def observe(self) -> str:
        return (f"{self.config.num_courses} courses with hidden prerequisites. "
                f"Courses taken so far: {len(self.taken)}.")

    def reference_answer(self) -> bool:
        n = self.config.num_courses
        dependents, remaining = _graph(n, self.config.prerequisites)  # fresh: TakeCourse changes self.remaining
        ready = deque(c for c in range(n) if remaining[c] == 0)
        done = 0
        while ready:
            c = ready.popleft()
            done += 1
            for d in dependents[c]:
                remaining[d] -= 1
                if remaining[d] == 0:
                    ready.append(d)
        return done == n

    def source_args(self) -> tuple[int, list[list[int]]]:
        return (self.config.num_courses, [list(p) for p in self.config.prerequisites])

    def _check(self, course: int) -> None:
        if not 0 <= course < self.config.num_courses:
            raise ToolError(f"course {course} does not exist: courses are 0..{self.config.num_courses - 1}")

    @tool
    def GetNumCourses(self) -> int:
        """Return the number of courses."""
        return self.config.num_courses

    @tool
    def GetRemainingPrereqs(self, course: int) -> int:
        """Return how many prerequisites of a course have not been taken yet.

        Args:
            course: the course number.
        """
        self._check(course)
        return self.remaining[course]

    @tool
    def GetDependents(self, course: int) -> list[int]:
        """Return the courses that list this course as a direct prerequisite, in increasing order.

        Args:
            course: the course number.
        """
        self._check(course)
        return sorted(self.dependents[course])

    @tool
    def TakeCourse(self, course: int) -> int:
        """Take a course whose prerequisites have all been taken; returns how many courses are taken now.

        Args:
            course: the course number.
        """
        self._check(course)
        if course in self.taken:
            raise ToolError(f"course {course} was already taken")
        if self.remaining[course]:
            raise ToolError(f"course {course} still has {self.remaining[course]} prerequisite(s) not taken")
        self.taken.add(course)
        for d in self.dependents[course]:
            self.remaining[d] -= 1
        return len(self.taken)

    @tool
    def CountTaken(self) -> int:
        """Return how many courses have been taken."""
        return len(self.taken)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetNumCourses()
        ready = [c for c in range(n) if env.GetRemainingPrereqs(course=c) == 0]
        while ready:
            course = ready.pop()
            env.TakeCourse(course=course)
            for d in env.GetDependents(course=course):
                if env.GetRemainingPrereqs(course=d) == 0:  # its last prerequisite was just taken
                    ready.append(d)
        env.Done(answer=env.CountTaken() == n)
