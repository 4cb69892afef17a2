"""Build one MkDocs site in this process and report this process's own peak memory.

    python bench/buildone.py MKDOCS_YML SITE_DIR RESULT_JSON [--profile STATS_FILE | --stages]

Plain: runs exactly what `mkdocs build -q -f MKDOCS_YML -d SITE_DIR` runs (the same click
command, in a fresh interpreter), then writes {"maxrss_kb", "build_s", "cpu_s", "exit"} to
RESULT_JSON. ru_maxrss of RUSAGE_SELF is this process's peak resident set, so every build
is measured on its own (RUSAGE_CHILDREN in the parent would be a running maximum).

--profile: loads the config and calls `mkdocs.commands.build.build` under cProfile, as
`mkdocs build` does, and dumps the stats to STATS_FILE.

--stages: the same build with the main stages of MkDocs wrapped in timers (no profiler, so
the figures are plain wall times); they are added to RESULT_JSON under "stages".
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time

_START = time.perf_counter()


def _load(config_file: str, site_dir: str):
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=config_file, site_dir=site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    return config


#: (module, owner attribute path, label). Nested stages are indented in the label.
STAGES = [
    ("mkdocs.commands.build", "get_files", "get_files (walk docs_dir)"),
    ("mkdocs.plugins", "PluginCollection.on_files", "plugins: on_files (casebook loads + renders here)"),
    ("mkdocs.commands.build", "get_navigation", "get_navigation"),
    ("mkdocs.commands.build", "_populate_page", "_populate_page (all pages)"),
    ("mkdocs.structure.pages", "Page.read_source", "  read_source (front matter)"),
    ("mkdocs.structure.pages", "Page.render", "  Page.render (Python-Markdown)"),
    ("mkdocs.structure.files", "Files.copy_static_files", "copy_static_files"),
    ("mkdocs.commands.build", "_build_theme_template", "theme templates (404, sitemap)"),
    ("mkdocs.commands.build", "_build_page", "_build_page (all pages)"),
    ("mkdocs.plugins", "PluginCollection.on_page_context", "  plugins: on_page_context (search indexing)"),
    ("mkdocs.utils", "write_file", "  write_file"),
    ("mkdocs.plugins", "PluginCollection.on_post_build", "plugins: on_post_build (search index)"),
]


def _wrap_stages() -> dict:
    import importlib

    totals: dict = {}
    for module_name, path, label in STAGES:
        module = importlib.import_module(module_name)
        owner_name, _, attr = path.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, attr, None)
        if original is None:
            continue
        totals[label] = 0.0

        def wrapper(*args, __original=original, __label=label, **kwargs):
            start = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__label] += time.perf_counter() - start

        setattr(owner, attr, wrapper)
    return totals


def main(argv: list[str]) -> int:
    config_file, site_dir, result_file = argv[:3]
    mode = argv[3] if len(argv) > 3 else None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    code = 0
    extra: dict = {}
    try:
        if mode == "--profile":
            import cProfile

            from mkdocs.commands import build

            config = _load(config_file, site_dir)
            profiler = cProfile.Profile()
            try:
                profiler.runcall(build.build, config)
            finally:
                config.plugins.on_shutdown()
                profiler.dump_stats(argv[4])
        elif mode == "--stages":
            from mkdocs.commands import build

            totals = _wrap_stages()
            config = _load(config_file, site_dir)
            started = time.perf_counter()
            extra["startup_s"] = started - _START  # interpreter, imports, config and plugin loading
            try:
                build.build(config)
            finally:
                config.plugins.on_shutdown()
            extra["build_fn_s"] = time.perf_counter() - started
            extra["stages"] = totals
        else:
            from mkdocs.__main__ import cli

            try:
                cli.main(["build", "-q", "-f", config_file, "-d", site_dir], prog_name="mkdocs", standalone_mode=False)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # reported by the caller with the build's stderr
        print(f"build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 1
    elapsed = time.perf_counter() - _START
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # The build's own processes (Pagefind, with `search: pagefind`): the largest one's peak, and
    # their CPU time, which runs beside the build's and is counted in its wall time.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump({"maxrss_kb": usage.ru_maxrss, "build_s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime,
                   "child_maxrss_kb": children.ru_maxrss, "child_cpu_s": children.ru_utime + children.ru_stime,
                   "exit": code, **extra}, f)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
