"""CodeGym-format env files and veRL instance rows in the layout of CodeGym's release, written by us.

Each file holds one gymnasium.Env subclass with no docstring (as released); the statement lives only in
the instance prompt after `Question:`. Class names repeat across files (`<problem id>__<Class>.py`).
Variants: "ok", "init_raises" (the worker fails on one instance), "extra_calls" (solve() makes more
calls than solve_fc_round says), "wrong_ref" (the reference disagrees with what solve() computes).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

TEMPLATE = '''import ast
import json

import gymnasium


class {cls}(gymnasium.Env):
    def __init__(self, env_str: str = None):
        super().__init__()
        self.func_mapping = {{"Observe": 0, "GetLength": 1, "GetItem": 2, "Add": 3, "Done": 4}}
        if env_str is not None:
            self.reset(ast.literal_eval(env_str.split("@", 1)[1]))

    def reset(self, options: dict = {{}}):
        self.nums = options.get("nums", [])
        if {init_raises} and len(self.nums) > 6:
            self.nums[len(self.nums)]  # IndexError: list index out of range
        self._reward, self._done = 0, False
        return "ready", {{}}

    def get_ref_answer(self):
        return sum(self.nums) + {ref_offset}

    def step(self, action: str):
        call = json.loads(action)
        name, params = call["name"], call["parameters"]
        try:
            msg = getattr(self, name)(**params)
        except Exception as e:
            msg = f"Error: {{e}}"
        return self._done, msg, self._reward, False, {{}}

    def Observe(self):
        r"""
        Say how the task stands.

        Returns:
            str: the state.
        """
        return f"{{len(self.nums)}} numbers are hidden."

    def GetLength(self):
        r"""
        How many numbers are hidden.

        Returns:
            str: the count.
        """
        return str(len(self.nums))

    def GetItem(self, index: int):
        r"""
        One hidden number.

        Args:
            index (int): zero-based position.

        Returns:
            str: the number.
        """
        return str(self.nums[index])

    def Add(self, a: int, b: int):
        r"""
        The sum of two numbers.

        Args:
            a (int): first.
            b (int): second.

        Returns:
            str: a + b.
        """
        return str(a + b)

    def Done(self, answer):
        r"""
        Submit the answer.

        Args:
            answer (int): the total.

        Returns:
            str: the verdict.
        """
        ref = self.get_ref_answer()
        self._reward = 1 if answer == ref else 0
        self._done = True
        return f"Your answer: {{answer}}, Reference answer: {{ref}}, Result: {{'Correct' if self._reward else 'Incorrect'}}, reward={{self._reward}}"

    def solve(self):
        for _ in range({extra_calls} + 1):
            self.step(json.dumps({{"name": "Observe", "parameters": {{}}}}))
        n = int(self.step(json.dumps({{"name": "GetLength", "parameters": {{}}}}))[1])
        total = 0
        for i in range(n):
            item = int(self.step(json.dumps({{"name": "GetItem", "parameters": {{"index": i}}}}))[1])
            total = int(self.step(json.dumps({{"name": "Add", "parameters": {{"a": total, "b": item}}}}))[1])
        return self.step(json.dumps({{"name": "Done", "parameters": {{"answer": total}}}}))[1]
'''

VARIANTS = {"ok": {}, "init_raises": {"init_raises": True}, "extra_calls": {"extra_calls": 2}, "wrong_ref": {"ref_offset": 1}}
SYSTEM = '\nFunction:\n\ndef Observe():\n    r"""Say how the task stands."""\n\nFunction:\n\ndef Done(answer): ...'
RULES = "You may call the functions above, one per turn, as JSON. When you know the answer, call Done.\n\n"


def env_source(cls: str, variant: str = "ok") -> str:
    opts = {"init_raises": False, "extra_calls": 0, "ref_offset": 0, **VARIANTS[variant]}
    return TEMPLATE.format(cls=cls, **opts)


def statement(cls: str) -> str:
    return f"{cls}: a list of integers is hidden. Report the sum of all of its numbers."


def instance_row(stem: str, cls: str, nums: list[int], *, index: int, base_pass: float = 0.25,
                 fc_round: int | None = None) -> dict:
    """A veRL training instance exactly in the released layout."""
    rounds = fc_round if fc_round is not None else 2 * len(nums) + 3  # Observe, GetLength, 2 per item, Done
    return {
        "ability": f"codegym_v1@{stem}@{json.dumps({'nums': nums})}",
        "prompt": [{"role": "system", "content": SYSTEM},
                   {"role": "user", "content": RULES + "Question:\n\n" + statement(cls)}],
        "answer": "There is no answer", "code_id": stem.split("__")[0], "data_source": "codegym_gym_v1",
        "extra_info": {"index": str(index), "qwen32b_Bo4_score": base_pass, "solve_fc_round": rounds, "qwen32b_Bo8_score": None},
        "plugin_call_max_round": 256, "reward_model": {"ground_truth": None, "style": "agent_env"},
    }


def write_release(folder: Path, files: list[tuple[str, str, str]], *, per_file: int = 3, seed: int = 0) -> Path:
    """Write (stem, class, variant) env files into `folder` and their instances to `folder/instances.jsonl`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for stem, cls, variant in files:
        (folder / f"{stem}.py").write_text(env_source(cls, variant))
        for _ in range(per_file):
            nums = [rng.randint(-50, 50) for _ in range(rng.randint(4, 12))]
            rows.append(instance_row(stem, cls, nums, index=len(rows), base_pass=(0.0, 0.25, 0.5, 1.0)[len(rows) % 4]))
    path = folder / "instances.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def synthetic_release(folder: Path, n_files: int, *, per_file: int = 6, seed: int = 0) -> Path:
    """A large release-like set: distinct stems, class names that clash (a few hundred distinct), varied configs."""
    classes = [f"{w}Env" for w in ("HouseRobber", "LongestIncreasingSubsequence", "MaxGCD", "Sum", "Count", "Path")]
    files = [(f"Synth_{i:05d}_I__{classes[i % len(classes)]}", classes[i % len(classes)], "ok") for i in range(n_files)]
    return write_release(folder, files, per_file=per_file, seed=seed)
