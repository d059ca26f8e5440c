"""The inspect_ai bridge, driven by inspect's own mock model (no real LLM)."""

from __future__ import annotations

import pytest

pytest.importorskip("inspect_ai")

from inspect_ai import eval as inspect_eval  # noqa: E402
from inspect_ai.model import ModelOutput, ModelUsage, get_model  # noqa: E402

from codegym_mcp.integrations.inspect_ai import codegym_task  # noqa: E402

from .conftest import oracle_calls  # noqa: E402


def scripted(calls: list[tuple[str, dict]]) -> list[ModelOutput]:
    outputs = [ModelOutput.for_tool_call("mockllm/model", name, args) for name, args in calls]
    outputs.append(ModelOutput.from_content("mockllm/model", "finished"))
    for o in outputs:  # with usage set, the mock model does not try to download a tokenizer
        o.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
    return outputs


@pytest.mark.parametrize("right", [True, False])
def test_inspect_eval_scores_an_episode(tmp_path, right):
    calls = oracle_calls("BinarySearchEnv", "test-000")
    if not right:
        calls = calls[:2] + [("Done", {"answer": 123456})]
    task = codegym_task(envs=["BinarySearchEnv"], split="test", tasks_per_env=1)
    [log] = inspect_eval(task, model=get_model("mockllm/model", custom_outputs=scripted(calls)), display="none",
                         log_dir=str(tmp_path))
    assert log.status == "success", log.error
    sample = log.samples[0]
    assert sample.metadata == {"env": "BinarySearchEnv", "task": "test-000"}
    tool_texts = [str(m.content) for m in sample.messages if m.role == "tool"]
    assert len(tool_texts) == len(calls) and "Reference answer" not in tool_texts[-1]  # eval mode
    assert log.results.scores[0].metrics["accuracy"].value == (1.0 if right else 0.0)
