# A small environment written in CodeGym's file format, for our loader tests.
import ast
import json

import gymnasium


class MaxGapEnv(gymnasium.Env):
    """Find the largest difference between two neighbouring numbers of a hidden list."""

    def __init__(self, env_str: str = None):
        super().__init__()
        self.OBSERVE, self.GET_LENGTH, self.GET_NUMBER, self.GAP, self.MAXIMUM, self.DONE = range(6)
        self.func_mapping = {
            "Observe": self.OBSERVE,
            "GetLength": self.GET_LENGTH,
            "GetNumber": self.GET_NUMBER,
            "Gap": self.GAP,
            "Maximum": self.MAXIMUM,
            "Done": self.DONE,
        }
        if env_str is not None:
            options = ast.literal_eval(env_str.split("@", 1)[1])
            self.reset(options)

    @staticmethod
    def from_env_str(env_str: str):
        return MaxGapEnv(env_str=env_str)

    def reset(self, options: dict = {}):
        self.numbers = options.get("numbers", [])
        self.strict = options.get("strict", False)
        self._reward = 0
        self._done = False
        self.step_count = 0
        return "MaxGapEnv ready", {}

    @property
    def finished(self) -> bool:
        return self._done

    @property
    def reward(self):
        return float(self._reward)

    def get_ref_answer(self):
        return max(abs(a - b) for a, b in zip(self.numbers, self.numbers[1:]))

    def step(self, action: str):
        self.step_count += 1
        try:
            call = json.loads(action)
            name, params = call["name"], call["parameters"]
            code = self.func_mapping[name]
            if code == self.OBSERVE:
                msg = self.Observe()
            elif code == self.GET_LENGTH:
                msg = self.GetLength()
            elif code == self.GET_NUMBER:
                msg = self.GetNumber(params["index"])
            elif code == self.GAP:
                msg = self.Gap(params["a"], params["b"])
            elif code == self.MAXIMUM:
                msg = self.Maximum(params["values"])
            elif code == self.DONE:
                msg = self.Done(params["answer"])
            else:
                msg = "Error: unknown action"
        except Exception as e:
            msg = f"Error: {e}"
        return True, msg

    def Observe(self):
        r"""
        Describe the task.

        Returns:
            str: a short description.
        """
        return f"A list of {len(self.numbers)} numbers is hidden."

    def GetLength(self):
        r"""
        Return how many numbers the list holds.

        Returns:
            str: the length.
        """
        return str(len(self.numbers))

    def GetNumber(self, index: int):
        r"""
        Return the number at an index.

        Args:
            index (int): zero-based index.

        Returns:
            str: the number.
        """
        if not 0 <= index < len(self.numbers):
            return f"Error: index {index} out of range"
        return str(self.numbers[index])

    def Gap(self, a: int, b: int):
        r"""
        Absolute difference of two numbers.

        Args:
            a (int): first number.
            b (int): second number.

        Returns:
            str: |a - b|.
        """
        return str(abs(a - b))

    def Maximum(self, values: list):
        r"""
        The largest of several numbers.

        Args:
            values (list[int]): the numbers.

        Returns:
            str: the maximum.
        """
        return str(max(values))

    def Done(self, answer):
        r"""
        Submit the answer.

        Args:
            answer (int): the largest gap.

        Returns:
            str: the verdict.
        """
        ref = self.get_ref_answer()
        correct = answer == ref
        self._reward = 1 if correct else 0
        self._done = True
        msg = f"Your answer: {answer}, Reference answer: {ref}, Result: {'Correct' if correct else 'Incorrect'}"
        return msg + f", reward={self._reward}"

    def solve(self):
        self.step(json.dumps({"name": "Observe", "parameters": {}}))
        n = int(self.step(json.dumps({"name": "GetLength", "parameters": {}}))[1])
        numbers = [int(self.step(json.dumps({"name": "GetNumber", "parameters": {"index": i}}))[1]) for i in range(n)]
        gaps = [
            int(self.step(json.dumps({"name": "Gap", "parameters": {"a": numbers[i], "b": numbers[i + 1]}}))[1])
            for i in range(n - 1)
        ]
        best = int(self.step(json.dumps({"name": "Maximum", "parameters": {"values": gaps}}))[1])
        return self.step(json.dumps({"name": "Done", "parameters": {"answer": best}}))[1]


if __name__ == "__main__":
    env = MaxGapEnv.from_env_str("MaxGapEnv@{'numbers': [3, 9, 4, 20, 18], 'strict': False}")
    print(env.solve())
