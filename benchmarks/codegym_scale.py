"""Import + verify of a large CodeGym-format library: envs/s end to end, and memory, side by side in one run.

    python benchmarks/codegym_scale.py            # 2,000 synthetic files (a few minutes on 2 cores)
    python benchmarks/codegym_scale.py --quick    # 60 files, a smoke test (run by the test suite)

The files are written by tests/codegym_release.py in CodeGym's release layout: distinct stems, a handful
of class names shared by many files, 6 veRL instance rows each with varied configs. Compared:
- before: verify one env at a time, one sandbox worker per task and per check (the path before the
  one-worker-per-env CodeGym check), on a sample of the files;
- now: `import` (streaming) then `verify --jobs <cores>`, the paper's rules in one worker per env.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from codegym_release import synthetic_release  # noqa: E402

from codegym_mcp import verify as verify_mod  # noqa: E402
from codegym_mcp.library import import_library  # noqa: E402
from codegym_mcp.registry import Registry  # noqa: E402

PAPER_ENVS = 13_116


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--files", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    n = args.files or (60 if args.quick else 2000)
    sample = 6 if args.quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        src, lib = Path(tmp) / "src", Path(tmp) / "lib"
        rows = synthetic_release(src, n)
        rss_before = rss_mib()

        # before: serial, a worker per task and per check
        reg = Registry()
        small = Path(tmp) / "small"
        import_library(src, rows, small)
        reg.add_dir(small)
        names = reg.names()[:sample]
        verify_mod.ONE_WORKER_PER_ENV = False
        t0 = time.perf_counter()
        old = [verify_mod.verify_entry(reg.entries[name]) for name in names]
        before_rate = len(names) / (time.perf_counter() - t0)
        verify_mod.ONE_WORKER_PER_ENV = True

        # now: streaming import, then every env verified with all cores
        t0 = time.perf_counter()
        summary = import_library(src, rows, lib)
        t_import = time.perf_counter() - t0
        registry = Registry([lib])
        reports = list(verify_mod.verify_all([registry.entries[k] for k in registry.names()], jobs=args.jobs))
        elapsed = time.perf_counter() - t0
        now_rate = len(reports) / elapsed
        failed = [r.env for r in reports if not r.ok] + [r.env for r in old if not r.ok]

    print(f"CodeGym-format library: {n} files, {summary.rows} instance rows, {args.jobs} jobs")
    print(f"  import (streaming)           : {t_import:6.2f} s  ({n / t_import:,.0f} files/s)")
    print(f"  before: serial, worker/check : {before_rate:6.1f} envs/s  (on {len(names)} envs)")
    print(f"  now: import + verify --jobs  : {now_rate:6.1f} envs/s  end to end  ({now_rate / before_rate:.1f}x)")
    print(f"  the paper's {PAPER_ENVS:,} envs at this rate: {PAPER_ENVS / now_rate / 60:.1f} min (before: {PAPER_ENVS / before_rate / 60:.0f} min)")
    print(f"  parent max RSS: {rss_mib():.0f} MiB (before the run: {rss_before:.0f} MiB)")
    print(f"  failed envs: {len(failed)}")
    if failed:
        raise SystemExit(f"unexpected failures: {failed[:5]}")


if __name__ == "__main__":
    main()
