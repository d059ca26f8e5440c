"""Static checks on synthesized code, before anything runs: parses, one Environment subclass, allowed imports."""

from __future__ import annotations

import ast
import re
import threading

__all__ = ["ALLOWED_IMPORTS", "extract_code", "parse_python", "static_env_problems", "static_oracle_problems"]

ALLOWED_IMPORTS = frozenset({
    "__future__", "codegym_mcp.env", "pydantic", "random", "math", "typing", "collections", "itertools", "functools",
    "heapq", "bisect", "re", "string", "dataclasses", "statistics", "fractions", "decimal", "operator", "copy",
})
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)")
_PYTHON = frozenset({"", "python", "python3", "py"})
_PRIVATE_NAMES = frozenset({"__dict__", "__class__", "__globals__", "__subclasses__", "gc", "inspect", "sys", "os"})
_PARSE_LOCK = threading.Lock()


def parse_python(code: str) -> ast.Module:
    """`ast.parse`, one thread at a time: CPython 3.11 keeps the AST builder's recursion depth per interpreter, so
    parses in concurrent synthesis threads can fail with "SystemError: AST constructor recursion depth mismatch"."""
    with _PARSE_LOCK:
        return ast.parse(code)


def extract_code(reply: str, kind: str = "env") -> str:
    """The fenced block of an LLM reply that is the module asked for, wherever it stands (models often add a
    usage example or a test after it): for `kind="env"` the first block that parses and defines one
    Environment subclass, for `"oracle"` the first that defines `oracle()`. Otherwise the longest block (its
    problems are then reported), or the whole reply if it has no fence."""
    blocks = [b for b in _fenced_blocks(reply) if b.strip()]
    if not blocks:
        return reply.strip() + "\n"
    fits = _defines_env if kind == "env" else _defines_oracle
    for block in blocks:
        try:
            tree = parse_python(block)
        except SyntaxError:
            continue
        if fits(tree):
            return block.strip() + "\n"
    return max(blocks, key=len).strip() + "\n"


def _fenced_blocks(reply: str) -> list[str]:
    """Python (or untagged) fenced blocks, line by line, so a ```bash block cannot shift the pairing."""
    blocks: list[str] = []
    fence, lang, lines = "", "", list[str]()
    for line in reply.splitlines():
        m = _FENCE.match(line)
        if not fence and m:
            fence, lang, lines = m.group(1), m.group(2).lower(), []
        elif fence and m and line.strip() == m.group(1) and m.group(1).startswith(fence):
            if lang in _PYTHON:
                blocks.append("\n".join(lines))
            fence = ""
        elif fence:
            lines.append(line)
    return blocks


def _env_classes(tree: ast.Module) -> list[ast.ClassDef]:
    return [n for n in tree.body if isinstance(n, ast.ClassDef)
            and any(getattr(b, "id", getattr(b, "attr", "")) == "Environment" for b in n.bases)]


def _defines_env(tree: ast.Module) -> bool:
    return len(_env_classes(tree)) == 1


def _defines_oracle(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.FunctionDef) and n.name == "oracle" for n in tree.body)


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def _bad_imports(tree: ast.AST) -> list[str]:
    return [n for n in _imports(tree) if n not in ALLOWED_IMPORTS and n.split(".")[0] not in ALLOWED_IMPORTS - {"codegym_mcp.env"}]


def static_env_problems(code: str, min_domain_tools: int = 4) -> list[str]:
    """Reasons to reject an env's code without running it; empty if it looks fine."""
    try:
        tree = parse_python(code)
    except SyntaxError as exc:
        return [f"syntax error at line {exc.lineno}: {exc.msg}"]
    problems = []
    bad = _bad_imports(tree)
    if bad:
        problems.append(f"imports outside the allow-list: {sorted(set(bad))} (allowed: {sorted(ALLOWED_IMPORTS)})")
    classes = _env_classes(tree)
    if len(classes) != 1:
        problems.append(f"expected exactly one class deriving from Environment, found {len(classes)}")
        return problems
    cls = classes[0]
    tools = [f for f in cls.body if isinstance(f, ast.FunctionDef)
             and any(getattr(d, "id", getattr(getattr(d, "func", None), "id", "")) == "tool" for d in f.decorator_list)]
    names = {f.name for f in tools}
    if names & {"Observe", "Done"}:
        problems.append("do not redefine Observe or Done: the base class provides them (implement observe() instead)")
    if len(names - {"Observe", "Done"}) < min_domain_tools:
        problems.append(f"needs at least {min_domain_tools} domain tools besides Observe and Done, found {len(names)}")
    methods = {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}
    for required in ("generate", "observe", "reference_answer", "source_args"):
        if required not in methods:
            problems.append(f"missing method {required}()")
    if "Config" not in {c.name for c in cls.body if isinstance(c, ast.ClassDef)}:
        problems.append("missing the pydantic Config class")
    return problems


def static_oracle_problems(code: str) -> list[str]:
    try:
        tree = parse_python(code)
    except SyntaxError as exc:
        return [f"syntax error at line {exc.lineno}: {exc.msg}"]
    problems = []
    if not _defines_oracle(tree):
        problems.append("no top-level function oracle(env)")
    bad = [n for n in _imports(tree) if n.split(".")[0] not in {"math", "collections", "itertools", "functools", "heapq", "bisect", "json", "re"}]
    if bad:
        problems.append(f"oracle imports not allowed: {sorted(set(bad))}")
    return problems
