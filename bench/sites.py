"""The MkDocs projects the benchmark builds, each a folder with its own mkdocs.yml.

- casebook:  cases/ (YAML) + an empty docs/; the casebook plugin generates every page.
- plain:     the same pages rendered ahead of time by casebook's core (`casebook.render.markdown_pages`)
             and written to docs/ as ordinary Markdown; plain MkDocs, same theme, same nav
             design (only the index pages in the nav; case and lesson pages `not_in_nav`).
- naive:     the same pre-rendered pages with every case and lesson page in the nav.

All three share the theme settings and plugins of the repository's mkdocs.yml (Material,
same features and palette, the `search` and `tags` plugins, `toc` with permalinks),
without `repo_url`.
"""

from __future__ import annotations

import functools
import os
import posixpath
import shutil
import tempfile

import yaml

from casebook import paths
from casebook.link import casefiles
from casebook.mkdocs.config import defaults, render_options
from casebook.publish import assembly
from casebook.render import markdown_pages

from gen import write_casebook

#: The casebook plugin's options in the repository's mkdocs.yml, beyond `cases_dir`: the
#: benchmark's casebook sites use them too.
REPO_OPTIONS = {"search": "pagefind"}

THEME = {
    "name": "material",
    "features": [
        "navigation.instant",
        "navigation.tabs",
        "search.suggest",
        "search.highlight",
        "content.action.edit",
    ],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"}},
    ],
}

#: Titles for the generated pages the plugin puts in the nav (`casebook.paths.IN_NAV`), in
#: the order of the repository's mkdocs.yml.
NAV_TITLES = {
    paths.HOME: "Playbook",
    paths.CASES_INDEX: "Cases",
    paths.LESSONS_INDEX: "Lessons",
    paths.TRAINING_INDEX: "Training",
    paths.STATS: "Stats",
    paths.TAGS: "Tags",
    getattr(markdown_pages, "CONTRIBUTING", "contributing.md"): "Contributing",
}


@functools.lru_cache(maxsize=1)
def index_pages() -> tuple[str, ...]:
    """The nav-worthy pages the plugin generates with default options (found by rendering a tiny casebook)."""
    with tempfile.TemporaryDirectory() as tmp:
        write_casebook(os.path.join(tmp, "cases"), 2)
        book, _ = casefiles.load(os.path.join(tmp, "cases"), root=tmp)
        pages = markdown_pages.Renderer(book, render_options(defaults())).pages()
    order = list(NAV_TITLES)
    found = [p for p in pages if p in paths.IN_NAV]
    return tuple(sorted(found, key=lambda p: (order.index(p) if p in order else len(order), p)))


def index_nav(children: dict[str, list[str]] | None = None) -> list[dict]:
    """The site's nav: the generated index pages, each with `children` listed under it (naive design)."""
    nav = []
    for page in index_pages():
        title = NAV_TITLES.get(page) or page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()
        nav.append({title: [page, *children[page]] if children and children.get(page) else page})
    return nav



def not_in_nav(pages) -> str:
    """`not_in_nav` patterns for what the plugin marks NOT_IN_NAV: every generated page outside
    IN_NAV. One pattern per folder (plus exceptions for index pages), not one per page, so
    matching costs the same as the plugin's flag."""
    lines: list[str] = []
    for folder in sorted({posixpath.dirname(p) for p in pages if p not in paths.IN_NAV}):
        lines.append(f"/{folder}/*.md" if folder else "/*.md")
        lines += [f"!/{p}" for p in sorted(paths.IN_NAV) if posixpath.dirname(p) == folder and p in pages]
    return "\n".join(lines)


def _config(name: str, plugins: list, nav: list, **extra) -> dict:
    config = {
        "site_name": f"casebook bench: {name}",
        "docs_dir": "docs",
        "theme": THEME,
        "plugins": plugins,
        "markdown_extensions": [{"toc": {"permalink": True}}],
        "nav": nav,
    }
    config.update(extra)
    return config


def _write_config(project: str, config: dict) -> str:
    path = os.path.join(project, "mkdocs.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False, allow_unicode=True, width=10_000)
    return path


def casebook_project(project: str, n_cases: int, **options) -> str:
    """A site built by the casebook plugin from `n_cases` generated YAML cases, with the
    plugin's `options` (such as `lesson_cases`)."""
    shutil.rmtree(project, ignore_errors=True)
    write_casebook(os.path.join(project, "cases"), n_cases)
    os.makedirs(os.path.join(project, "docs"))
    plugins = ["search", "tags", {"casebook": {"cases_dir": "cases", **options}}]
    return _write_config(project, _config(f"casebook, {n_cases} cases", plugins, index_nav()))


def render_docs(cases_dir: str, docs_dir: str, root: str) -> dict[str, str]:
    """Render the casebook in `cases_dir` to Markdown files in `docs_dir`, as the plugin would."""
    book, problems = casefiles.load(cases_dir, root=root)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise RuntimeError(f"{len(errors)} errors in generated cases, e.g. {errors[0]}")
    site = assembly.site_files(markdown_pages.Renderer(book, render_options(defaults())))
    for src_uri, content in site.texts().items():
        path = os.path.join(docs_dir, *src_uri.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    # The plugin adds its stylesheet and scripts as generated files and to the site's lists; do
    # the same by hand.
    for src_uri, source in site.assets.items():
        path = os.path.join(docs_dir, *src_uri.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copyfile(source, path)
    pages = site.pages
    return pages


def prerendered_project(project: str, cases_dir: str, *, every_page_in_nav: bool) -> str:
    """Plain MkDocs over pages pre-rendered from `cases_dir`: 'plain' or 'naive' nav design."""
    shutil.rmtree(project, ignore_errors=True)
    docs = os.path.join(project, "docs")
    pages = render_docs(cases_dir, docs, root=os.path.dirname(cases_dir))
    css = [assembly.STYLESHEET]
    if every_page_in_nav:
        cases = sorted(p for p in pages if p.startswith("cases/") and p != paths.CASES_INDEX)
        lessons = sorted(p for p in pages if p.startswith("lessons/") and p != paths.LESSONS_INDEX)
        nav = index_nav({paths.CASES_INDEX: cases, paths.LESSONS_INDEX: lessons})
        config = _config(f"naive, {len(cases)} cases in the nav", ["search", "tags"], nav, extra_css=css)
    else:
        config = _config("plain pre-rendered pages", ["search", "tags"], index_nav(), extra_css=css,
                         not_in_nav=not_in_nav(pages))
    return _write_config(project, config)
