"""The Gymnasium wrapper: passes Gymnasium's own checker, in-process and over MCP."""

from __future__ import annotations

import json

import gymnasium
import pytest
from gymnasium.utils.env_checker import check_env

from codegym_mcp import gym as cgym
from codegym_mcp.server import http_app

from .conftest import oracle_calls


def oracle_actions(task_id: str) -> list[str]:
    return [json.dumps({"name": n, "arguments": a}) for n, a in oracle_calls("BinarySearchEnv", task_id)]


def test_passes_gymnasium_check_env():
    env = cgym.make("codegym/BinarySearchEnv", difficulty="easy")
    check_env(env.unwrapped if hasattr(env, "unwrapped") else env, skip_render_check=True)


def test_episode_through_the_wrapper():
    env = cgym.make("codegym/BinarySearchEnv", task="train-005")
    obs, info = env.reset()
    assert "sorted array" in obs and "GetElement(index)" in obs and info["task_id"] == "train-005"
    bad = env.step("not json")
    assert bad[1] == 0.0 and not bad[2] and bad[4]["parse_error"]
    err = env.step(json.dumps({"name": "GetElement", "parameters": {"index": -3}}))
    assert err[4]["is_error"] and "out of range" in err[0]
    for action in oracle_actions("train-005"):
        obs, reward, terminated, truncated, info = env.step(action)
    assert terminated and not truncated and reward == 1.0 and "Correct" in obs
    with pytest.raises(RuntimeError):
        env.step(action)
    env.close()


def test_same_seed_same_task_and_truncation():
    a = cgym.make("codegym/BinarySearchEnv", seed=11, max_steps=2)
    b = cgym.make("codegym/BinarySearchEnv", seed=11)
    assert a.reset()[0] == b.reset()[0]
    assert a.reset(seed=11)[1] == b.reset(seed=11)[1]
    a.step('{"name": "GetLength"}')
    *_, terminated, truncated, _ = a.step('{"name": "GetLength"}')
    assert truncated and not terminated


def test_gymnasium_make_after_registration():
    ids = cgym.register_envs()
    assert "codegym/BinarySearchEnv" in ids
    env = gymnasium.make("codegym/BinarySearchEnv", task="test-000")
    obs, _ = env.reset()
    assert "Tools:" in obs


def test_remote_over_mcp_http(http_server):
    base = http_server(http_app())
    env = cgym.make("codegym/BinarySearchEnv", url=base, task="train-005")
    try:
        obs, _ = env.reset()
        assert "sorted array" in obs
        for action in oracle_actions("train-005"):
            obs, reward, terminated, truncated, info = env.step(action)
        assert terminated and reward == 1.0 and info["state"]["steps"] == len(oracle_actions("train-005"))
    finally:
        env.close()
