"""A site owner's own site with the casebook mounted in one folder, every section switch tried."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CASE, LESSON, ROOT, is_redirect, make_project, run_mkdocs, shared

OWN_PAGES = {
    "docs/index.md": "# Welcome to Example Co\n\nOur own home page.\n",
    "docs/guide.md": "# Support guide\n\nAsk before you promise.\n",
}

SITE = """\
site_name: Example Co
docs_dir: docs
repo_url: https://example.com/example/site
edit_uri: edit/main/docs/
theme:
  name: material
  features: [content.action.edit]
plugins:
  - search
  - tags
  - casebook:
      mount: playbook
{options}
nav:
  - Home: index.md
  - Guide: guide.md
{nav}"""

PLAYBOOK_NAV = """\
  - Playbook:
    - playbook/index.md
    - playbook/cases/index.md
"""


def build_site(tmp_path: Path, name: str, options: str = "", cases: bool = True,
               nav: str = PLAYBOOK_NAV) -> tuple[Path, Path]:
    config = SITE.format(options=options, nav=nav)
    project = make_project(tmp_path / name, dict(OWN_PAGES), config)
    if cases:
        shutil.copytree(ROOT / "cases", project / "cases")
    else:
        make_project(project, {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": CASE},
                     config)
    site = tmp_path / f"{name}-site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def broken_links(site: Path, folder: str) -> list[str]:
    """Every link, stylesheet and script of the pages under `folder` that names no file of the site."""
    broken = []
    for page in sorted((site / folder).rglob("*.html")):
        url = page.relative_to(site).as_posix()
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in html.find_all(tag, attrs={attr: True}):
                target = urlsplit(element[attr])
                if target.scheme or target.netloc or not target.path:
                    continue
                path = posixpath.normpath(posixpath.join(posixpath.dirname(url), unquote(target.path)))
                file = site / path
                if file.is_dir():
                    file = file / "index.html"
                if not file.is_file():
                    broken.append(f"{url}: {element[attr]}")
    return broken


@pytest.fixture(scope="module")
def mounted(tmp_path_factory):
    folder = shared(tmp_path_factory, "third-party", lambda root: build_site(root, "mounted"))
    return folder / "mounted", folder / "mounted-site"


def test_the_sites_own_pages_are_untouched(mounted):
    project, site = mounted
    assert sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*")) == [
        "guide.md", "index.md"]
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert home.h1.get_text(strip=True).rstrip("¶") == "Welcome to Example Co"
    nav = home.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Guide" in nav and "Playbook" in nav


def test_everything_generated_lives_under_the_mount(mounted):
    _, site = mounted
    assert (site / "playbook" / "index.html").is_file()
    assert (site / "playbook" / "cases" / "ozzys-archive-facebook-complaints-disappear" / "index.html").is_file()
    assert (site / "playbook" / "casebook.json").is_file()
    assert (site / "playbook" / "assets" / "casebook" / "casebook.css").is_file()
    for name in ("cases", "lessons", "training", "stats", "tags", "contributing", "casebook.json"):
        assert not (site / name).exists(), name
    case = BeautifulSoup((site / "playbook/cases/ozzys-archive-facebook-complaints-disappear/index.html").read_text(),
                         "html.parser")
    edit = case.find("a", string="Edit this case")
    assert edit["href"] == "https://example.com/example/site/edit/main/cases/ozzys-archive-facebook-complaints-disappear.yml"
    assert case.select_one("a.md-content__button")["href"] == edit["href"]


def test_every_link_of_the_mounted_casebook_resolves(mounted):
    _, site = mounted
    assert broken_links(site, "playbook") == []
    assert broken_links(site, "guide") == []


def test_every_section_can_be_turned_off(tmp_path):
    off = "\n".join(f"      {name}: false" for name in (
        "home", "cases_index", "lessons", "training", "stats_page", "tags_page", "contributing_page",
        "propose_page"))
    project, site = build_site(tmp_path, "off", off, nav="")
    generated = sorted(p.relative_to(site / "playbook").as_posix() for p in (site / "playbook").rglob("index.html")
                       if not is_redirect(p))
    assert generated == sorted(f"cases/{p.stem}/index.html" for p in (project / "cases").glob("*.yml")), generated
    assert broken_links(site, "playbook") == []
    case = BeautifulSoup((site / "playbook/cases/ozzys-archive-facebook-complaints-disappear/index.html").read_text(),
                         "html.parser")
    lessons = case.select_one(".casebook-takeaway").get_text(" ", strip=True)
    assert "Acknowledge" in lessons and not case.select(".casebook-takeaway a")
    assert not case.find(string="Used in training")


def test_training_pages_come_only_with_modules_unless_asked(tmp_path):
    _, site = build_site(tmp_path, "no-modules", cases=False)
    assert not (site / "playbook" / "training").exists()
    _, site = build_site(tmp_path, "asked", "      training: true", cases=False)
    assert "No training module yet" in (site / "playbook" / "training" / "index.html").read_text()


def test_tags_without_the_tags_plugin_are_reported(tmp_path, small_project):
    case = (small_project / "cases" / "shop-cancels.yml").read_text() + "tags: [refunds]\n"
    (small_project / "cases" / "shop-cancels.yml").write_text(case)
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 1
    assert "casebook: cases have tags, but no tags plugin is on" in result.stderr
