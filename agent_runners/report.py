"""A self-contained HTML report of a run: summary, inline SVG plots, tables and browsable trajectories.

No external assets: the page is one file you can mail or attach to a pull request.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from codegym_mcp.store import Store

from .metrics import summarize_run

__all__ = ["render_report"]

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.4em}
details{border:1px solid #ddd;border-radius:4px;margin:4px 0;padding:2px 8px}summary{cursor:pointer}
.ok{color:#17803d}.bad{color:#b42318}.err{color:#9a6700}
.msg{margin:4px 0;padding:4px 8px;border-left:3px solid #ccc;white-space:pre-wrap;font:12px/1.4 ui-monospace,monospace}
.system{border-color:#888;background:#f6f6f6}.user{border-color:#2563eb}.assistant{border-color:#7c3aed}.tool{border-color:#059669}
.tool.error{border-color:#b42318}.role{font-weight:bold;font-family:system-ui}
"""

_JS = """
function filt(){const s=document.getElementById('status').value,q=document.getElementById('q').value.toLowerCase();
for(const d of document.querySelectorAll('#traj details')){const okS=!s||d.dataset.status===s;
const okQ=!q||d.dataset.key.toLowerCase().includes(q);d.style.display=okS&&okQ?'':'none';}}
"""


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _num(v: float | None, digits: int = 1) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _bars(rows: list[tuple[str, float | None, str]], title: str) -> str:
    """Horizontal bars of rates in [0, 1], with a label and a note per row."""
    label_w, bar_w, row_h = 220, 420, 22
    height = row_h * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 140}" height="{height}" role="img">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value, note) in enumerate(rows):
        y = 20 + i * row_h
        width = 0 if value is None else max(1.0, bar_w * value)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12">{escape(label[:32])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="{row_h - 6}" fill="#f0f0f0"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{width:.1f}" height="{row_h - 6}" fill="#2563eb"/>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}" font-size="12">{escape(_pct(value))} {escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(episodes: list[dict[str, Any]]) -> str:
    """Step counts of scored episodes, successes and failures stacked."""
    scored = [e for e in episodes if e["status"] not in ("running", "interrupted", "errored")]
    if not scored:
        return "<p>No scored episodes.</p>"
    top = max(e["steps"] or 0 for e in scored)
    nbins = min(20, max(1, top + 1))
    width = max(1, -(-(top + 1) // nbins))
    ok = [0] * nbins
    bad = [0] * nbins
    for e in scored:
        b = min(nbins - 1, (e["steps"] or 0) // width)
        (ok if (e["reward"] or 0) >= 1 else bad)[b] += 1
    peak = max(o + b for o, b in zip(ok, bad)) or 1
    w, h, bw = 640, 200, 640 // nbins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 20}" height="{h + 40}" role="img"><title>steps</title>']
    for i in range(nbins):
        x = 10 + i * bw
        hok, hbad = h * ok[i] / peak, h * bad[i] / peak
        parts.append(f'<rect x="{x}" y="{h - hok:.1f}" width="{bw - 2}" height="{hok:.1f}" fill="#17803d"><title>{ok[i]} solved</title></rect>')
        parts.append(f'<rect x="{x}" y="{h - hok - hbad:.1f}" width="{bw - 2}" height="{hbad:.1f}" fill="#b42318"><title>{bad[i]} failed</title></rect>')
        if i % max(1, nbins // 10) == 0:
            parts.append(f'<text x="{x}" y="{h + 14}" font-size="11">{i * width}</text>')
    parts.append(f'<text x="10" y="{h + 32}" font-size="11">tool calls per episode (green: solved, red: failed)</text></svg>')
    return "".join(parts)


def _table(rows: list[dict[str, Any]], key: str, ks: list[int]) -> str:
    k_max = str(ks[-1]) if ks else "1"
    head = [key, "episodes", "errored", "success", "pass@1 (95% CI)"] + ([f"pass@{k_max}"] if k_max != "1" else [])
    head += ["steps", "oracle steps"]
    out = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    for r in rows:
        p1 = r["pass_at"].get("1")
        p1s = f'{_pct(p1["value"])} ({_pct(p1["ci"][0])}-{_pct(p1["ci"][1])})' if p1 else "-"
        cells = [r[key], r["episodes"], r["errored"], _pct(r["success_rate"]), p1s]
        if k_max != "1":
            pk = r["pass_at"].get(k_max)
            cells.append(_pct(pk["value"]) if pk else "-")
        so = r["steps_vs_oracle"]
        cells += [_num(r["mean_steps"]), _num(so["mean_oracle_steps"])]
        out.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    return "".join(out) + "</table>"


def _status(ep: dict[str, Any]) -> str:
    if ep["status"] == "errored":
        return "errored"
    if ep["status"] in ("running", "interrupted"):
        return "unfinished"
    return "success" if (ep["reward"] or 0) >= 1 else "failure"


def _message_html(m: dict[str, Any]) -> str:
    role = m["role"]
    extra = " error" if m["kind"] in ("tool_error", "parse_error") else ""
    label = role + (f" ({m['name']})" if m["name"] else "") + (f" [{m['kind']}]" if m["kind"] else "")
    body = escape(m["content"] or "")
    if m["tool_calls"]:
        calls = json.loads(m["tool_calls"])
        body += "".join(f"\n→ {escape(c['name'])}({escape(c['raw'] if c.get('raw') is not None else json.dumps(c.get('arguments')))})"
                        for c in calls)
    return f'<div class="msg {role}{extra}"><span class="role">{escape(label)}</span>\n{body}</div>'


def render_report(store: Store, run_id: str, *, max_trajectories: int = 300) -> str:
    """The HTML page for a run."""
    summary = summarize_run(store, run_id)
    run, overall, ks = summary["run"], summary["overall"], summary["ks"]
    episodes = store.episodes(run_id)
    p1 = overall["pass_at"].get("1")
    cards = [("episodes", str(overall["episodes"])), ("success rate", _pct(overall["success_rate"])),
             ("pass@1", (f'{_pct(p1["value"])}<br><small>95% CI {_pct(p1["ci"][0])}-{_pct(p1["ci"][1])}</small>' if p1 else "-")),
             ("errored", str(overall["errored"])), ("mean tool calls", _num(overall["mean_steps"])),
             ("oracle steps", _num(overall["steps_vs_oracle"]["mean_oracle_steps"])),
             ("tokens in / out", f'{overall["input_tokens"]:,} / {overall["output_tokens"]:,}')]
    for k in ks[1:]:
        cards.append((f"pass@{k}", _pct(overall["pass_at"][str(k)]["value"]) if str(k) in overall["pass_at"] else "-"))
    html = [f"<!doctype html><html><head><meta charset='utf-8'><title>codegym-mcp run {escape(run_id)}</title>",
            f"<style>{_CSS}</style><script>{_JS}</script></head><body>",
            f"<h1>Run {escape(run_id)}: {escape(run['agent'] or '')}</h1>",
            f"<p>kind {escape(run['kind'] or '')} · split {escape(run['split'] or '')} · status {escape(run['status'] or '')}"
            f" · {summary['unfinished']} unfinished</p>",
            '<div class="cards">' + "".join(f'<div class="card">{escape(k)}<b>{v}</b></div>' for k, v in cards) + "</div>"]
    html.append("<h2>Success by environment</h2>")
    html.append(_bars([(r["env"], r["success_rate"], f'({r["scored"]} scored)') for r in summary["per_env"]], "success by environment"))
    html.append(_table(summary["per_env"], "env", ks))
    html.append("<h2>Success by difficulty</h2>")
    html.append(_bars([(r["difficulty"], r["success_rate"], f'({r["scored"]} scored)') for r in summary["per_difficulty"]],
                      "success by difficulty"))
    html.append(_table(summary["per_difficulty"], "difficulty", ks))
    html.append("<h2>Tool calls per episode</h2>" + _histogram(episodes))
    reasons = summary["errors"]["end_reasons"]
    html.append("<h2>Why episodes were not solved</h2><table><tr><th>end reason</th><th>episodes</th></tr>"
                + "".join(f"<tr><td>{escape(str(r))}</td><td>{n}</td></tr>" for r, n in reasons.items()) + "</table>")
    if summary["errors"]["errored"]:
        html.append("<table><tr><th>errored</th><th>message</th><th>count</th></tr>" + "".join(
            f"<tr><td>{escape(e['end_reason'])}</td><td>{escape(e['error'])}</td><td>{e['count']}</td></tr>"
            for e in summary["errors"]["errored"]) + "</table>")
    html.append("<h2>Trajectories</h2><p><select id='status' onchange='filt()'><option value=''>all</option>"
                "<option>success</option><option>failure</option><option>errored</option><option>unfinished</option></select> "
                "<input id='q' placeholder='filter by env or task' oninput='filt()'>"
                + (f" (first {max_trajectories} of {len(episodes)})" if len(episodes) > max_trajectories else "") + "</p><div id='traj'>")
    css = {"success": "ok", "failure": "bad", "errored": "err", "unfinished": "err"}
    for ep in episodes[:max_trajectories]:
        status = _status(ep)
        key = f"{ep['env']} {ep['task_id']} #{ep['sample']}"
        line = (f"<span class='{css[status]}'>{status}</span> {escape(key)} · reward {ep['reward']} · "
                f"{ep['steps']} calls · {ep['turns'] or 0} turns · {escape(ep['end_reason'] or '')}")
        if ep["error"]:
            line += f" · {escape(ep['error'].splitlines()[0][:120])}"
        body = "".join(_message_html(m) for m in store.messages(ep["id"]))
        html.append(f"<details data-status='{status}' data-key='{escape(key, quote=True)}'><summary>{line}</summary>{body}</details>")
    html.append("</div></body></html>")
    return "\n".join(html)
