"""The lines `casebook render` adds to a site's `mkdocs.yml` (read by Zensical, ProperDocs and
MkDocs alike): merged into the file as it is, its comments, order and tags kept (ruamel.yaml's
round trip), never appended as a second key that silently wins over the first.
"""

from __future__ import annotations

import io
import posixpath
from collections.abc import Iterable

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from casebook import paths


class ConfigError(ValueError):
    """The site's `mkdocs.yml` cannot take the lines; the message says why."""


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order, quotes and tags (`!ENV`, `!!python/name:`) stay
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def merged(text: str, nav: list[tuple[str, str]], css: Iterable[str], js: Iterable[str],
           own_pages: Iterable[str] = (), extensions: Iterable[str] = (), new_extensions: bool = False
           ) -> tuple[str, list[str]]:
    """`text`, a site's `mkdocs.yml`, with the casebook's `nav` entries (title, page path), its
    stylesheets and scripts added where missing; and what was added, one line each. A site with
    no `nav` (every page shown, the casebook's single cases too) gets one: its `own_pages` first,
    then the casebook's sections.

    The Markdown `extensions` are added to the site's `markdown_extensions` where missing. A
    site without that key gets one only with `new_extensions`: MkDocs adds its own extensions to
    the list, but Zensical reads the key as the whole list, in place of its defaults."""
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError as exc:  # a key twice (a nav appended by hand) among them
        raise ConfigError(" ".join(str(exc).split())) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, dict):
        raise ConfigError("it is not a mapping of settings")
    added: list[str] = []
    for key, wanted in (("extra_css", css), ("extra_javascript", js)):
        items = data.get(key)
        if items is None:
            items = data[key] = CommentedSeq()
        if not isinstance(items, list):
            raise ConfigError(f"'{key}' is not a list")
        for path in wanted:
            if path not in [str(item) for item in items]:
                items.append(path)
                added.append(f"{key}: {path}")
    _add_extensions(data, list(extensions), new_extensions, added)
    entries = data.get("nav")
    if entries is None:
        entries = data["nav"] = CommentedSeq(list(own_pages))
        added += [f"nav: {page}" for page in entries]
    if not isinstance(entries, list):
        raise ConfigError("'nav' is not a list")
    present = paths.nav_paths(entries)
    for title, page in nav:
        if posixpath.normpath(page) not in present:
            entries.append(CommentedMap([(title, page)]))
            added.append(f"nav: {title}: {page}")
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), added


def _add_extensions(data: dict, extensions: list[str], create: bool, added: list[str]) -> None:
    listed = data.get("markdown_extensions")
    if not extensions or (listed is None and not create):
        return
    if listed is None:
        listed = data["markdown_extensions"] = CommentedSeq()
    if not isinstance(listed, list):
        raise ConfigError("'markdown_extensions' is not a list")
    names = {str(next(iter(item))) if isinstance(item, dict) and item else str(item) for item in listed}
    for name in extensions:
        if name not in names and f"markdown.extensions.{name}" not in names:
            listed.append(name)
            added.append(f"markdown_extensions: {name}")
