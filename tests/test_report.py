"""The HTML report at library scale: every trajectory (paged, messages gzip-embedded), a per-environment view that
stays readable at 300 environments, and nothing loaded from the network."""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent_runners.metrics import summarize_run
from agent_runners.report import TRAJECTORY_CHUNK, TRAJECTORY_PAGE, render_report
from codegym_mcp.cli import main
from codegym_mcp.store import Store

N_ENVS, TASKS = 300, 2
HOSTILE = "</script><script>alert(1)</script>"


def trajectories_in(html: str) -> tuple[list[dict], list[list]]:
    """The episode index and every episode's messages, decoded as the page's script decodes them."""
    blob = re.search(r"<script type='application/json' id='traj-data'>(.*?)</script>", html, re.S)
    assert blob, "no embedded trajectory data"
    data = json.loads(blob.group(1))
    messages = [ep for chunk in data["chunks"] for ep in json.loads(gzip.decompress(base64.b64decode(chunk)))]
    assert data["chunk"] == TRAJECTORY_CHUNK and len(messages) == len(data["episodes"])
    return data["episodes"], messages


def synthesize(db: Path) -> str:
    """A run over N_ENVS environments written straight into a store (playing that many is slow): env i solves
    i % 5 of 4 tasks' worth of episodes, so pass@1 varies; a few episodes errored or unfinished."""
    store = Store(db)
    run_id = store.create_run(kind="eval", agent="scripted", split="test")
    for i in range(N_ENVS):
        env = f"Env{i:03d}"
        for t in range(TASKS):
            ep = store.start_episode(env=env, task_id=f"test-{t:03d}", run_id=run_id, split="test", difficulty="easy")
            store.log_message(ep, 0, "user", f"task of {env} #{t}")
            store.log_message(ep, 1, "assistant", "", tool_calls=[{"name": "Done", "arguments": {"answer": i}}])
            store.log_message(ep, 2, "tool", f"answer of {env} #{t}", name="Done", kind="tool_error" if t else None)
            if i == 7 and t == 1:
                continue  # still running
            if i == 11:
                store.end_episode(ep, status="errored", reward=None, steps=1, end_reason="timeout", error="tool call timed out")
                continue
            solved = (i % 5) > 2 * t  # env i%5==0 never solved; i%5>=3 always
            store.end_episode(ep, status="terminated", reward=1.0 if solved else 0.0, steps=1 + t, end_reason="done")
    hostile = store.start_episode(env=HOSTILE, task_id="test-000", run_id=run_id, split="test")
    store.log_message(hostile, 0, "user", HOSTILE)
    store.end_episode(hostile, status="terminated", reward=0.0, steps=0, end_reason="done")
    store.finish_run(run_id)
    store.close()
    return run_id


