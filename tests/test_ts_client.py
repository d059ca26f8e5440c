"""The official TypeScript client works unchanged against our HTTP server (when node and the SDK are present)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import anyio
import httpx2
import pytest

from codegym_mcp.server import http_app

from .conftest import oracle_calls

ROOT = Path(__file__).parent.parent
NODE_MODULES = [p for p in (ROOT / ".ci" / "node" / "node_modules",) if p.is_dir()]
pytestmark = pytest.mark.skipif(not shutil.which("node") or not NODE_MODULES,
                                reason="node or @modelcontextprotocol/sdk not installed (.ci/run installs them)")


@pytest.mark.anyio
async def test_typescript_client_plays_an_episode(http_server, tmp_path):
    base = http_server(http_app())
    calls = oracle_calls("BinarySearchEnv", "train-001")
    async with httpx2.AsyncClient() as h:
        created = (await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "train-001"})).json()
    script = tmp_path / "client.mjs"
    script.write_text((Path(__file__).parent / "data" / "ts" / "client.mjs").read_text())
    (tmp_path / "node_modules").symlink_to(NODE_MODULES[0])
    with anyio.fail_after(60):
        proc = await anyio.run_process(["node", str(script), base + created["url"], json.dumps(calls)],
                                       env={**os.environ}, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    seen = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert "sorted array" in seen["instructions"] and "GetElement" in seen["tools"]
    assert not any(r["isError"] for r in seen["results"]) and seen["results"][-1]["text"].endswith("reward=1")
    assert seen["state"]["reward"] == 1.0 and seen["state"]["steps"] == len(calls)
