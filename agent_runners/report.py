"""A self-contained HTML report of a run: summary, inline SVG plots, tables and browsable trajectories.

No external assets: the page is one file you can mail or attach to a pull request.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections import Counter
from html import escape
from typing import Any

from codegym_mcp.store import Store

from .metrics import summarize_run

__all__ = ["render_report"]

TRAJECTORY_CHUNK = 32  # episodes per compressed block of messages
TRAJECTORY_PAGE = 50  # trajectories listed per page

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}.cards{display:flex;gap:1em;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.4em}
details{border:1px solid #ddd;border-radius:4px;margin:4px 0;padding:2px 8px}summary{cursor:pointer}
.ok{color:#17803d}.bad{color:#b42318}.err{color:#9a6700}
.msg{margin:4px 0;padding:4px 8px;border-left:3px solid #ccc;white-space:pre-wrap;font:12px/1.4 ui-monospace,monospace}
.system{border-color:#888;background:#f6f6f6}.user{border-color:#2563eb}.assistant{border-color:#7c3aed}.tool{border-color:#059669}
.tool.error{border-color:#b42318}.role{font-weight:bold;font-family:system-ui}
.heat{display:flex;flex-wrap:wrap;gap:2px;margin:.5em 0}.heat a{width:15px;height:15px;border-radius:2px;display:block}
.heat a:hover{outline:2px solid #222}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:middle}
.scroll{max-height:34em;overflow:auto;border:1px solid #eee}.scroll table{margin:0;width:100%}
.sortable td{white-space:nowrap}.sortable td,.sortable th{padding:3px 8px}.sortable tr{scroll-margin-top:2.2em}.sortable th{position:sticky;top:0;z-index:1;background:#fafafa;cursor:pointer;user-select:none;white-space:nowrap}
.sortable th:after{content:" \\2195";color:#bbb}.sortable th.asc:after{content:" \\2191";color:#222}
.sortable th.desc:after{content:" \\2193";color:#222}tr:target{background:#fff3c4}
.ci{display:inline-block;position:relative;width:80px;height:12px;background:#eee;vertical-align:middle;margin-right:8px}
.ci b{position:absolute;left:0;top:2px;bottom:2px;background:#93b4f5}
.ci i{position:absolute;top:1px;bottom:1px;min-width:1px;box-sizing:border-box;border-left:2px solid #1e3a8a;
border-right:2px solid #1e3a8a;background:linear-gradient(#1e3a8a,#1e3a8a) center/100% 2px no-repeat}
.pager{display:flex;gap:.6em;align-items:center;flex-wrap:wrap;margin:.5em 0}
"""