@pytest.fixture(scope="module")
def big_run(tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "runs.db"
    run_id = synthesize(db)
    store = Store(db)
    return db, run_id, store, render_report(store, run_id)


def test_every_trajectory_is_embedded_with_its_own_messages(big_run):
    db, run_id, store, html = big_run
    episodes = store.episodes(run_id)
    assert len(episodes) == N_ENVS * TASKS + 1 > 300  # more than the old cap
    index, messages = trajectories_in(html)
    assert len(index) == len(episodes)
    assert f"<h2>Trajectories ({len(episodes):,})</h2>" in html and f"All {len(episodes):,} episodes" in html
    for ep, item, msgs in zip(episodes, index, messages):
        assert item["k"] == f"{ep['env']} {ep['task_id']} #{ep['sample']}"
        stored = store.messages(ep["id"])
        assert [m[0] for m in msgs] == [m["role"] for m in stored]
        assert [m[3] for m in msgs if m[0] == "user"] == [m["content"] for m in stored if m["role"] == "user"]
    by_key = {item["k"]: (item, msgs) for item, msgs in zip(index, messages)}
    item, msgs = by_key["Env042 test-001 #0"]
    assert msgs[1][3].endswith('→ Done({"answer": 42})') and msgs[2] == ["tool", "tool (Done) [tool_error]", True, "answer of Env042 #1"]
    assert by_key["Env011 test-000 #0"][0]["s"] == "errored" and "tool call timed out" in by_key["Env011 test-000 #0"][0]["l"]
    assert by_key["Env007 test-001 #0"][0]["s"] == "unfinished"


def test_status_filter_counts_and_pager(big_run):
    _, run_id, store, html = big_run
    index, _ = trajectories_in(html)
    for status in ("success", "failure", "errored", "unfinished"):
        n = sum(item["s"] == status for item in index)
        assert f"<option value='{status}'>{status} ({n:,})</option>" in html
    assert html.count("<div class='pager'>") == 2 and f'"page":{TRAJECTORY_PAGE}' in html


def test_max_trajectories_keeps_the_first_and_says_so(big_run):
    _, run_id, store, _ = big_run
    html = render_report(store, run_id, max_trajectories=10)
    index, messages = trajectories_in(html)
    assert len(index) == 10 and f"The first 10 of the run's {N_ENVS * TASKS + 1:,} episodes" in html


def test_per_environment_view_is_sorted_with_pass1_and_its_ci(big_run):
    _, run_id, store, html = big_run
    summary = summarize_run(store, run_id)
    assert len(summary["per_env"]) == N_ENVS + 1
    heat = re.search(r"<div class='heat'>(.*?)</div>", html, re.S).group(1)
    cells = re.findall(r'<a href="#env-([^"]+)" style="background:([^"]+)" title="([^"]+)"', heat)
    assert len(cells) == N_ENVS + 1
    table = re.search(r'<table class="sortable" id="envs">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<tr id="env-([^"]+)"><td>[^<]*</td>(?:<td data-v="[^"]*">[^<]*</td>){3}<td data-v="([^"]*)">', table)
    assert [r[0] for r in rows] == [c[0] for c in cells]  # the heatmap and the table share one order
    pass1 = [float(v) if v else None for _, v in rows]
    scored = [v for v in pass1 if v is not None]
    assert scored == sorted(scored, reverse=True) and pass1[-1] is None  # best first; the all-errored env last
    by_env = {r["env"]: r for r in summary["per_env"]}
    ci = by_env["Env003"]["pass_at"]["1"]["ci"]
    assert f'Env003: pass@1 100.0% (95% CI {100 * ci[0]:.1f}%-{100 * ci[1]:.1f}%), 2 episodes' in html
    assert "Env011: pass@1 -, 2 episodes" in html
    never = sum(1 for r in summary["per_env"] if r["pass_at"].get("1", {}).get("value") == 0)
    assert f"{never} never solved" in html and never == N_ENVS // 5 + 1


def test_page_is_self_contained_and_escapes_what_it_embeds(big_run):
    _, _, _, html = big_run
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html) and "<link" not in html and "@import" not in html
    assert HOSTILE not in html and "alert(1)" in html  # the name is there, escaped, in the table, heatmap and data
    index, messages = trajectories_in(html)
    assert any(item["k"].startswith(HOSTILE) for item in index) and [["user", "user", False, HOSTILE]] in messages


def test_report_command_writes_all_trajectories_and_says_how_many(big_run, tmp_path):
    db, run_id, _, _ = big_run
    page = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", run_id, "--html", str(page), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{N_ENVS + 1} environments, {N_ENVS * TASKS + 1} trajectories" in result.output
    assert len(trajectories_in(page.read_text())[0]) == N_ENVS * TASKS + 1
    capped = CliRunner().invoke(main, ["report", run_id, "--html", str(page), "--db", str(db), "--max-trajectories", "5"])
    assert f"5 of {N_ENVS * TASKS + 1} trajectories" in capped.output and len(trajectories_in(page.read_text())[0]) == 5


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium for a headless browser")
def test_a_browser_pages_filters_and_opens_trajectories(big_run, tmp_path):
    """The page's script in a real (headless, offline) browser: page 2, a filter, one trajectory opened."""
    _, _, _, html = big_run
    drive = ("<script>addEventListener('load',()=>{go(1);document.getElementById('x1').textContent="
             "document.querySelector('.range').textContent;const q=document.getElementById('q');q.value='Env042 ';filt();"
             "document.querySelectorAll('#traj details')[1].open=true;const th=document.querySelectorAll('#envs th')[4];"
             "sortBy(th);const asc=document.querySelector('#envs tbody tr').id;sortBy(th);"
             "document.getElementById('x2').textContent=asc+' '+document.querySelector('#envs tbody tr').id;"
             "});</script><p id='x1'></p><p id='x2'></p>")
    page = tmp_path / "drive.html"
    page.write_text(html.replace("</body>", drive + "</body>"))
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout
    total = N_ENVS * TASKS + 1
    assert f"<p id=\"x1\">{TRAJECTORY_PAGE + 1}-{2 * TRAJECTORY_PAGE} of {total:,} · page 2 of {-(-total // TRAJECTORY_PAGE)}</p>" in dom
    assert f"1-2 of 2 (filtered from {total}) · page 1 of 1" in dom
    assert '<p id="x2">env-Env011 env-Env003</p>' in dom  # pass@1 ascending: unscored first; descending: best first
    assert "task of Env042 #1" in dom and "answer of Env042 #1" in dom and "task of Env042 #0" not in dom


def test_a_summary_in_hand_is_not_computed_again(big_run, monkeypatch):
    _, run_id, store, html = big_run
    summary = summarize_run(store, run_id)

    def again(*args, **kwargs):
        raise AssertionError("summarize_run called again")

    monkeypatch.setattr("agent_runners.report.summarize_run", again)
    assert render_report(store, run_id, summary=summary) == html
