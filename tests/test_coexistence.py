"""The casebook beside the plugins sites already use, each site built with `mkdocs build --strict`.

Two sites hold them all: one with mkdocs-redirects listed before the casebook, Material's blog,
mkdocs-print-site-plugin, mkdocs-git-revision-date-localized-plugin (in a git repository made
with known commit dates) and mkdocs-minify-plugin; one with mkdocs-static-i18n and
mkdocs-redirects listed after the casebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook import i18n
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
  - casebook:
      search: pagefind
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: en, default: true, name: English, build: true}}
        - {{locale: de, name: Deutsch, build: true}}
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


TITLE_9 = "cases/title-9-refunds-entry-fees"
GERMAN_TITLE = "Title 9 erstattet jede Startgebühr"


def test_each_language_of_a_translated_site_has_the_casebook_in_its_own_words(tmp_path):
    """mkdocs-static-i18n builds English (the default) at the root and German into de/: each
    has the casebook's pages in its language, with its data, words and scripts beside them,
    and a case translated into German (`<id>.de.yml`) shows its translation there."""
    project = make_project(tmp_path / "project", {
        "docs/about.md": "# About\n\nIn English.\n",
        "docs/about.de.md": "# Über uns\n\nAuf Deutsch.\n",
    }, I18N_SITE)
    shutil.copytree(ROOT / "cases", project / "cases")
    original = (project / f"{TITLE_9}.yml").read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    (project / f"{TITLE_9}.de.yml").write_text(original.replace(title, f"title: {GERMAN_TITLE}"), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    german = i18n.translations("de")

    # English at the root, as the site had it before any language was added.
    case = soup(site / OZZY / "index.html")
    assert case.select_one(".casebook-glance .casebook-verdict").get_text() == "Bad practice"
    assert soup(site / TITLE_9 / "index.html").h1.get_text(strip=True) != GERMAN_TITLE
    assert "Englisch" not in (site / OZZY / "index.html").read_text(encoding="utf-8")
    # German under de/: the casebook's words, the translated case, and a note on the others.
    de_case = soup(site / "de" / OZZY / "index.html")
    assert de_case.html["lang"] == "de"
    assert de_case.select_one(".casebook-glance .casebook-verdict").get_text() == german.gettext("Bad practice")
    assert soup(site / "de" / "cases" / "index.html").h1.get_text(strip=True) == german.gettext("Cases")
    assert soup(site / "de" / TITLE_9 / "index.html").h1.get_text(strip=True) == GERMAN_TITLE
    assert soup(site / "de" / TITLE_9 / "index.html").select_one(".casebook-untranslated") is None
    note = de_case.select_one(".casebook-untranslated").get_text(" ", strip=True)
    assert note == german.gettext("Not translated yet: shown in %(language)s.") % {"language": "Englisch"}
    # What a German page loads and fetches is in de/, in German: none of it is missing.
    for page in ("de/propose/index.html", f"de/{OZZY}/index.html", "de/cases/index.html"):
        html = soup(site / page)
        folder = (site / page).parent
        wanted = [tag.get("src") or tag.get("href") for tag in html.select("script[src], link[rel=stylesheet]")]
        form = html.select_one("[data-casebook-form]")
        if form is not None:
            wanted += [form["data-assets"] + "form.js", form["data-ids"], form["data-cases"] + f"{OZZY.split('/')[1]}.json"]
        for url in [u for u in wanted if "casebook" in u or "propose" in u]:
            path = (folder / url.split("?")[0]).resolve()
            assert path.is_file(), (page, url)
            assert path.is_relative_to((site / "de").resolve()), (page, url)
    # The German data leads to the German pages.
    exported = json.loads((site / "de" / "casebook.json").read_text(encoding="utf-8"))
    assert all(case["url"].startswith("de/cases/") for case in exported["cases"]), [c["url"] for c in exported["cases"]]
    words = (site / "de" / "assets" / "casebook" / "words.js").read_text(encoding="utf-8")
    assert german.gettext("Table, scrolls sideways") in words and "Table, scrolls sideways" not in words
    assert "Table, scrolls sideways" in (site / "assets" / "casebook" / "words.js").read_text(encoding="utf-8")
    assert soup(site / "de" / "about" / "index.html").h1.get_text(strip=True).startswith("Über uns")
    # One Pagefind index holds both languages, each page in its own (by its lang).
    languages = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert sorted(languages) == ["de", "en"] and languages["de"]["page_count"] == languages["en"]["page_count"] > 20
    assert soup(site / "old-story" / "index.html").find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        f"url=../{OZZY}/")


def test_without_fallback_to_default_each_language_still_has_the_casebook(tmp_path):
    """With `fallback_to_default: false`, mkdocs-static-i18n leaves out of a language every file
    not written in it: the casebook's pages and data are, so the German folder keeps them."""
    site_yml = I18N_SITE.replace("      search: pagefind\n", "").replace(
        "      docs_structure: suffix\n", "      docs_structure: suffix\n      fallback_to_default: false\n")
    assert "fallback_to_default: false" in site_yml
    project = make_project(tmp_path / "project", {"docs/index.md": "# Home\n", "docs/index.de.md": "# Start\n"},
                           site_yml)
    shutil.copytree(ROOT / "cases", project / "cases")
    site = tmp_path / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    german = i18n.translations("de")
    assert soup(site / "de" / "cases" / "index.html").h1.get_text(strip=True) == german.gettext("Cases")
    assert soup(site / "de" / OZZY / "index.html").select_one(".casebook-verdict").get_text() == german.gettext(
        "Bad practice")
    for data in ("casebook.json", "propose-ids.json", "assets/casebook/words.js"):
        assert (site / "de" / data).is_file(), data
