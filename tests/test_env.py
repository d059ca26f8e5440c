"""The environment contract: schemas from signatures, definition errors, answer matching, episode rules."""

from __future__ import annotations

import random

import pytest
from pydantic import BaseModel

from codegym_mcp.env import EnvDefinitionError, Environment, ToolError, answers_match, tool
from codegym_mcp.episode import Episode, NativeBackend, ToolProxy


class CounterEnv(Environment):
    """Count how many hidden numbers are even. The answer is an integer."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = int

    @classmethod
    def generate(cls, rng: random.Random, difficulty):
        return cls.Config(numbers=[rng.randint(0, 99) for _ in range({"easy": 5, "medium": 20, "hard": 60}[difficulty])])

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers are hidden; running total {self.total}."

    def reference_answer(self) -> int:
        return sum(1 for n in self.config.numbers if n % 2 == 0)

    @tool
    def GetNumber(self, index: int, verbose: bool = False) -> int | str:
        """Read one hidden number.

        Args:
            index: zero-based position.
            verbose: say more than the number.
        """
        if not 0 <= index < len(self.config.numbers):
            raise ToolError(f"index {index} out of range")
        n = self.config.numbers[index]
        return f"number {n}" if verbose else n

    @tool
    def AddOne(self) -> int:
        """Add one to the running total and return it."""
        self.total += 1
        return self.total

    @tool
    def Crash(self) -> int:
        """A tool with a bug in it."""
        return 1 // 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        count = 0
        i = 0
        while True:
            try:
                n = env.GetNumber(index=i)
            except ToolError:
                break
            if n % 2 == 0:
                count = env.AddOne()
            i += 1
        env.Done(answer=count)


def make(numbers=(1, 2, 4), **kw) -> Episode:
    return Episode(NativeBackend(CounterEnv, {"numbers": list(numbers)}), **kw)


def test_schema_comes_from_signature_and_docstring():
    infos = {t.name: t for t in CounterEnv.tool_infos()}
    assert list(infos) == ["Observe", "Done", "GetNumber", "AddOne", "Crash"]
    schema = infos["GetNumber"].input_schema
    assert schema["type"] == "object"
    assert schema["properties"]["index"] == {"type": "integer", "description": "zero-based position."}
    assert schema["properties"]["verbose"]["default"] is False
    assert schema["required"] == ["index"]
    assert infos["GetNumber"].description == "Read one hidden number."
    assert infos["Done"].input_schema["properties"]["answer"]["type"] == "integer"


@pytest.mark.parametrize(
    "body, message",
    [
        ("def T(self, x) -> int:\n    '''Doc.\n\n    Args:\n        x: a value.\n    '''\n    return 1", "no type annotation"),
        ("def T(self, x: int) -> int:\n    return 1", "needs a docstring"),
        ("def T(self, x: int) -> int:\n    '''Doc without args.'''\n    return 1", "not described"),
        ("def T(self) -> set:\n    '''Doc.'''\n    return set()", "not JSON-serializable"),
        ("def T(self):\n    '''Doc.'''\n    return 1", "return annotation"),
        ("def T(self) -> int:\n    '''Doc.\n\n    Args:\n        ghost: not a parameter.\n    '''\n    return 1", "unknown parameter"),
    ],
)
def test_bad_tool_definition_fails_at_class_creation(body, message):
    namespace: dict = {}
    src = "class Bad(Environment):\n    '''Doc.'''\n    class Config(BaseModel):\n        x: int = 0\n    @staticmethod\n    def oracle(env):\n        pass\n    @tool\n" + "\n".join("    " + line for line in body.splitlines())
    with pytest.raises(EnvDefinitionError) as err:
        exec(src, {"Environment": Environment, "BaseModel": BaseModel, "tool": tool}, namespace)
    assert message in str(err.value)
    assert "Bad.T" in str(err.value)


def test_duplicate_tool_name_and_non_static_oracle_are_rejected():
    with pytest.raises(EnvDefinitionError, match="duplicate tool name 'X'"):
        class Dup(Environment):
            """Doc."""

            class Config(BaseModel):
                pass

            @tool(name="X")
            def a(self) -> int:
                """A."""
                return 1

            @tool(name="X")
            def b(self) -> int:
                """B."""
                return 2

            @staticmethod
            def oracle(env):
                pass

    with pytest.raises(EnvDefinitionError, match="staticmethod"):
        class Peeker(Environment):
            """Doc."""

            class Config(BaseModel):
                pass

            def oracle(self, env):  # could read private state: refused
                pass


@pytest.mark.parametrize(
    "given, reference",
    [("2", 2), (2.0, 2), (" 2 ", 2), ("[1, 2]", (1, 2)), ([1, 2], "[1,2]"), ("True", True), ("null", None),
     ("{'a': 1}", {"a": 1}), ("hello", "hello"), (" hello ", "hello"), (0.1 + 0.2, 0.3)],
)
def test_answers_match_in_meaning(given, reference):
    assert answers_match(given, reference)


@pytest.mark.parametrize(
    "given, reference",
    [("3", 2), (2.5, 2), ("[2, 1]", [1, 2]), ([1, 2, 3], [1, 2]), (True, 1), (1, True), ("he llo", "hello"),
     ("2", "two"), (None, 0), ({"a": 1}, {"a": 2}), ("1e400", 1)],
)
def test_answers_never_accept_a_wrong_answer(given, reference):
    assert not answers_match(given, reference)


def test_oracle_solves_through_tools_only_and_steps_are_counted():
    ep = make([2, 3, 4, 6])
    CounterEnv.oracle(ToolProxy(ep))
    assert ep.terminated and not ep.truncated and ep.reward == 1.0
    assert ep.steps == 1 + 5 + 3 + 1  # Observe, 4 reads + 1 failed read, 3 AddOne, Done


def test_done_text_follows_codegym_form_and_reveal_policy():
    ep = make([2, 4])
    assert ep.call("Done", {"answer": "2"}).text == "Your answer: 2, Reference answer: 2, Result: Correct, reward=1"
    hidden = make([2, 4], reveal_answer=False)
    text = hidden.call("Done", {"answer": 5}).text
    assert text == "Your answer: 5, Result: Incorrect, reward=0" and "Reference" not in text
    assert hidden.reward == 0.0 and hidden.terminated


def test_after_done_every_tool_is_an_error_and_done_cannot_repeat():
    ep = make()
    ep.call("Done", {"answer": 2})
    again = ep.call("Done", {"answer": 1})
    assert again.is_error and "over" in again.text
    assert ep.call("Observe").is_error
    assert ep.reward == 1.0 and ep.steps == 1


def test_step_limit_truncates_with_reward_zero():
    ep = make(max_steps=3)
    for _ in range(3):
        last = ep.call("AddOne")
    assert ep.truncated and not ep.terminated and ep.reward == 0.0
    assert "Step limit" in last.text
    assert ep.call("Done", {"answer": 2}).is_error


def test_agent_mistakes_are_tool_errors_and_count_as_steps():
    ep = make()
    bad = [ep.call("GetNumber", {"index": 99}), ep.call("GetNumber", {"index": "x"}), ep.call("GetNumber", {}),
           ep.call("GetNumber", {"index": 0, "extra": 1}), ep.call("Nope", {}), ep.call("Done", {"wrong": 1})]
    assert all(r.is_error for r in bad)
    assert "out of range" in bad[0].text and "index" in bad[1].text and "missing" in bad[2].text
    assert "unexpected" in bad[3].text and "Available tools" in bad[4].text
    assert ep.steps == 6 and not ep.done


def test_env_bug_marks_episode_errored_without_blaming_agent():
    ep = make()
    result = ep.call("Crash")
    assert result.is_error and "not your fault" in result.text and "ZeroDivisionError" in result.text
    assert ep.errored and ep.reward is None and ep.error


def test_generation_is_deterministic_per_seed():
    a = CounterEnv.make_config(7, "hard")
    assert a == CounterEnv.make_config(7, "hard")
    assert a != CounterEnv.make_config(8, "hard")
    with pytest.raises(ValueError):
        CounterEnv.make_config(1, "impossible")
