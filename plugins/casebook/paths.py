"""Where each generated page lives in the docs tree, and the links between pages."""

from __future__ import annotations

import os
import posixpath
import re
from typing import Callable, Container
from urllib.parse import urljoin, urlsplit

from casebook.i18n import N_

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
#: The folder of the case files as written, one JSON file a case (`<id>.json`), for the form to
#: fill in when a correction is suggested: a correction downloads its own case alone.
PROPOSE_DATA = "propose-cases/"
#: Every case id in use, for the form to check a new file name against and to suggest in
#: `related`: fetched once the reader starts to edit, never to open a correction.
PROPOSE_IDS = "propose-ids.json"


def propose_data(case_id: str) -> str:
    return f"{PROPOSE_DATA}{case_id}.json"

#: The generated pages that belong in a site's nav, in order, with the title each has there.
#: Every other generated page is linked from these.
NAV = (
    (HOME, N_("Playbook")), (CASES_INDEX, N_("Cases")), (LESSONS_INDEX, N_("Lessons")), (TRAINING_INDEX, N_("Training")),
    (STATS, N_("Stats")), (TAGS, N_("Tags")), (CONTRIBUTING, N_("Contributing")), (PROPOSE, N_("Propose a case")),
)


#: The generated pages that belong in a navigation; every other generated page is linked from these.
IN_NAV = frozenset(src for src, _ in NAV)


def nav_paths(items) -> set[str]:
    """Every page path named in a `nav` configuration."""
    found: set[str] = set()
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str):
            found.add(posixpath.normpath(value))
        elif isinstance(value, list):
            found |= nav_paths(value)
    return found


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


#: The page of each kind of item (a case, a lesson, a module), by the item's id.
ITEM_PAGE = {"case": case_page, "lesson": lesson_page, "module": module_page}


def facilitator_page(module_id: str) -> str:
    return f"training/facilitator/{module_id}.md"


def cards_page(module_id: str) -> str:
    return f"training/cards/{module_id}.md"


def module_download(module_id: str, name: str) -> str:
    """A file made from a module (its Word handout, its slides, ...), in the folder of its page's
    address: `training/<id>/<id>-<name>`, which keeps the module's name when it is saved."""
    return f"training/{module_id}/{module_id}-{name}"


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


def page_link(href: str, src: str, directory_urls: bool, files: Container[str] = ()) -> str:
    """`href`, written in the page at `src` (a docs-relative `.md` path), as the URL the site
    serves: a relative link to another page's `.md` file becomes that page's address, relative
    to this page's, and so does a link to one of `files` (generated files that are not pages, by
    their docs-relative paths, such as a module's downloads); anything else is left as it is."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return href
    page = parts.path.endswith(".md")
    if not page and not files:
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), parts.path))
    if not page and target not in files:
        return href
    url = relative_url(page_url(target, directory_urls) if page else target, page_url(src, directory_urls))
    return url + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


_HTML_LINK = re.compile(r'\b(href|src)="([^"]*)"')


def resolve_html_links(content: str, src: str, directory_urls: bool, files: Container[str] = ()) -> str:
    """A page's finished HTML with the `.md` links of its HTML blocks resolved (`page_link`),
    and its links to `files`. The generated pages write every link to another page as its `.md`
    file, and to a file they publish (a module's downloads) as that file, relative to the page's
    own file, in HTML as in Markdown: Zensical resolves both kinds itself, MkDocs only
    Markdown's, so the plugin resolves the rest."""
    return _HTML_LINK.sub(lambda m: f'{m.group(1)}="{page_link(m.group(2), src, directory_urls, files)}"', content)


#: The whole casebook as JSON, published beside the pages.
EXPORT = "casebook.json"


class MountError(ValueError):
    """A `mount` folder that is not a plain folder inside the site."""


def mount_folder(value: str) -> str:
    """The `mount` option as a clean site path: '' for the root, else `a/b`, without slashes
    around it. A folder outside the docs tree (`..`, absolute) is refused."""
    text = (value or "").replace("\\", "/").strip()
    if text.startswith("/") and text.strip("/") or ":" in text:
        raise MountError(f"'{value}' must be a folder inside the site, such as 'playbook'")
    parts = [p for p in text.split("/") if p and p != "."]
    if ".." in parts:
        raise MountError(f"'{value}' must be a folder inside the site, such as 'playbook'")
    return "/".join(parts)


def mounted(src: str, mount: str) -> str:
    """`src`, a path inside the casebook, at its place in the site when the casebook lives under `mount`.
    Links between generated pages are relative, so they stay the same wherever the casebook is mounted."""
    return f"{mount}/{src}" if mount else src


def unmounted(src: str, mount: str) -> str:
    """`src`, a path in the site, as a path inside the casebook mounted under `mount` (`mounted` undone)."""
    return src[len(mount) + 1:] if mount and src.startswith(mount + "/") else src


def from_folder(path: str, folder: str) -> str:
    """`path` (on disk) relative to `folder`, with forward slashes: `../cases/x.yml`."""
    return posixpath.normpath(os.path.relpath(path, folder).replace(os.sep, "/"))


def own_home_message(shown: str) -> str:
    """What the build and `casebook render` say when the site's own page at `shown` is where the
    casebook's home page would go."""
    return f"{shown} is the site's own page, so the casebook's home page is not generated (set 'home: false' to say so)"


def no_edit_link(path: str) -> None:
    """The edit link of a site with no repository: none."""
    return None


def edit_links(repo_url: str | None, edit_uri: str | None, template: str | None,
               from_docs: Callable[[str], str]) -> Callable[[str], str | None]:
    """Edit links to the YAML files, built the way MkDocs builds a page's: `from_docs` turns a
    project path (`cases/x.yml`) into one relative to the docs folder, and `edit_uri` (or
    `edit_uri_template`) places it in the repository at `repo_url`."""
    if not repo_url or not (edit_uri or template):
        return no_edit_link
    base = repo_url if repo_url.endswith("/") else repo_url + "/"

    def edit_url(path: str) -> str:
        rel = from_docs(path)
        uri = template.format(path=rel, path_noext=posixpath.splitext(rel)[0]) if template else edit_uri + rel
        return urljoin(base, uri)

    return edit_url
