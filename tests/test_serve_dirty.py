"""`mkdocs serve --dirty` rebuilds only the generated pages that changed, and the site it serves
after editing, adding and removing cases is the site a full build makes of the same files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from test_serve import fetch, serving, wait_for

sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402
import sites  # noqa: E402

N_CASES = 12
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


@pytest.fixture
def dirty_server(tmp_path):
    project = tmp_path / "project"
    # Two cases of each verdict on the index: the rest are on a numbered page and in card files.
    sites.casebook_project(str(project), N_CASES, lesson_cases=3, index_cases=2)
    with serving(project, "--dirty") as base:
        yield project, base


def article(body: str) -> str:
    found = _ARTICLE.search(body)
    assert found, body[:500]
    return found.group(1)


def test_partial_rebuilds_match_a_full_build(dirty_server, tmp_path):
    project, base = dirty_server
    cases = project / "cases"
    edited, removed = gen.case_id(3), gen.case_id(7)
    wait_for(f"{base}/cases/{edited}/", lambda status, body: status == 200, timeout=120)

    # Edit a case's title and its first lesson's note; add a case; remove another.
    path = cases / f"{edited}.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: ", "title: Edited ", text, count=1, flags=re.M)
    text = text.replace("what_happened: |\n", "what_happened: |\n  Quibblewick turned up.\n\n", 1)
    path.write_text(text, encoding="utf-8")
    wait_for(f"{base}/cases/{edited}/", lambda status, body: "Edited " in body, timeout=60)

    # The tags page still lists every tagged case, those not built again too, and the edited
    # case's tags still link to it.
    status, tags_page = fetch(f"{base}/tags/")
    assert all(f"cases/{gen.case_id(i)}/" in tags_page for i in range(N_CASES)), tags_page
    assert 'href="../../tags/#tag:' in fetch(f"{base}/cases/{edited}/")[1]

    # A summary edited alone: the case's tags still link to the tags page (a dirty rebuild that
    # left the tags page out once dropped those links).
    summarised = cases / f"{gen.case_id(8)}.yml"
    summarised.write_text(summarised.read_text(encoding="utf-8").replace("summary: >-\n  ", "summary: >-\n  Zorblat ", 1),
                          encoding="utf-8")
    body = wait_for(f"{base}/cases/{gen.case_id(8)}/", lambda status, body: "Zorblat" in body, timeout=60)
    assert body.count('class="md-tag"') == body.count('href="../../tags/#tag:') > 0

    # A tag added to one case, and a lesson linked from another: the tags page, the lesson's
    # page and the case's tag links follow.
    tagged = cases / f"{gen.case_id(4)}.yml"
    tagged.write_text(tagged.read_text(encoding="utf-8").replace("tags:\n", "tags:\n  - freshly-added-tag\n", 1),
                      encoding="utf-8")
    wait_for(f"{base}/tags/", lambda status, body: "freshly-added-tag" in body, timeout=60)
    linked = cases / f"{gen.case_id(6)}.yml"
    text = linked.read_text(encoding="utf-8")
    lesson = next(i for i in gen.lesson_ids() if f" {i}\n" not in text and f"id: {i}\n" not in text)
    linked.write_text(text.replace("lessons:\n", f"lessons:\n  - {lesson}\n", 1), encoding="utf-8")
    wait_for(f"{base}/cases/{gen.case_id(6)}/", lambda status, body: f"lessons/{lesson}/" in body, timeout=60)

    added = "case-99999-added-case"
    (cases / f"{added}.yml").write_text(
        (cases / f"{gen.case_id(5)}.yml").read_text(encoding="utf-8").replace("title: ", "title: Added ", 1),
        encoding="utf-8")
    wait_for(f"{base}/cases/{added}/", lambda status, body: status == 200, timeout=60)
    (cases / f"{removed}.yml").unlink()
    wait_for(f"{base}/cases/{removed}/", lambda status, body: status == 404, timeout=60)

    # A case with an error shows its last version that loaded, and every page names the error,
    # until it is fixed.
    broken = cases / f"{gen.case_id(2)}.yml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(re.sub(r"^verdict: \w+", "verdict: gud", good, flags=re.M), encoding="utf-8")
    wait_for(f"{base}/cases/{gen.case_id(2)}/", lambda status, body: "casebook-stale" in body, timeout=60)
    assert "casebook-problems" in fetch(f"{base}/")[1]
    broken.write_text(good, encoding="utf-8")
    wait_for(f"{base}/cases/{gen.case_id(2)}/", lambda status, body: status == 200 and "casebook-stale" not in body, timeout=60)
    wait_for(f"{base}/", lambda status, body: "casebook-problems" not in body, timeout=60)

    full = tmp_path / "full"  # not --strict: some lessons of a small generated casebook are unused
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                             "-d", str(full)], capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, result.stderr
    pages = [p.relative_to(full).parent.as_posix() + "/" for p in full.glob("**/index.html")]
    assert f"cases/{added}/" in pages and f"cases/{removed}/" not in pages
    for page in pages:
        status, body = fetch(f"{base}/{page}".replace("/./", "/"))
        assert status == 200, page
        assert article(body) == article((full / page / "index.html").read_text(encoding="utf-8")), page
    assert "cases/page/1/" in pages
    cards = sorted(full.glob("cases/page/cards-*.json"))
    assert cards
    for card_file in cards:
        rel = card_file.relative_to(full).as_posix()
        assert fetch(f"{base}/{rel}")[1] == card_file.read_text(encoding="utf-8"), rel
    assert json.loads(fetch(f"{base}/casebook.json")[1]) == json.loads((full / "casebook.json").read_text(encoding="utf-8"))
    # What the edit changed is searchable; what was removed is not.
    index = fetch(f"{base}/search/search_index.json")[1]
    assert "quibblewick" in index.lower() and f"cases/{removed}/" not in index
    served, built = (sorted(json.dumps(d, sort_keys=True) for d in x["docs"])
                     for x in (json.loads(index), json.loads((full / "search" / "search_index.json").read_text())))
    assert served == built, "search/search_index.json"


def test_a_load_with_a_cache_reads_only_changed_files_and_matches_a_fresh_load(small_project, monkeypatch):
    from casebook.link import casefiles

    from conftest import CASE

    cases, root = str(small_project / "cases"), str(small_project)
    cache: dict = {}
    casefiles.load(cases, root=root, cache=cache)
    read: list[str] = []
    real = casefiles.load_file
    monkeypatch.setattr(casefiles, "load_file", lambda path, shown: (read.append(shown), real(path, shown))[1])
    (small_project / "cases" / "shop-cancels.yml").write_text(CASE.replace("verdict: bad", "verdict: terrible"))
    cached = casefiles.load(cases, root=root, cache=cache)
    assert read == ["cases/shop-cancels.yml"]  # the lesson was not read again
    fresh = casefiles.load(cases, root=root)
    assert [str(p) for p in cached[1]] == [str(p) for p in fresh[1]]
    assert any("terrible" in str(p) for p in cached[1]) and cached[0].cases == fresh[0].cases == {}


def test_a_dirty_rebuild_writes_again_only_what_an_edit_changed(tmp_path):
    """The real MkDocs build, in this process, as `mkdocs serve --dirty` runs it: the plugin
    is kept between builds. Editing one case's summary writes that case's page and the files
    that list every case again, and leaves the other pages and card files as they were."""
    import logging
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = tmp_path / "project"
    sites.casebook_project(str(project), 80, index_cases=2)
    site = tmp_path / "site"

    def built() -> dict[str, int]:
        return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        build(config, dirty=True)
        before = built()
        edited = gen.case_id(40)
        path = project / "cases" / f"{edited}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("summary: >-\n  ", "summary: >-\n  Edited ", 1),
                        encoding="utf-8")
        time.sleep(0.01)
        build(config, dirty=True)
        after = built()
    finally:
        logging.getLogger("mkdocs").setLevel(logging.NOTSET)
    assert before.keys() == after.keys()
    written = {p for p in after if after[p] != before[p]}
    cards = sorted(p for p in before if re.fullmatch(r"cases/page/cards-\d+\.json", p))
    assert len(cards) == 4, cards
    holding = [p for p in cards if "Edited " in (site / p).read_text(encoding="utf-8")]
    assert len(holding) == 1
    assert f"cases/{edited}/index.html" in written and "casebook.json" in written and holding[0] in written
    assert not written & (set(cards) - set(holding)), sorted(written)
    others = {p for p in before if p.startswith("cases/case-") and p != f"cases/{edited}/index.html"}
    assert not written & others, sorted(written & others)  # a summary shows on its own page only
    assert len(others) == 79 and "Edited " in (site / "cases" / edited / "index.html").read_text(encoding="utf-8")
