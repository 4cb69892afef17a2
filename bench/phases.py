"""Time the stages of the casebook plugin's own work, without a profiler.

cProfile inflates many small Python calls; these figures are plain wall times. The real
`CasebookPlugin.on_files` runs (from a loaded mkdocs.yml), with the functions it calls
wrapped in timers for the run (generator results are consumed inside the timer), then
restored. A stage whose function does not exist (renamed, say) is left out of the report.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import time
from contextlib import ExitStack, contextmanager

#: (label, module, attribute path): wrapped while the plugin works. Names are patched where
#: the caller looks them up (`casefiles.load_file`: `load_file` is imported into casefiles by name, say).
#: Indented labels are parts of the stage above them.
STAGES = [
    ("casefiles.load (read + validate YAML)", "casebook.link.casefiles", "load"),
    ("  load_file (read + parse YAML)", "casebook.link.casefiles", "load_file"),
    ("  schema.check", "casebook.check.schema", "check"),
    ("  check_links", "casebook.link.casefiles", "check_links"),
    ("  review_hints", "casebook.link.casefiles", "review_hints"),
    ("Renderer.__init__ (graph, jinja env)", "casebook.render.markdown_pages", "Renderer.__init__"),
    ("  graph.build", "casebook.render.markdown_pages", "build"),
    ("Renderer.pages (all pages)", "casebook.render.markdown_pages", "Renderer.pages"),
    ("  render_markdown (Markdown fields -> clean HTML)", "casebook.render.markup", "render_markdown"),
    ("  front_matter", "casebook.render.markdown_pages", "front_matter"),
    ("export.to_json (casebook.json)", "casebook.publish.export", "to_json"),
]
LOAD_STAGES = 5  # the first five: what `casebook validate` does


@contextmanager
def _timed(module_name: str, path: str, totals: dict, label: str):
    module = importlib.import_module(module_name)
    owner_name, _, attr = path.rpartition(".")
    owner = getattr(module, owner_name, None) if owner_name else module
    original = getattr(owner, attr, None) if owner is not None else None
    if original is None:
        yield
        return
    totals[label] = 0.0
    totals[label + " calls"] = 0

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            result = original(*args, **kwargs)
            if inspect.isgenerator(result):
                result = list(result)
            return result
        finally:
            totals[label] += time.perf_counter() - start
            totals[label + " calls"] += 1

    setattr(owner, attr, wrapper)
    try:
        yield
    finally:
        setattr(owner, attr, original)


def plugin_stages(config_file: str) -> dict:
    """Wall time of each stage of `CasebookPlugin.on_files` for the site of `config_file`."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["casebook"]
    totals: dict = {}
    gc.collect()
    with ExitStack() as stack:
        for label, module, name in STAGES:
            stack.enter_context(_timed(module, name, totals, label))
        start = time.perf_counter()
        files = Files([])
        for handler in plugin.on_files.methods:  # the plugin's on_files steps, in their order
            files = handler(files, config=config)
        totals["on_files (total)"] = time.perf_counter() - start
    pages = [f for f in files if f.src_uri.endswith(".md")]
    totals["pages"] = len(pages)
    totals["markdown bytes"] = sum(len(f.content_string) for f in pages)
    config.plugins.on_shutdown()
    return totals


def load_stages(cases_dir: str, root: str) -> dict:
    """Wall time of the stages of `casebook.link.casefiles.load` (what `casebook validate` does)."""
    from casebook.link import casefiles

    totals: dict = {}
    gc.collect()
    with ExitStack() as stack:
        for label, module, name in STAGES[1:LOAD_STAGES]:
            stack.enter_context(_timed(module, name, totals, label))
        start = time.perf_counter()
        _, problems = casefiles.load(cases_dir, root=root)
        totals["casefiles.load (total)"] = time.perf_counter() - start
    totals["errors"] = sum(p.is_error for p in problems)
    return totals


def report(totals: dict) -> str:
    lines = []
    for label in ["on_files (total)", "casefiles.load (total)", *(s[0] for s in STAGES)]:
        if label not in totals:
            continue
        calls = totals.get(label + " calls")
        indent = "  " if "on_files (total)" in totals and label != "on_files (total)" else ""
        lines.append(f"{indent}{label:<52} {totals[label]:7.2f} s" + (f"  {calls:>7} calls" if calls else ""))
    if "pages" in totals:
        lines.append(f"{'pages generated':<54} {totals['pages']:>7}  ({totals['markdown bytes'] / 1e6:.1f} MB of Markdown)")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    """python bench/phases.py PROJECT/mkdocs.yml [--json OUT]: in a fresh process, so that no
    cache of an earlier render in the same process (render_markdown's, say) hides any cost."""
    import json

    totals = plugin_stages(argv[0])
    if len(argv) > 2 and argv[1] == "--json":
        with open(argv[2], "w", encoding="utf-8") as f:
            json.dump(totals, f)
    else:
        print(report(totals))


if __name__ == "__main__":
    import os
    import sys

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main(sys.argv[1:])
