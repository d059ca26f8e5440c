"""The README's Python examples run as written (wrapped in an async function where they use `await`)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import anyio
import pytest

README = (Path(__file__).parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
RUNNABLE = [b for b in BLOCKS if "codegym_mcp" in b and "class " not in b]


def test_readme_has_runnable_examples():
    assert len(RUNNABLE) >= 2


@pytest.mark.parametrize("block", RUNNABLE, ids=[f"block{i}" for i in range(len(RUNNABLE))])
def test_readme_python_block_runs(block, tmp_path, monkeypatch):
    if "openenv" in block:
        pytest.importorskip("openenv.core.harness")  # an optional extra
    monkeypatch.chdir(tmp_path)  # examples may write runs.db and the like
    namespace: dict = {}
    if "await " in block or "async with" in block:
        imports = "\n".join(line for line in block.splitlines() if line.startswith(("from ", "import ")))
        body = "\n".join(line for line in block.splitlines() if not line.startswith(("from ", "import ")))
        exec(imports + "\n\nasync def _example():\n" + textwrap.indent(body, "    "), namespace)

        async def bounded() -> None:
            with anyio.fail_after(30):
                await namespace["_example"]()

        anyio.run(bounded)
    else:
        exec(block, namespace)