# Sortable tables: a click on a header sorts by the cells' data-v (numbers) or text.
# Trajectories: an index of every episode plus their messages in gzip chunks, decompressed when one is opened.
_JS = """
function sortBy(th){const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),b=t.tBodies[0];
const asc=!th.classList.contains('asc');for(const h of th.parentNode.children)h.classList.remove('asc','desc');
th.classList.add(asc?'asc':'desc');const key=r=>{const c=r.children[i],v=c.dataset.v;
return v===undefined?c.textContent.toLowerCase():(v===''?-1:parseFloat(v));};
[...b.rows].sort((x,y)=>{const a=key(x),c=key(y);return (a<c?-1:a>c?1:0)*(asc?1:-1);}).forEach(r=>b.appendChild(r));}
function envFilter(q){q=q.toLowerCase();for(const r of document.querySelectorAll('#envs tbody tr'))
r.style.display=r.id.toLowerCase().includes(q)?'':'none';}
let PAGE=50,EPS=[],CHUNKS=[],CHUNK=1,shown=[],page=0;const cache={};
function chunk(i){if(!cache[i])cache[i]=(async()=>{const bin=Uint8Array.from(atob(CHUNKS[i]),c=>c.charCodeAt(0));
const s=new Blob([bin]).stream().pipeThrough(new DecompressionStream('gzip'));return JSON.parse(await new Response(s).text());})();
return cache[i];}
function el(tag,cls,text){const e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e;}
const CSS={success:'ok',failure:'bad',errored:'err',unfinished:'err'},ROLES=['system','user','assistant','tool'];
async function load(d,i){try{const msgs=(await chunk(Math.floor(i/CHUNK)))[i%CHUNK];
if(!msgs.length)d.append(el('p','','no messages recorded'));
for(const [role,label,err,body] of msgs){const m=el('div','msg '+(ROLES.includes(role)?role:'')+(err?' error':''));
m.append(el('span','role',label),'\\n'+body);d.append(m);}}
catch(e){d.append(el('p','bad','could not read this trajectory ('+e+'); it needs a browser with DecompressionStream'));}}
function filt(){const s=document.getElementById('status').value,q=document.getElementById('q').value.toLowerCase();
shown=[];EPS.forEach((e,i)=>{if((!s||e.s===s)&&(!q||e.k.toLowerCase().includes(q)))shown.push(i);});page=0;draw();}
function go(p){page=p;draw();}
const f=n=>n.toLocaleString('en-US');
function draw(){const n=shown.length,pages=Math.max(1,Math.ceil(n/PAGE));page=Math.max(0,Math.min(page,pages-1));
const box=document.getElementById('traj');box.replaceChildren();
for(const i of shown.slice(page*PAGE,(page+1)*PAGE)){const e=EPS[i],d=el('details'),sm=el('summary');
sm.append(el('span',CSS[e.s],e.s),' '+e.l);d.append(sm);
d.addEventListener('toggle',()=>{if(d.open&&!d.dataset.loaded){d.dataset.loaded=1;load(d,i);}});box.append(d);}
const a=n?page*PAGE+1:0,b=Math.min(n,(page+1)*PAGE);
for(const p of document.querySelectorAll('.pager')){p.querySelector('.range').textContent=
`${a}-${b} of ${f(n)}`+(n<EPS.length?` (filtered from ${f(EPS.length)})`:'')+` · page ${page+1} of ${f(pages)}`;
p.querySelector('.prev').disabled=page===0;p.querySelector('.next').disabled=page>=pages-1;}}
addEventListener('DOMContentLoaded',()=>{const data=document.getElementById('traj-data');if(!data)return;
const j=JSON.parse(data.textContent);EPS=j.episodes;CHUNKS=j.chunks;CHUNK=j.chunk;PAGE=j.page;filt();});
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


def _pass1(r: dict[str, Any]) -> float | None:
    p1 = r["pass_at"].get("1")
    return None if p1 is None else p1["value"]


def _ci_bar(p1: dict[str, Any] | None) -> str:
    """pass@1 as a bar, its 95% CI as a whisker over it (CSS only)."""
    if p1 is None:
        return "-"
    v, (lo, hi) = p1["value"], p1["ci"]
    return (f'<span class="ci" title="95% CI {_pct(lo)}-{_pct(hi)} over {p1["tasks"]} tasks"><b style="width:{100 * v:.1f}%"></b>'
            f'<i style="left:{100 * lo:.1f}%;width:{100 * (hi - lo):.1f}%"></i></span>{_pct(v)}')


def _table(rows: list[dict[str, Any]], key: str, ks: list[int], *, anchors: bool = False) -> str:
    """A sortable table (click a header) of per-group rates, pass@1 drawn with its 95% CI."""
    k_max = str(ks[-1]) if ks else "1"
    head = [key, "episodes", "errored", "success", "pass@1", "95% CI"] + ([f"pass@{k_max}"] if k_max != "1" else [])
    head += ["steps", "oracle steps"]
    out = ['<table class="sortable"' + (' id="envs"' if anchors else "") + "><thead><tr>"
           + "".join(f'<th onclick="sortBy(this)">{escape(h)}</th>' for h in head) + "</tr></thead><tbody>"]

    def num(v: float | None, text: str) -> str:  # data-v: what the column sorts by ("" sorts first)
        return f'<td data-v="{"" if v is None else f"{v:.6g}"}">{text}</td>'

    for r in rows:
        p1 = r["pass_at"].get("1")
        cells = [f"<td>{escape(str(r[key]))}</td>", num(r["episodes"], str(r["episodes"])), num(r["errored"], str(r["errored"])),
                 num(r["success_rate"], _pct(r["success_rate"])), num(_pass1(r), _ci_bar(p1)),
                 num(p1["ci"][1] - p1["ci"][0] if p1 else None, f'{100 * p1["ci"][0]:.0f}-{100 * p1["ci"][1]:.0f}%' if p1 else "-")]
        if k_max != "1":
            pk = r["pass_at"].get(k_max)
            cells.append(num(pk["value"] if pk else None, _pct(pk["value"]) if pk else "-"))
        so = r["steps_vs_oracle"]
        cells += [num(r["mean_steps"], _num(r["mean_steps"])), num(so["mean_oracle_steps"], _num(so["mean_oracle_steps"]))]
        row_id = f' id="env-{escape(str(r[key]), quote=True)}"' if anchors else ""
        out.append(f"<tr{row_id}>" + "".join(cells) + "</tr>")
    return "".join(out) + "</tbody></table>"


def _heat_color(v: float | None) -> str:
    """Red (0) through yellow to green (1); grey when nothing was scored."""
    return "#d0d0d0" if v is None else f"hsl({120 * v:.0f},65%,{48 - 8 * v:.0f}%)"


def _by_pass1(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best first; unscored last; ties by name."""
    return sorted(rows, key=lambda r: (_pass1(r) is None, -(_pass1(r) or 0), -(r["success_rate"] or 0), str(r["env"])))


