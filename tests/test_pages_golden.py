"""Golden-file tests: the page sources the core writes for the repository's own casebook.

Each variant below renders `cases/` with a set of options and compares every file the site
gets (Markdown pages as text, the data files the pages fetch as indented JSON) with
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

from casebook import catalog, form
from casebook.render import RenderOptions
from casebook.sitesource import asset_names, site_source

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden" / "pages"
UPDATE = os.environ.get("CASEBOOK_UPDATE_GOLDEN") == "1"
REPO_URL = "https://github.com/casebook/casebook"

#: Variant -> (the options, the mount): the repository's own site (edit links, a GitHub
#: repository for the form, Pagefind reading whole pages) and a site that mounts the casebook
#: in a folder with every option at its default.
VARIANTS = {
    "repository": (lambda: RenderOptions(edit_url=lambda path: f"{REPO_URL}/edit/main/{path}",
                                         repo=form.github_repo(REPO_URL, "edit/main/docs/"),
                                         search_terms=False), ""),
    "mounted-defaults": (RenderOptions, "playbook"),
}


@pytest.fixture(scope="module")
def seed_book():
    book, problems = catalog.load(str(ROOT / "cases"), root=str(ROOT))
    assert not [p for p in problems if p.is_error]
    return book


def snapshot(files: dict[str, str | bytes]) -> dict[str, str]:
    """What is kept of each file: the pages as they are, JSON indented so that a diff shows
    which entry changed; the assets (shipped as they are) are left out."""
    assets = {name for name in asset_names()}
    kept = {}
    for src, content in files.items():
        if src.rsplit("/", 1)[-1] in assets:
            continue
        assert isinstance(content, str), src
        if src.endswith(".json"):
            content = json.dumps(json.loads(content), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        kept[src] = content
    return kept


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_rendered_pages_match_their_snapshots(seed_book, variant):
    make_options, mount = VARIANTS[variant]
    actual = snapshot(site_source(seed_book, make_options(), mount).files)
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
    assert sorted(actual) == sorted(expected), "pages came or went: run `make golden` and read the diff"
    changed = [src for src in actual if actual[src] != expected[src]]
    if changed:
        first = "".join(difflib.unified_diff(expected[changed[0]].splitlines(True), actual[changed[0]].splitlines(True),
                                             f"golden/{changed[0]}", f"rendered/{changed[0]}"))
        pytest.fail(f"{len(changed)} pages differ from their snapshots: {changed}\n{first[:4000]}\n"
                    f"After an intended change, run `make golden` and read the diff.")
    assert any(src.endswith(".md") for src in actual) and len(actual) > 40
