"""Build one MkDocs site in this process and report this process's own peak memory.

    python bench/buildone.py MKDOCS_YML SITE_DIR RESULT_JSON [--profile STATS_FILE]

Without --profile it runs exactly what `mkdocs build -q -f MKDOCS_YML -d SITE_DIR` runs
(the same click command, in a fresh interpreter), then writes {"maxrss_kb", "build_s",
"exit"} to RESULT_JSON. ru_maxrss of RUSAGE_SELF is this process's peak resident set, so
every build is measured on its own (RUSAGE_CHILDREN in the parent would be a running max).

With --profile it loads the config and calls `mkdocs.commands.build.build` under cProfile,
as `mkdocs build` does, and dumps the stats to STATS_FILE.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time


def main(argv: list[str]) -> int:
    config_file, site_dir, result_file = argv[:3]
    profile_file = argv[4] if len(argv) > 4 and argv[3] == "--profile" else None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    start = time.perf_counter()
    code = 0
    try:
        if profile_file:
            import cProfile

            from mkdocs.commands import build
            from mkdocs.config import load_config

            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            config = load_config(config_file=config_file, site_dir=site_dir)
            config.plugins.on_startup(command="build", dirty=False)
            profiler = cProfile.Profile()
            try:
                profiler.runcall(build.build, config)
            finally:
                config.plugins.on_shutdown()
                profiler.dump_stats(profile_file)
        else:
            from mkdocs.__main__ import cli

            try:
                cli.main(["build", "-q", "-f", config_file, "-d", site_dir], prog_name="mkdocs", standalone_mode=False)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # reported by the caller with the build's stderr
        print(f"build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 1
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump({"maxrss_kb": usage.ru_maxrss, "build_s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime,
                   "exit": code}, f)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
