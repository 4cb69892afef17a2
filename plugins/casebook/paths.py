"""Where each generated page lives in the docs tree, and the links between pages."""

from __future__ import annotations

HOME = "index.md"
CASES_INDEX = "cases/index.md"
LESSONS_INDEX = "lessons/index.md"
TRAINING_INDEX = "training/index.md"
STATS = "stats.md"
TAGS = "tags.md"
CONTRIBUTING = "contributing.md"
PROPOSE = "propose.md"
#: Where the plugin's scripts and styles are published.
ASSET_DEST = "assets/casebook"
#: The case files as written, for the form to fill in when a correction is suggested.
PROPOSE_DATA = "propose-cases.json"


def section_index(src: str) -> str | None:
    """The index page a case, lesson or module page belongs under (its tab in the site)."""
    for index in (CASES_INDEX, LESSONS_INDEX, TRAINING_INDEX):
        folder = index[: -len("index.md")]
        if src.startswith(folder) and src != index:
            return index
    return None


def case_page(case_id: str) -> str:
    return f"cases/{case_id}.md"


def lesson_page(lesson_id: str) -> str:
    return f"lessons/{lesson_id}.md"


def module_page(module_id: str) -> str:
    return f"training/{module_id}.md"


def facilitator_page(module_id: str) -> str:
    return f"training/facilitator/{module_id}.md"


def cards_page(module_id: str) -> str:
    return f"training/cards/{module_id}.md"


def page_url(src: str, directory_urls: bool) -> str:
    """The site-relative URL MkDocs serves a Markdown page at."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def relpath(target: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths, without asking the file system for a cwd."""
    to = [p for p in target.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def relative_url(target: str, source: str) -> str:
    """`target` as seen from the page at `source` (both site-relative URLs)."""
    base = source.rsplit("/", 1)[0] if "/" in source else ""
    rel = relpath(target, base)
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel
