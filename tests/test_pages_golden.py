"""Golden-file tests: the page sources the core writes for the repository's own casebook.

Each variant below renders `cases/` with a set of options, through the one assembly the plugin
and `casebook render` share (`sitesource.site_files`), and compares every page and data file
the site gets (Markdown pages as text, the data files the pages fetch as indented JSON) with
tests/golden/pages/<variant>/, file by file. A change to a template, a label or a case shows
in `git diff tests/golden/pages` as exactly the pages it changed.

After an intended change:

    make golden        # or: CASEBOOK_UPDATE_GOLDEN=1 pytest tests/test_pages_golden.py

then read the diff before committing it. The update mode also removes the snapshots of pages
that are no longer written.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest

from casebook import paths
from casebook.link import casefiles
from casebook.mkdocs.config import defaults, render_options
from casebook.publish.assembly import site_files
from casebook.render.markdown_pages import Renderer

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden" / "pages"
UPDATE = os.environ.get("CASEBOOK_UPDATE_GOLDEN") == "1"

#: Variant -> (the casebook's options, the site's own settings): the repository's own site (edit
#: links, a GitHub repository for the form, Pagefind reading whole pages) and a site that mounts
#: the casebook in a folder with every other option at its default.
VARIANTS = {
    "repository": ({"search": "pagefind"},
                   {"repo_url": "https://github.com/casebook/casebook", "edit_uri": "edit/main/docs/"}),
    "mounted-defaults": ({"mount": "playbook"}, {}),
}


@pytest.fixture(scope="module")
def seed_book():
    book, problems = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    assert not [p for p in problems if p.is_error]
    return book


def snapshot(files: dict[str, str]) -> dict[str, str]:
    """What is kept of each page and data file: the pages as they are, JSON indented so that a
    diff shows which entry changed."""
    return {src: json.dumps(json.loads(text), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            if src.endswith(".json") else text for src, text in files.items()}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_rendered_pages_match_their_snapshots(seed_book, variant):
    values, site = VARIANTS[variant]
    options = defaults(**values)
    rendered = site_files(Renderer(seed_book, render_options(options, site, from_docs=lambda path: f"../{path}")),
                          options["mount"])
    actual = snapshot({paths.mounted(src, options["mount"]): text for src, text in rendered.texts().items()})
    folder = GOLDEN / variant
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for src, content in actual.items():
            path = folder / src
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
        return
    expected = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(folder.rglob("*")) if p.is_file()}
    came, went = sorted(actual.keys() - expected.keys()), sorted(expected.keys() - actual.keys())
    assert not came and not went, f"pages came {came} or went {went}: run `make golden` and read the diff"
    changed = [src for src in actual if actual[src] != expected[src]]
    if changed:
        first = "".join(difflib.unified_diff(expected[changed[0]].splitlines(True), actual[changed[0]].splitlines(True),
                                             f"golden/{changed[0]}", f"rendered/{changed[0]}"))
        pytest.fail(f"{len(changed)} pages differ from their snapshots: {changed}\n{first[:4000]}\n"
                    f"After an intended change, run `make golden` and read the diff.")
    assert any(src.endswith(".md") for src in actual) and len(actual) > 40
