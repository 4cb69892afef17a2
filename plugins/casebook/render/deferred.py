"""Finished HTML blocks kept away from a site engine's Markdown pass, then put back."""

from __future__ import annotations

import re

_PLACEHOLDER = "<!--casebook-block-{}-->"
_PLACEHOLDER_RE = re.compile(r"<!--casebook-block-(\d+)-->")


class DeferredBlocks:
    """Finished HTML blocks lifted out of generated pages before a site engine's Markdown pass,
    and put back into the HTML it produces.

    The blocks are already complete and safe HTML; passing them through Python-Markdown only
    re-parses them (most of a case page), so an engine that allows it skips that work. The
    pages keep their headings and Markdown links, which the engine still resolves.
    """

    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}

    def take(self, markdown: str) -> str:
        """`markdown` with each top-level HTML block (not comments) replaced by a placeholder."""
        parts = markdown.split("\n\n")
        for i, part in enumerate(parts):
            part = part.lstrip("\n")  # after three or more newlines
            if part.startswith("<") and not part.startswith("<!--"):
                key = str(len(self.blocks))
                self.blocks[key] = part
                parts[i] = _PLACEHOLDER.format(key)
        return "\n\n".join(parts)

    def restore(self, html: str) -> str:
        """The engine's HTML with every placeholder replaced by its block."""
        if "<!--casebook-block-" not in html:
            return html
        return _PLACEHOLDER_RE.sub(lambda m: self.blocks.pop(m.group(1), m.group(0)), html)
