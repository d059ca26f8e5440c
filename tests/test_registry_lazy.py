"""A directory's native env files are imported on first use: `get(name)` imports one file, and the answers are the
ones an eager import of everything gives (later files win, names the text scan misses are still found)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from codegym_mcp.registry import Registry

SOURCE = (Path(__file__).resolve().parent.parent / "environments" / "binary_search.py").read_text()
HEADER = "class BinarySearchEnv(Environment):\n"
BODY = "    answer_type = int\n"


def env_file(directory: Path, stem: str, class_name: str, extra: str = "") -> Path:
    assert HEADER in SOURCE and SOURCE.count(BODY) == 1
    path = directory / f"{stem}.py"
    path.write_text(SOURCE.replace(HEADER, f"class {class_name}(Environment):\n").replace(BODY, BODY + extra))
    return path


def imported(directory: Path) -> set[str]:
    """Stems of this directory's files imported so far."""
    stems = {p.stem for p in directory.glob("*.py")}
    return {name.split(".", 1)[1].rsplit("_", 1)[0] for name in sys.modules
            if name.startswith("codegym_envs.") and name.split(".", 1)[1].rsplit("_", 1)[0] in stems}


def test_get_imports_only_the_file_that_defines_the_name(tmp_path):
    for i in range(5):
        env_file(tmp_path, f"lazy_file_{i}", f"LazyNumber{i}Env")
    registry = Registry([tmp_path])
    assert imported(tmp_path) == set()
    assert registry.get("lazynumber3").name == "LazyNumber3Env"
    assert imported(tmp_path) == {"lazy_file_3"}
    assert registry.names() == [f"LazyNumber{i}Env" for i in range(5)]  # listing imports the rest
    assert imported(tmp_path) == {f"lazy_file_{i}" for i in range(5)}


@pytest.mark.parametrize("first", ["get", "entries"])
def test_a_name_defined_twice_resolves_to_the_later_file_either_way(tmp_path, first):
    env_file(tmp_path, "dup_a", "TwiceDefinedEnv")
    env_file(tmp_path, "dup_b", "TwiceDefinedEnv")
    registry = Registry([tmp_path])
    entry = registry.get("TwiceDefinedEnv") if first == "get" else registry.entries["TwiceDefinedEnv"]
    assert entry.path is not None and entry.path.name == "dup_b.py"
    assert registry.entries["TwiceDefinedEnv"] is entry and registry.get("TwiceDefinedEnv") is entry


def test_a_name_the_scan_cannot_see_is_found_by_importing_everything(tmp_path):
    env_file(tmp_path, "computed_name", "ComputedNameBase", extra='    env_name = "Computed" + "NameEnv"\n')
    env_file(tmp_path, "other_env", "SomeOtherEnv")
    registry = Registry([tmp_path])
    assert registry.find("ComputedNameEnv") is None  # no file names it as far as the scan can tell
    assert registry.get("ComputedNameEnv").path.name == "computed_name.py"  # type: ignore[union-attr]
    with pytest.raises(KeyError, match="unknown environment"):
        registry.get("NoSuchEnv")


def test_a_broken_file_is_reported_without_spoiling_the_others(tmp_path):
    env_file(tmp_path, "good_one", "GoodOneEnv")
    (tmp_path / "broken_one.py").write_text("import codegym_mcp\nraise RuntimeError('boom')\nclass BrokenOneEnv: pass\n")
    registry = Registry([tmp_path])
    assert registry.get("GoodOneEnv").name == "GoodOneEnv"
    with pytest.raises(KeyError):
        registry.get("BrokenOneEnv")
    [(path, why)] = registry.errors.items()
    assert path.endswith("broken_one.py") and "boom" in why


def test_threads_asking_for_the_same_files_at_once_all_get_them(tmp_path):
    """A server creates episodes from worker threads: racing first uses of one file import it once, and none fails."""
    from concurrent.futures import ThreadPoolExecutor

    for i in range(4):
        env_file(tmp_path, f"racing_file_{i}", f"Racing{i}Env")
    registry = Registry([tmp_path])
    names = [f"Racing{i % 4}Env" for i in range(64)]
    with ThreadPoolExecutor(16) as pool:
        found = list(pool.map(lambda n: registry.get(n).name, names))
    assert found == names
    assert registry.errors == {}