def _env_section(per_env: list[dict[str, Any]], ks: list[int]) -> str:
    """Per-environment results that stay readable at hundreds of envs: a heatmap strip (one cell per env,
    sorted by pass@1) over a scrolling, sortable, filterable table."""
    rows = _by_pass1(per_env)
    values = [_pass1(r) for r in rows]
    never = sum(v == 0 for v in values)
    always = sum(v == 1 for v in values)
    unscored = sum(v is None for v in values)
    cells = "".join(
        f'<a href="#env-{escape(r["env"], quote=True)}" style="background:{_heat_color(v)}" '
        f'title="{escape(r["env"], quote=True)}: pass@1 {_pct(v)}'
        + (f' (95% CI {_pct(r["pass_at"]["1"]["ci"][0])}-{_pct(r["pass_at"]["1"]["ci"][1])})' if v is not None else "")
        + f', {r["episodes"]} episodes"></a>' for r, v in zip(rows, values))
    legend = ("<p class='legend'>pass@1: " + " ".join(f'<i style="background:{_heat_color(x)}"></i>' for x in (0, .25, .5, .75, 1))
              + f' 0% to 100%, <i style="background:{_heat_color(None)}"></i> nothing scored. '
              f"{len(rows)} environments, best first: {always} always solved, {never} never solved"
              + (f", {unscored} without a scored episode" if unscored else "") + ". Hover a cell for its name; click to find its row.</p>")
    table = ('<p><input placeholder="filter environments" oninput="envFilter(this.value)"> '
             "click a column header to sort</p><div class='scroll'>" + _table(rows, "env", ks, anchors=True) + "</div>")
    return f"<div class='heat'>{cells}</div>{legend}{table}"


def _status(ep: dict[str, Any]) -> str:
    if ep["status"] == "errored":
        return "errored"
    if ep["status"] in ("running", "interrupted"):
        return "unfinished"
    return "success" if (ep["reward"] or 0) >= 1 else "failure"


def _message_row(m: dict[str, Any]) -> list[Any]:
    """[role, label, is_error, body] of one message, as the page's script draws it."""
    label = m["role"] + (f" ({m['name']})" if m["name"] else "") + (f" [{m['kind']}]" if m["kind"] else "")
    body = m["content"] or ""
    if m["tool_calls"]:
        calls = json.loads(m["tool_calls"])
        body += "".join(f"\n→ {c['name']}({c['raw'] if c.get('raw') is not None else json.dumps(c.get('arguments'))})"
                        for c in calls)
    return [m["role"], label, m["kind"] in ("tool_error", "parse_error"), body]


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


def _trajectory_data(store: Store, episodes: list[dict[str, Any]]) -> str:
    """Every episode's summary line, and their messages as base64 gzip chunks of TRAJECTORY_CHUNK episodes
    (a page of thousands of trajectories stays a few MB and opens at once: a chunk is inflated only when
    one of its trajectories is opened)."""
    messages: dict[str, list[list[Any]]] = {e["id"]: [] for e in episodes}
    if episodes:
        run_id = episodes[0]["run_id"]
        for m in store.query("select episode_id, role, name, kind, content, tool_calls from messages where episode_id in "
                             "(select id from episodes where run_id = ?) order by episode_id, idx, id", [run_id]):
            if m["episode_id"] in messages:
                messages[m["episode_id"]].append(_message_row(m))
    index = []
    for ep in episodes:
        status = _status(ep)
        key = f"{ep['env']} {ep['task_id']} #{ep['sample']}"
        line = f"{key} · reward {ep['reward']} · {ep['steps']} calls · {ep['turns'] or 0} turns · {ep['end_reason'] or ''}"
        if ep["error"]:
            line += f" · {ep['error'].splitlines()[0][:120]}"
        index.append({"s": status, "k": key, "l": line})
    chunks = []
    for i in range(0, len(episodes), TRAJECTORY_CHUNK):
        part = [messages[e["id"]] for e in episodes[i:i + TRAJECTORY_CHUNK]]
        raw = json.dumps(part, separators=(",", ":")).encode()
        chunks.append(base64.b64encode(gzip.compress(raw, mtime=0)).decode())
    return _script_json({"episodes": index, "chunks": chunks, "chunk": TRAJECTORY_CHUNK, "page": TRAJECTORY_PAGE})


