"""Stage 5: write accepted envs in the library format (or CodeGym format), then check them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .config import SynthConfig
from .stage_environment import class_name

__all__ = ['stage_export', 'verify_output']


def _native_module(env: dict[str, Any], oracle_code: str) -> str:
    cls = class_name(env["code"])
    return (env["code"].rstrip() + "\n\n\n# The oracle, written against the tool schemas only (see codegym_mcp.synth).\n"
            "from codegym_mcp.env import ToolError  # noqa: E402\n\n" + oracle_code.rstrip() + "\n\n\n"
            f"{cls}.oracle = staticmethod(oracle)\n")


def _codegym_module(env: dict[str, Any], oracle_code: str) -> str:
    """A CodeGym-format file: gymnasium class with func_mapping/step/solve around the native env."""
    native = _native_module(env, oracle_code)
    cls = class_name(env["code"])
    names = [t["name"] for t in env["tools"]]
    return native + f'''

import ast as _ast
import json as _json

import gymnasium as _gymnasium


class CodeGym{cls}(_gymnasium.Env):
    """CodeGym-format adapter of {cls}: build with "CodeGym{cls}@{{...config...}}"."""

    def __init__(self, env_str: str = None):
        super().__init__()
        self.func_mapping = {{{", ".join(f'"{n}": {i}' for i, n in enumerate(names))}}}
        self._env = None
        self._done = False
        self._reward = 0
        if env_str is not None:
            self.reset(_ast.literal_eval(env_str.split("@", 1)[1]))

    def reset(self, options: dict = {{}}):
        self._env = {cls}()
        self._env.reset(options)
        self._done, self._reward = False, 0
        return self._env.observe(), {{}}

    def get_ref_answer(self):
        return self._env.reference_answer()

    def step(self, action: str):
        call = _json.loads(action)
        name, params = call["name"], call.get("parameters", {{}})
        if name == "Done":
            ref = self._env.reference_answer()
            ok = self._env.match(params.get("answer"), ref)
            self._done, self._reward = True, int(ok)
            msg = f"Your answer: {{params.get('answer')}}, Reference answer: {{ref}}, Result: {{'Correct' if ok else 'Incorrect'}}, reward={{int(ok)}}"
            return True, msg
        try:
            value = self._env.call_tool(name, params)
        except Exception as e:
            return False, f"Error: {{e}}"
        return False, value if isinstance(value, str) else _json.dumps(value)

{chr(10).join(f"    def {n}(self, **kwargs):{chr(10)}        return self.step(_json.dumps({{'name': '{n}', 'parameters': kwargs}}))[1]{chr(10)}" for n in names)}
    def solve(self):
        adapter = self

        class _Tools:
            def __getattr__(self, name):
                def call(**kwargs):
                    text = adapter.step(_json.dumps({{"name": name, "parameters": kwargs}}))[1]
                    if str(text).startswith("Error:"):
                        raise ToolError(text)
                    try:
                        return _json.loads(text)
                    except (ValueError, TypeError):
                        return text
                return call

        oracle(_Tools())
'''


def stage_export(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig) -> dict[str, Any]:
    out = cfg.out_dir
    (out / "tasks").mkdir(parents=True, exist_ok=True)
    rows = []
    for i, task in enumerate(tasks["tasks"]):
        split = "train" if i % 2 == 0 else "test"
        rows.append({"id": f"{split}-{i:03d}", "split": split, "difficulty": task["difficulty"], "seed": task["seed"],
                     "config": task["config"]})
    if cfg.format == "codegym":
        name = "CodeGym" + env["name"]
        (out / f"{name}.py").write_text(_codegym_module(env, oracle["code"]))
        (out / "tasks" / f"{name}.jsonl").write_text("".join(json.dumps({**r, "config": r["config"]}) + "\n" for r in rows))
        _update_manifest(out, name, f"{name}.py", f"tasks/{name}.jsonl")
        return {"file": f"{name}.py"}
    module = out / f"{_snake(env['name'])}.py"
    module.write_text(_native_module(env, oracle["code"]))
    (out / "tasks" / f"{env['name']}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return {"file": module.name}


def _update_manifest(out: Path, name: str, file: str, tasks: str) -> None:
    path = out / "codegym_library.json"
    manifest: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {"format": "codegym", "envs": [], "skipped": []}
    manifest["envs"] = [e for e in manifest["envs"] if e["name"] != name] + [
        {"name": name, "file": file, "tasks": tasks, "split": "train", "source": "synthesized"}]
    path.write_text(json.dumps(manifest, indent=2))


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Env")).lower() + "_env"




def verify_output(out_dir: Path) -> dict[str, Any]:
    """`codegym-mcp verify` on the output, in its own process (the code is synthesized, not ours)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "codegym_mcp.cli", "verify", str(out_dir), "--json", "--generated", "5"],
                          capture_output=True, text=True, timeout=600)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"error": (proc.stderr or proc.stdout)[-500:], "exit_code": proc.returncode}
