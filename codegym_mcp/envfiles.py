"""Native env files by path: import one, or tell which env names it defines without importing it.

Below both `registry` (which finds envs) and `sandbox` (whose workers import env files), so neither
needs the other for this.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import types
from pathlib import Path

from .env import EnvDefinitionError, Environment

__all__ = ["import_env_module", "is_native_file", "scan_env_names"]

# Module-level classes and `env_name = "..."` overrides; a plain text scan is ~30x faster than ast.parse.
_CLASS = re.compile(r"^class\s+(\w+)", re.M)
_ENV_NAME = re.compile(r"^\s+env_name\s*(?::[^=\n]*)?=\s*[\"'](\w+)[\"']", re.M)


def is_native_file(path: Path) -> bool:
    """Native files import codegym_mcp; CodeGym-format files define a gymnasium env with func_mapping."""
    return is_native_text(path.read_text(errors="replace"))


def is_native_text(text: str) -> bool:
    return "codegym_mcp" in text and "func_mapping" not in text


def scan_env_names(text: str) -> list[str]:
    """The env names a native file's source probably defines (a superset: every module-level class)."""
    return _CLASS.findall(text) + _ENV_NAME.findall(text)


def _env_package() -> None:
    """A namespace for env modules loaded by path, so pickle can find their classes (Ray, process pools)."""
    if "codegym_envs" not in sys.modules:
        package = types.ModuleType("codegym_envs")
        package.__path__ = []
        sys.modules["codegym_envs"] = package


def import_env_module(path: Path) -> list[type[Environment]]:
    """Import a native env file by path; return the Environment subclasses it defines."""
    _env_package()
    mod_name = "codegym_envs." + path.stem + "_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    if mod_name in sys.modules:
        module = sys.modules[mod_name]
    else:
        spec = importlib.util.spec_from_file_location(mod_name, path)
        if spec is None or spec.loader is None:
            raise EnvDefinitionError(f"{path}: cannot import")
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        try:
            spec.loader.exec_module(module)
        except EnvDefinitionError as exc:
            del sys.modules[mod_name]
            raise EnvDefinitionError(f"{path}: {exc}") from None
        except Exception as exc:
            del sys.modules[mod_name]
            raise EnvDefinitionError(f"{path}: failed to import: {type(exc).__name__}: {exc}") from exc
    return [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, Environment) and obj.__module__ == mod_name and not obj.__dict__.get("abstract")
    ]
