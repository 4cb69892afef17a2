"""The casebook beside the plugins sites already use, each site built with `mkdocs build --strict`.

Two sites hold them all: one with mkdocs-redirects listed before the casebook, Material's blog,
mkdocs-print-site-plugin, mkdocs-git-revision-date-localized-plugin (in a git repository made
with known commit dates) and mkdocs-minify-plugin; one with mkdocs-static-i18n and
mkdocs-redirects listed after the casebook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, make_project, run_mkdocs, seed, shared

OZZY = "cases/ozzys-archive-facebook-complaints-disappear"


def title_of(path: str) -> str:
    """The title a case, lesson or module file gives itself, as its page heads it."""
    return seed(path)["title"]
REDIRECT = f"""\
  - redirects:
      redirect_maps:
        old-story.md: {OZZY}.md
"""

HEAD = """\
site_name: Plugins side by side
docs_dir: docs
theme:
  name: material
plugins:
  - search
"""

PLUGINS_SITE = HEAD + f"""\
{REDIRECT}  - blog
  - tags
  - git-revision-date-localized:
      type: date
      locale: en
  - minify:
      minify_html: true
  - casebook
  - print-site:  # it asks to be listed last, whatever the other plugins
      add_cover_page: false
nav:
  - Playbook: index.md
  - Cases: cases/index.md
  - Lessons: lessons/index.md
  - Training: training/index.md
  - Blog: blog/index.md
"""

I18N_SITE = HEAD + f"""\
  - tags
  - casebook
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: en, default: true, name: English, build: true}}
        - {{locale: fr, name: Français, build: true}}
{REDIRECT}"""


def git(project, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def plugins_site(tmp_path_factory):
    return shared(tmp_path_factory, "plugins", build_plugins_site) / "site"


def build_plugins_site(root: Path) -> None:
    project = make_project(root / "project", {
        "docs/blog/index.md": "# Blog\n",
        "docs/blog/posts/first.md": "---\ndate: 2024-01-15\n---\n\n# A first post\n\nHello.\n",
    }, PLUGINS_SITE)
    shutil.copytree(ROOT / "cases", project / "cases")
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Cases", date="2020-01-02T10:00:00Z")
    with open(project / f"{OZZY}.yml", "a", encoding="utf-8") as f:
        f.write("# checked against the source again\n")
    git(project, "commit", "-qam", "One case changed", date="2021-03-04T10:00:00Z")
    result = run_mkdocs(project, root / "site")
    assert result.returncode == 0, result.stderr


def test_a_redirect_listed_before_the_casebook_reaches_a_case_page(plugins_site):
    target = soup(plugins_site / "old-story" / "index.html").find("meta", attrs={"http-equiv": "refresh"})
    assert target["content"].endswith(f"url=../{OZZY}/")


def test_a_case_page_is_dated_by_the_last_commit_of_its_yaml_file(plugins_site):
    def date(case: str) -> str:
        return soup(plugins_site / case / "index.html").select_one(".git-revision-date-localized-plugin").get_text()

    assert date(OZZY) == "March 4, 2021"
    assert date("cases/title-9-refunds-entry-fees") == "January 2, 2020"


def test_the_print_page_holds_every_case_lesson_and_module(plugins_site):
    page = soup(plugins_site / "print_page" / "index.html")
    text = page.get_text(" ", strip=True)
    isolates = dict.fromkeys(range(0x2066, 0x206A))  # the marks that keep contributors' words apart
    titles = [h.get_text(" ", strip=True).translate(isolates) for h in page.select("section.print-page h1")]
    ozzy = title_of(OZZY + ".yml")
    for expected in (ozzy, title_of("cases/lessons/engage-public-criticism.yml"),
                     title_of("cases/modules/keeping-promises.yml")):
        assert any(expected in title for title in titles), expected
    assert "Facilitator notes" not in text  # model answers stay out of a learners' handout
    order = [t for t in titles if t.startswith(("Cases", ozzy, "Lessons"))]
    assert order.index(next(t for t in order if t.startswith("Cases"))) < order.index(
        next(t for t in order if t.startswith(ozzy))) < order.index(next(t for t in order if t.startswith("Lessons")))


def test_minified_pages_keep_the_casebook(plugins_site):
    html = (plugins_site / OZZY / "index.html").read_text()
    assert "\n\n" not in html
    assert soup(plugins_site / OZZY / "index.html").select_one(".casebook-glance .casebook-verdict").get_text() == \
        "Bad practice"


def test_the_blog_shares_the_site(plugins_site):
    assert "A first post" in (plugins_site / "blog" / "index.html").read_text()
    assert (plugins_site / "blog" / "2024" / "01" / "15" / "a-first-post" / "index.html").is_file()


def test_the_casebook_is_in_the_default_language_of_a_translated_site(tmp_path):
    project = make_project(tmp_path / "project", {
        "docs/about.md": "# About\n\nIn English.\n",
        "docs/about.fr.md": "# À propos\n\nEn français.\n",
    }, I18N_SITE)
    shutil.copytree(ROOT / "cases", project / "cases")
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    case = soup(site / OZZY / "index.html")
    assert case.select_one(".casebook-glance .casebook-verdict").get_text() == "Bad practice"
    assert (site / "casebook.json").is_file() and (site / "assets" / "casebook" / "casebook.js").is_file()
    assert soup(site / "fr" / "about" / "index.html").h1.get_text(strip=True).startswith("À propos")
    assert soup(site / "old-story" / "index.html").find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        f"url=../{OZZY}/")
