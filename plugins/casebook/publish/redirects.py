"""Renamed cases, lessons and modules (`former_ids`): their old addresses lead to the new pages.

A site that runs mkdocs-redirects gets them as entries of its `redirect_maps`; any other site,
and `casebook render`, gets a small HTML page at each old address that sends the reader on
(a meta refresh, a script that keeps the `#fragment`, a canonical link and a plain link).
"""

from __future__ import annotations

import html

from casebook import i18n
from casebook.paths import cards_page, case_page, facilitator_page, lesson_page, module_page, page_url, relative_url

#: The pages of each kind, by the item's id.
PAGES = {
    "case": (case_page,),
    "lesson": (lesson_page,),
    "module": (module_page, facilitator_page, cards_page),
}


def moved(book, pages) -> dict[str, tuple[str, str]]:
    """Each old page path (`cases/old.md`) -> (the new page's path, its item's title), for every
    former id of a case, lesson or module whose page is generated (in `pages`)."""
    found: dict[str, tuple[str, str]] = {}
    for kind, shelf in (("case", book.cases), ("lesson", book.lessons), ("module", book.modules)):
        for item_id, item in shelf.items():
            for old in item.former_ids:
                for page in PAGES[kind]:
                    if page(item_id) in pages:
                        found[page(old)] = (page(item_id), item.title)
    return found


def redirect_page(old: str, new: str, title: str, directory_urls: bool, language: str | None = None) -> tuple[str, str]:
    """The file at the old page's address (`cases/old/index.html`) and its HTML, which leads to
    `new`; its words in the language being spoken (`i18n.speaking`), `language` its code."""
    old_url = page_url(old, directory_urls)
    dest = old_url + "index.html" if old_url.endswith("/") or not old_url else old_url
    target = html.escape(relative_url(page_url(new, directory_urls), old_url), quote=True)
    shown = html.escape(title)
    moved = html.escape(i18n.gettext("Moved: {title}")).replace("{title}", shown)
    said = html.escape(i18n.gettext("This page has moved: {page}.")).replace("{page}", f"<a href=\"{target}\">{shown}</a>")
    return dest, (
        f"<!doctype html>\n<html lang=\"{html.escape(i18n.language_code(language), quote=True)}\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        f"<title>{moved}</title>\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<link rel=\"canonical\" href=\"{target}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<script>location.replace(\"{target}\" + location.hash)</script>\n"
        "</head>\n<body>\n"
        f"<p>{said}</p>\n"
        "</body>\n</html>\n"
    )


def redirect_pages(found: dict[str, tuple[str, str]], directory_urls: bool, language: str | None = None) -> dict[str, str]:
    """The HTML page at every old address of `found` (from `moved`), by its path in the site."""
    return dict(redirect_page(old, new, title, directory_urls, language) for old, (new, title) in found.items())
