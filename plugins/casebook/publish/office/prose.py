"""A contributor's Markdown as plain blocks of styled text, for a Word document or a slide.

The site renders a Markdown field to sanitised HTML (`casebook.render.markup`); a document
format needs the same text as paragraphs, list items and quotations made of runs of plain,
bold, italic or code text. Nothing here is HTML: raw HTML is kept as the characters typed,
an image becomes its description, and a link is its text followed by its address, which
stays readable on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

#: Characters XML 1.0 cannot hold (Word and PowerPoint files are XML): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str | None) -> str:
    """`text` with what an XML document cannot hold removed, and its lines joined."""
    return _NOT_XML.sub("", " ".join((text or "").split()))


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Block:
    """A paragraph of a kind: `paragraph`, `heading`, `bullet`, `number` (a numbered list item,
    `number` giving its number), `quote` or `code`. `level` is how deep in lists it sits (0 at the
    top), `quoted` whether it sits in a quotation."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    number: int | None = None
    quoted: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def blocks(markdown: str | None) -> list[Block]:
    """The blocks of a Markdown field, in order."""
    if not markdown or not markdown.strip():
        return []
    found: list[Block] = []
    lists: list[list] = []  # for each open list: [kind, next number]
    quotes = 0
    pending: Block | None = None  # a list item's kind, until its first paragraph opens
    heading = False
    for token in _PARSER.parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append(["bullet" if kind == "bullet_list_open" else "number", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            style, number = lists[-1]
            pending = Block(style, level=len(lists) - 1, number=number if style == "number" else None,
                            quoted=quotes > 0)
            lists[-1][1] += 1
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "inline":
            if pending is not None:
                block, pending = pending, None
            elif lists:  # a second paragraph of a list item
                block = Block("paragraph", level=len(lists), quoted=quotes > 0)
            else:
                block = Block("heading" if heading else "quote" if quotes else "paragraph", quoted=quotes > 0)
            heading = False
            block.runs = _runs(token.children or [])
            found.append(block)
        elif kind == "heading_open":
            heading = True
        elif kind in ("fence", "code_block"):
            found.append(Block("code", [Run(_NOT_XML.sub("", token.content.rstrip("\n")), code=True)],
                               level=len(lists), quoted=quotes > 0))
        elif kind == "hr":
            found.append(Block("paragraph", [Run("* * *")]))
    return found


def _runs(children) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    link: list[str] = []
    for token in children:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind in ("em_open", "s_open"):
            italic += 1
        elif kind in ("em_close", "s_close"):
            italic -= 1
        elif kind == "link_open":
            link.append(token.attrGet("href") or "")
        elif kind == "link_close":
            href = link.pop()
            if href and href != (runs[-1].text if runs else None):
                runs.append(Run(f" ({_NOT_XML.sub('', href)})", italic=bool(italic), bold=bool(bold)))
        elif kind in ("text", "html_inline"):
            runs.append(Run(_NOT_XML.sub("", token.content), bool(bold), bool(italic)))
        elif kind == "code_inline":
            runs.append(Run(_NOT_XML.sub("", token.content), bool(bold), bool(italic), code=True))
        elif kind == "image":
            runs.append(Run(_NOT_XML.sub("", token.content or token.attrGet("src") or ""), bool(bold), True))
        elif kind == "softbreak":
            runs.append(Run(" "))
        elif kind == "hardbreak":
            runs.append(Run("\n"))
    merged: list[Run] = []
    for run in runs:  # neighbours of one style as one run
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code) == (run.bold, run.italic, run.code):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.code)
        else:
            merged.append(run)
    return merged


def plain(markdown: str | None) -> str:
    """A Markdown field as one line of plain text (for a short place, a slide's notes say)."""
    return " ".join(block.text for block in blocks(markdown))
