"""A complete site source for another engine (Zensical, plain MkDocs without the plugin, ...).

The pages the plugin would generate, the casebook's stylesheet and script, `casebook.json`, and
the lines to add to the engine's `mkdocs.yml`: a nav of the section pages and the `extra_css` /
`extra_javascript` entries. Nothing here knows MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from . import export, paths
from .catalog import Casebook
from .render import Renderer, RenderOptions

#: The casebook's stylesheet and script, shipped with the package.
ASSETS = os.path.join(os.path.dirname(__file__), "assets")


@dataclass
class SiteSource:
    #: Each file by its path in the docs folder: Markdown pages and `casebook.json` as text,
    #: assets as bytes.
    files: dict[str, str | bytes]
    #: The YAML to add to the engine's `mkdocs.yml`.
    config: str


def asset_names() -> list[str]:
    return sorted(os.listdir(ASSETS))


def config_snippet(pages: dict[str, str], mount: str) -> str:
    """The nav of the section pages generated, and the stylesheet and script to load on every page."""
    nav = [{title: paths.mounted(src, mount)} for src, title in paths.NAV if src in pages]
    assets = [paths.mounted(f"{paths.ASSET_DEST}/{name}", mount) for name in asset_names()]
    config = {
        "nav": nav,
        "extra_css": [a for a in assets if a.endswith(".css")],
        "extra_javascript": [a for a in assets if a.endswith(".js")],
    }
    head = "# The casebook's pages: add these lines to mkdocs.yml (merge them with a nav you have).\n"
    return head + yaml.dump(config, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)


def site_source(book: Casebook, options: RenderOptions, mount: str = "") -> SiteSource:
    renderer = Renderer(book, options)
    pages = renderer.pages()
    files: dict[str, str | bytes] = {paths.mounted(src, mount): text for src, text in pages.items()}
    files.update({paths.mounted(src, mount): text for src, text in renderer.data_files().items()})
    files[paths.mounted(paths.EXPORT, mount)] = export.to_json(
        book, compact=True, graph=renderer.graph,
        url=lambda src: paths.page_url(paths.mounted(src, mount), options.directory_urls))
    for name in asset_names():
        with open(os.path.join(ASSETS, name), "rb") as f:
            files[paths.mounted(f"{paths.ASSET_DEST}/{name}", mount)] = f.read()
    return SiteSource(files=files, config=config_snippet(pages, mount))
