"""Scores of a run: pass@k with confidence intervals, per-environment and per-difficulty tables,
tool calls against the oracle, and the error breakdown. Everything is computed from the store's rows.

- An `errored` episode (API or environment failure) is not a failure: it is left out of every rate and
  counted in the error breakdown instead.
- pass@k is the unbiased estimator of Chen et al. (2021): per task, 1 - C(n-c, k) / C(n, k) with n scored
  samples of which c succeeded, averaged over the tasks that have at least k scored samples.
- Confidence intervals are 95% percentile bootstraps over tasks (seeded, so reports are reproducible).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from codegym_mcp.store import Store

__all__ = ["bootstrap_ci", "compare_runs", "pass_at_k", "summarize_run"]

UNFINISHED = ("running", "interrupted")
RESAMPLES = 1000


def pass_at_k(n: int, c: int, k: int) -> float:
    """Probability that at least one of k samples drawn without replacement from n (c correct) is correct."""
    if k > n:
        raise ValueError(f"pass@{k} needs at least {k} samples, got {n}")
    if n - c < k:
        return 1.0
    miss = 1.0
    for i in range(k):
        miss *= (n - c - i) / (n - i)
    return 1.0 - miss


def bootstrap_ci(values: Sequence[float], *, level: float = 0.95, resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean."""
    if not values:
        return (float("nan"), float("nan"))
    if len(values) == 1:
        return (values[0], values[0])
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    lo = means[int((1 - level) / 2 * (resamples - 1))]
    hi = means[int((1 + level) / 2 * (resamples - 1))]
    return (lo, hi)


def _success(ep: dict[str, Any]) -> bool:
    return ep["reward"] is not None and ep["reward"] >= 1.0


def _ks(max_n: int) -> list[int]:
    ks = {1, max_n} | {2 ** i for i in range(1, 12) if 2 ** i <= max_n}
    return sorted(k for k in ks if k >= 1)


def _mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def _group_scores(episodes: list[dict[str, Any]], ks: Sequence[int]) -> dict[str, Any]:
    """Rates of a group of finished episodes."""
    scored = [e for e in episodes if e["status"] != "errored"]
    tasks: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for e in scored:
        tasks[(e["env"], e["task_id"])].append(_success(e))
    pass_at: dict[str, Any] = {}
    for k in ks:
        per_task = [pass_at_k(len(v), sum(v), k) for v in tasks.values() if len(v) >= k]
        if per_task:
            lo, hi = bootstrap_ci(per_task)
            pass_at[str(k)] = {"value": sum(per_task) / len(per_task), "ci": [lo, hi], "tasks": len(per_task)}
    with_oracle = [e for e in scored if e["oracle_steps"]]
    solved = [e for e in with_oracle if _success(e)]
    return {
        "episodes": len(episodes),
        "tasks": len({(e["env"], e["task_id"]) for e in episodes}),
        "scored": len(scored),
        "success": sum(_success(e) for e in scored),
        "errored": len(episodes) - len(scored),
        "success_rate": (sum(_success(e) for e in scored) / len(scored)) if scored else None,
        "pass_at": pass_at,
        "mean_steps": _mean(e["steps"] or 0 for e in scored),
        "mean_turns": _mean(e["turns"] or 0 for e in scored),
        "steps_vs_oracle": {
            "episodes": len(with_oracle),
            "mean_steps": _mean(e["steps"] or 0 for e in with_oracle),
            "mean_oracle_steps": _mean(e["oracle_steps"] for e in with_oracle),
            "mean_ratio_solved": _mean((e["steps"] or 0) / e["oracle_steps"] for e in solved),
        },
        "tool_errors": sum(e["tool_errors"] or 0 for e in episodes),
        "parse_errors": sum(e["parse_errors"] or 0 for e in episodes),
        "truncated_replies": sum(e.get("truncated_replies") or 0 for e in episodes),  # cut at the token limit
        "input_tokens": sum(e["input_tokens"] or 0 for e in episodes),
        "output_tokens": sum(e["output_tokens"] or 0 for e in episodes),
    }


def summarize_run(store: Store, run_id: str, ks: Sequence[int] | None = None) -> dict[str, Any]:
    """The evaluation report of a run, as plain JSON-ready data."""
    run = store.run(run_id)
    if run is None:
        raise ValueError(f"no run {run_id!r} in {store.path}")
    all_eps = store.episodes(run_id)
    episodes = [e for e in all_eps if e["status"] not in UNFINISHED]
    samples = Counter((e["env"], e["task_id"]) for e in episodes if e["status"] != "errored")
    ks = list(ks) if ks else _ks(max(samples.values(), default=1))
    by_env: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_difficulty: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in episodes:
        by_env[e["env"]].append(e)
        by_difficulty[e["difficulty"] or "-"].append(e)
    reasons = Counter(e["end_reason"] for e in episodes if not _success(e))
    messages = Counter((e["end_reason"], (e["error"] or "").splitlines()[0][:200] if e["error"] else "")
                       for e in episodes if e["status"] == "errored")
    order = {"easy": 0, "medium": 1, "hard": 2}
    return {
        "run": {**{k: run[k] for k in ("id", "kind", "agent", "model", "split", "created_at", "finished_at")},
                "status": store.run_status(run)},  # `interrupted` when its driver is gone
        "unfinished": len(all_eps) - len(episodes),
        "ks": ks,
        "overall": _group_scores(episodes, ks),
        "per_env": [{"env": env, **_group_scores(eps, ks)} for env, eps in sorted(by_env.items())],
        "per_difficulty": [{"difficulty": d, **_group_scores(eps, ks)}
                           for d, eps in sorted(by_difficulty.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))],
        "errors": {
            "end_reasons": dict(reasons.most_common()),
            "errored": [{"end_reason": r, "error": m, "count": n} for (r, m), n in messages.most_common(20)],
        },
    }


def _task_pass1(store: Store, run_id: str) -> dict[tuple[str, str], float]:
    tasks: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for e in store.episodes(run_id):
        if e["status"] not in UNFINISHED and e["status"] != "errored":
            tasks[(e["env"], e["task_id"])].append(_success(e))
    return {k: sum(v) / len(v) for k, v in tasks.items()}


def _paired(a: dict[tuple[str, str], float], b: dict[tuple[str, str], float], keys: list[tuple[str, str]]) -> dict[str, Any]:
    deltas = [b[k] - a[k] for k in keys]
    lo, hi = bootstrap_ci(deltas)
    return {"tasks": len(keys), "a": _mean(a[k] for k in keys), "b": _mean(b[k] for k in keys),
            "delta": _mean(deltas), "delta_ci": [lo, hi]}


def compare_runs(store: Store, run_a: str, run_b: str) -> dict[str, Any]:
    """pass@1 of B minus A per environment, on the tasks both runs scored (paired bootstrap intervals)."""
    for rid in (run_a, run_b):
        if store.run(rid) is None:
            raise ValueError(f"no run {rid!r} in {store.path}")
    a, b = _task_pass1(store, run_a), _task_pass1(store, run_b)
    common = sorted(set(a) & set(b))
    envs = sorted({env for env, _ in common})
    return {
        "a": run_a,
        "b": run_b,
        "overall": _paired(a, b, common),
        "per_env": [{"env": env, **_paired(a, b, [k for k in common if k[0] == env])} for env in envs],
        "only_a": sorted({env for env, _ in set(a) - set(b)}),
        "only_b": sorted({env for env, _ in set(b) - set(a)}),
    }
