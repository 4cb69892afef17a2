"""The casebook built by other engines: Zensical from `casebook render`, ProperDocs from mkdocs.yml.

Both are pinned in the `test` extra; a test skips, saying why, only where the engine cannot be
installed on this platform.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, VERDICTS, copy_repo_cases, run_cli, serve_directory

OZZY = "cases/ozzys-archive-deletes-facebook-complaints"


def engine(name: str) -> list[str]:
    """The command that runs an engine installed beside this Python, or a skip saying why not."""
    command = Path(sys.executable).parent / name
    if not command.exists():
        pytest.skip(f"{name} is not installed: `pip install -e '.[test]'` installs it where it has a build")
    return [str(command)]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    command = engine("zensical")
    project = copy_repo_cases(tmp_path_factory.mktemp("zensical"))
    (project / "mkdocs.yml").write_text("site_name: Playbook on Zensical\nsite_url: https://example.com/\n"
                                        "theme:\n  name: material\n", encoding="utf-8")
    result = run_cli("render", "docs", "--snippet", "casebook.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write((project / "casebook.yml").read_text(encoding="utf-8"))
    built = subprocess.run([*command, "build", "--strict", "-f", "mkdocs.yml"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    base, stop = serve_directory(project / "site")
    yield base
    stop()


@pytest.mark.browser
def test_zensical_shows_a_case_with_its_verdict_badge(page, zensical_site, artifacts):
    page.goto(f"{zensical_site}/{OZZY}/")
    badge = page.locator(".casebook-glance .casebook-verdict")
    assert badge.inner_text() == "Bad practice"
    # The casebook's stylesheet is applied: the badge is a bold pill in the colour of its verdict.
    style = badge.evaluate("e => { const s = getComputedStyle(e); return [s.display, s.borderRadius, s.fontWeight,"
                           " s.color, getComputedStyle(e.parentElement).color]; }")
    assert style[0] == "inline-block" and style[1] != "0px" and style[2] == "700", style
    assert style[3] != style[4], style  # coloured, unlike the text around it
    page.screenshot(path=str(artifacts / "zensical-case.png"), full_page=True)
    assert page.js_errors == []


@pytest.mark.browser
def test_zensical_cases_index_filters(page, zensical_site, artifacts):
    page.goto(f"{zensical_site}/cases/")
    assert page.locator("li.casebook-case").count() == 7
    assert page.locator("[data-casebook-filters]").is_visible()
    page.locator('input[name="verdict"][value="bad"]').check()
    visible = page.locator("li.casebook-case:visible")
    assert visible.count() == VERDICTS["bad"]
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.verdict)")) == {"bad"}
    assert "verdict=bad" in page.url
    assert page.locator("ul.casebook-cases").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    page.screenshot(path=str(artifacts / "zensical-index.png"), full_page=True)
    assert page.js_errors == []


def test_properdocs_builds_the_seed_site(tmp_path):
    command = engine("properdocs")
    site = tmp_path / "site"
    result = subprocess.run([*command, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (site / OZZY / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="casebook-verdict casebook-verdict--bad"[^>]*>Bad practice<', html)
    assert (site / "assets" / "casebook" / "casebook.css").is_file()
