"""What a server keeps between builds (`casebook.publish.rebuild`), without MkDocs or a server:
each edit a contributor makes gives back exactly the outputs it changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import paths
from casebook.check import schema
from casebook.publish.rebuild import Rebuilds
from casebook.problems import count_errors
from casebook.render.markdown_pages import RenderOptions, problems_banner

from conftest import CASE, LESSON, ROOT, copy_repo_cases

#: The core's stages and shared modules: none of them may load MkDocs.
CORE = ["casebook.read", "casebook.check", "casebook.link", "casebook.render", "casebook.publish"]


def options(**changed) -> RenderOptions:
    values = dict(templates_dir=None, labels=schema.DEFAULT_LABELS, cases_dir="cases", lesson_cases=5,
                  index_cases=20, search_terms=True, home=True, cases_index=True, lessons=True, training=None,
                  stats_page=True, tags_page=True, contributing_page=True, propose_page=True)
    return RenderOptions(**{**values, **changed})


class Server:
    """Builds the casebook in `root` the way the plugin does on each save of `mkdocs serve --dirty`."""

    def __init__(self, root: Path, dirty: bool = True) -> None:
        self.root = root
        self.rebuilds = Rebuilds(keep=True, dirty=dirty)

    def build(self, settings: object = 1, tags_listed: bool = False, **changed):
        book, problems = self.rebuilds.load(str(self.root / "cases"), root=str(self.root))
        site = self.rebuilds.assemble(book, options(**changed), key=tuple(sorted(changed.items())))
        banner = problems_banner(problems, "cases") if count_errors(problems) else ""
        return site, self.rebuilds.changes(site, banner=banner, settings=settings,
                                           tags_listed=tags_listed)


@pytest.fixture
def server(tmp_path) -> Server:
    copy_repo_cases(tmp_path)
    server = Server(tmp_path)
    site, first = server.build()
    assert first.pages is None and first.data is None and not first.gone  # the first build writes everything
    return server


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # a later save, whatever the clock's step


def a_case(root: Path) -> tuple[str, Path]:
    path = sorted((root / "cases").glob("*.yml"))[0]
    return path.stem, path


def test_a_build_with_nothing_changed_changes_nothing(server):
    site, changes = server.build()
    assert changes.pages == set() and changes.data == set() and not changes.gone and not changes.everything


def test_an_edited_summary_changes_its_case_page_and_what_lists_it(server):
    case_id, path = a_case(server.root)
    edit(path, "summary: >-\n  ", "summary: >-\n  Edited while served. ")
    site, changes = server.build()
    assert paths.case_page(case_id) in changes.pages
    assert "Edited while served." in site.pages[paths.case_page(case_id)]
    other_cases = {paths.case_page(p.stem) for p in (server.root / "cases").glob("*.yml")} - {paths.case_page(case_id)}
    assert not changes.pages & other_cases, "a case nobody edited was built again"
    assert paths.EXPORT in changes.data and paths.propose_data(case_id) in changes.data
    assert not {paths.propose_data(p.stem) for p in (server.root / "cases").glob("*.yml")
                if p.stem != case_id} & changes.data


def small_casebook(root: Path, *case_ids: str) -> None:
    (root / "cases" / "lessons").mkdir(parents=True)
    (root / "cases" / "lessons" / "acknowledge-first.yml").write_text(LESSON, encoding="utf-8")
    for case_id in case_ids:
        (root / "cases" / f"{case_id}.yml").write_text(CASE, encoding="utf-8")


def test_a_deleted_case_leaves_its_page_behind_as_gone(tmp_path):
    small_casebook(tmp_path, "shop-cancels", "shop-cancels-again")
    server = Server(tmp_path)
    server.build()
    (tmp_path / "cases" / "shop-cancels-again.yml").unlink()
    site, changes = server.build()
    assert changes.pages is not None, "a deleted case rebuilt every page"
    assert changes.gone == {paths.case_page("shop-cancels-again")}
    assert paths.case_page("shop-cancels-again") not in site.pages
    assert {paths.CASES_INDEX, paths.lesson_page("acknowledge-first")} <= changes.pages  # they listed it


def test_an_error_rebuilds_every_page_and_fixing_it_does_too(server):
    case_id, path = a_case(server.root)
    edit(path, "verdict:", "verdikt:")
    site, broken = server.build()
    assert broken.everything and broken.pages is None  # every page shows the error banner
    edit(path, "verdikt:", "verdict:")
    site, fixed = server.build()
    assert fixed.everything and fixed.pages is None  # and every page loses it


def test_new_settings_rebuild_every_page(server):
    site, changes = server.build(settings=2)
    assert changes.everything and changes.pages is None


def test_other_options_render_every_page_again_with_them(server):
    site, changes = server.build(stats_page=False)
    assert paths.STATS not in site.pages and paths.STATS in changes.gone
    assert changes.pages == set(), "pages rendered as before were counted as changed"


def test_a_tags_plugin_gets_the_tags_page_built_again_and_no_other(tmp_path):
    """The tags page lists every tagged page as the tags plugin last read them all; the plugin is
    handed the tags of the pages not built again (`mkdocs.compat.feed_tags`), so a new tag or
    title changes only its own case page, beside the tags page that is built each time."""
    small_casebook(tmp_path, "shop-cancels", "shop-cancels-again")
    case = tmp_path / "cases" / "shop-cancels.yml"
    listed = Server(tmp_path)
    listed.build(tags_listed=True)
    assert listed.build(tags_listed=True)[1].pages == {paths.TAGS}
    edit(case, "channels: [email]", "channels: [email]\ntags: [refunds]")
    site, changes = listed.build(tags_listed=True)
    assert paths.TAGS in changes.pages and paths.case_page("shop-cancels") in changes.pages
    assert "refunds" in site.pages[paths.case_page("shop-cancels")]
    unlisted = Server(tmp_path)
    unlisted.build()
    assert unlisted.build()[1].pages == set()


def test_without_dirty_every_build_writes_everything(tmp_path):
    copy_repo_cases(tmp_path)
    server = Server(tmp_path, dirty=False)
    for _ in range(2):
        site, changes = server.build()
        assert changes.pages is None and changes.data is None and not changes.gone


def test_kept_renders_match_a_fresh_build(server):
    """What is reused is what a build from nothing would make."""
    case_id, path = a_case(server.root)
    edit(path, "verdict:", "verdict:")  # saved again, unchanged
    kept, _ = server.build()
    fresh = Rebuilds(keep=False)
    book, _ = fresh.load(str(server.root / "cases"), root=str(server.root))
    assert fresh.assemble(book, options(), key=()).texts() == kept.texts()


def test_the_core_never_loads_mkdocs():
    code = ("import importlib, pkgutil, sys\n"
            "import casebook\n"
            f"for name in {CORE!r}:\n"
            "    package = importlib.import_module(name)\n"
            "    for info in pkgutil.iter_modules(package.__path__, name + '.'):\n"
            "        importlib.import_module(info.name)\n"
            "for name in ('model', 'paths', 'problems', 'provenance', 'scaffold'):\n"
            "    importlib.import_module('casebook.' + name)\n"
            "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_case_broken_while_served_keeps_its_last_good_page(tmp_path):
    small_casebook(tmp_path, "shop-cancels")
    case = tmp_path / "cases" / "shop-cancels.yml"
    server = Server(tmp_path)
    server.build()
    edit(case, "title: A shop cancels", "title: A shop, edited, cancels")
    server.build()
    edit(case, "verdict: bad", "verdict: gud")
    book, problems = server.rebuilds.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert any(p.is_error and p.path == "cases/shop-cancels.yml" for p in problems)
    assert book.cases["shop-cancels"].title.startswith("A shop, edited, cancels")  # the last version that loaded
    assert book.stale == {("case", "shop-cancels"): "cases/shop-cancels.yml"}
    site = server.rebuilds.assemble(book, options(), key=())
    assert "A shop, edited, cancels" in site.pages[paths.case_page("shop-cancels")]
    assert "shop-cancels" in site.pages[paths.CASES_INDEX]


def test_a_case_that_never_loaded_shows_its_problems_at_its_address(tmp_path):
    small_casebook(tmp_path, "shop-cancels")
    (tmp_path / "cases" / "shop-refunds.yml").write_text(CASE.replace("verdict: bad", "verdict: gud"),
                                                         encoding="utf-8")
    server = Server(tmp_path)
    site, _ = server.build()
    page = site.pages[paths.case_page("shop-refunds")]
    assert "cases/shop-refunds.yml" in page and "unknown verdict" in page
    assert "shop-refunds" not in site.pages[paths.CASES_INDEX]
    # A one-off build keeps nothing: it reports the errors and stops (the plugin), so no page.
    once = Rebuilds(keep=False)
    book, _ = once.load(str(tmp_path / "cases"), root=str(tmp_path))
    assert paths.case_page("shop-refunds") not in once.assemble(book, options(), key=()).pages and not book.stale