def render_report(store: Store, run_id: str, *, max_trajectories: int | None = None,
                  summary: dict[str, Any] | None = None) -> str:
    """The HTML page for a run, with every trajectory (or the first `max_trajectories`). `summary`: the run's
    `summarize_run`, if the caller has it already (its bootstraps take seconds at hundreds of envs)."""
    summary = summary or summarize_run(store, run_id)
    run, overall, ks = summary["run"], summary["overall"], summary["ks"]
    episodes = store.episodes(run_id)
    p1 = overall["pass_at"].get("1")
    cards = [("episodes", str(overall["episodes"])), ("success rate", _pct(overall["success_rate"])),
             ("pass@1", (f'{_pct(p1["value"])}<br><small>95% CI {_pct(p1["ci"][0])}-{_pct(p1["ci"][1])}</small>' if p1 else "-")),
             ("errored", str(overall["errored"])), ("mean tool calls", _num(overall["mean_steps"])),
             ("oracle steps", _num(overall["steps_vs_oracle"]["mean_oracle_steps"])),
             ("tokens in / out", f'{overall["input_tokens"]:,} / {overall["output_tokens"]:,}'),
             ("environments", str(len(summary["per_env"])))]
    for k in ks[1:]:
        cards.append((f"pass@{k}", _pct(overall["pass_at"][str(k)]["value"]) if str(k) in overall["pass_at"] else "-"))
    html = [f"<!doctype html><html><head><meta charset='utf-8'><title>codegym-mcp run {escape(run_id)}</title>",
            f"<style>{_CSS}</style><script>{_JS}</script></head><body>",
            f"<h1>Run {escape(run_id)}: {escape(run['agent'] or '')}</h1>",
            f"<p>kind {escape(run['kind'] or '')} · split {escape(run['split'] or '')} · status {escape(run['status'] or '')}"
            f" · {summary['unfinished']} unfinished</p>",
            '<div class="cards">' + "".join(f'<div class="card">{escape(k)}<b>{v}</b></div>' for k, v in cards) + "</div>"]
    html.append(f"<h2>Success by environment ({len(summary['per_env'])})</h2>")
    html.append(_env_section(summary["per_env"], ks))
    html.append("<h2>Success by difficulty</h2>")
    html.append(_bars([(r["difficulty"], r["success_rate"], f'({r["scored"]} scored)') for r in summary["per_difficulty"]],
                      "success by difficulty"))
    html.append(_table(summary["per_difficulty"], "difficulty", ks))
    html.append("<h2>Tool calls per episode</h2>" + _histogram(episodes))
    reasons = summary["errors"]["end_reasons"]
    html.append("<h2>Why episodes were not solved</h2>" + ("<table><tr><th>end reason</th><th>episodes</th></tr>"
                + "".join(f"<tr><td>{escape(str(r))}</td><td>{n}</td></tr>" for r, n in reasons.items()) + "</table>"
                if reasons else "<p>Every scored episode was solved.</p>"))
    if summary["errors"]["errored"]:
        html.append("<table><tr><th>errored</th><th>message</th><th>count</th></tr>" + "".join(
            f"<tr><td>{escape(e['end_reason'])}</td><td>{escape(e['error'])}</td><td>{e['count']}</td></tr>"
            for e in summary["errors"]["errored"]) + "</table>")
    kept = episodes if max_trajectories is None else episodes[:max_trajectories]
    counts = Counter(_status(e) for e in kept)
    pager = ("<div class='pager'><button class='prev' onclick='go(page-1)'>&lsaquo; previous</button>"
             "<span class='range'></span><button class='next' onclick='go(page+1)'>next &rsaquo;</button></div>")
    html.append(f"<h2>Trajectories ({len(episodes):,})</h2><p>"
                + (f"The first {len(kept):,} of the run's {len(episodes):,} episodes. " if len(kept) < len(episodes)
                   else f"All {len(episodes):,} episodes of the run, {TRAJECTORY_PAGE} a page. ")
                + "Click one to read it.</p><p><select id='status' onchange='filt()'>"
                + f"<option value=''>all ({len(kept):,})</option>"
                + "".join(f"<option value='{s}'>{s} ({counts[s]:,})</option>" for s in ("success", "failure", "errored", "unfinished"))
                + "</select> <input id='q' placeholder='filter by env or task' oninput='filt()'></p>"
                + pager + "<div id='traj'></div>" + pager
                + "<noscript><p>The trajectory browser needs JavaScript.</p></noscript>"
                + f"<script type='application/json' id='traj-data'>{_trajectory_data(store, kept)}</script>")
    html.append("</body></html>")
    return "\n".join(html)
