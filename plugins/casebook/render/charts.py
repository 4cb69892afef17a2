"""Charts drawn at build time as HTML tables styled into bars and a heat map.

No script and no chart library: each chart is a table of the numbers it shows, so screen
readers read it as one, and the text stays at the page's text size at every width. Labels
are given in full and wrap; on a narrow screen a bar chart's rows stack, and the heat map
scrolls sideways inside its own focusable region.
"""

from __future__ import annotations

import gettext
from html import escape
from typing import Sequence

#: English, the source, for a chart drawn without the site's catalog (`casebook.i18n`).
_ENGLISH = gettext.NullTranslations()


def _hidden(text: str) -> str:
    return f'<span class="casebook-sr">{escape(text)}</span>'


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int, str]], *, label: str,
              words: gettext.NullTranslations = _ENGLISH) -> str:
    """Horizontal bars of numbers of cases: each row is (label, value, css class of the bar).
    `label` names the rows' column for screen readers; `words` are the site's (`casebook.i18n`)."""
    _ = words.gettext
    top = max((value for _, value, _ in rows), default=0) or 1
    caption = _("%(title)s, in cases") % {"title": title}
    unit = _("Cases")
    parts = [
        f'<figure class="casebook-chart casebook-bars" id="{chart_id}">',
        '<table class="casebook-chart-table">',
        f'<caption class="casebook-sr">{escape(caption)}</caption>',
        f'<thead><tr><th scope="col">{_hidden(label)}</th><th scope="col">{_hidden(unit)}</th></tr></thead>',
        "<tbody>",
    ]
    for name, value, css in rows:
        share = round(value / top, 4)
        parts.append(
            f'<tr class="casebook-bar {escape(css)}"><th scope="row">{escape(name)}</th>'
            f'<td><span class="casebook-bar-fill" style="--casebook-share: {share}"></span>'
            f'<span class="casebook-bar-value">{value}</span></td></tr>'
        )
    if not rows:
        nothing = _("No data yet.")
        parts.append(f'<tr><td colspan="2">{escape(nothing)}</td></tr>')
    parts += ["</tbody>", "</table>", "</figure>"]
    return "\n".join(parts)


def levels(top: int) -> list[tuple[int, int]]:
    """The count ranges shaded alike in a heat map whose largest count is `top`: one step for
    the smaller counts and one for the larger, so neighbouring steps stay far apart in contrast."""
    if top <= 1:
        return [(1, 1)]
    split = max(2, (top + 1) // 2)
    return [(1, split - 1), (split, top)]


def _range_text(low: int, high: int, words: gettext.NullTranslations) -> str:
    text = str(low) if low == high else f"{low}–{high}"
    return words.ngettext("%(num)s case", "%(num)s cases", high) % {"num": text}


def grid_chart(chart_id: str, title: str, rows: Sequence[str], columns: Sequence[str],
               counts: dict[tuple[int, int], int], *, row_label: str,
               words: gettext.NullTranslations = _ENGLISH) -> str:
    """A heat map of lessons by channels: each cell showing and shaded by its count; empty
    cells are gaps. `words` are the site's (`casebook.i18n`)."""
    _ = words.gettext
    top = max(counts.values(), default=0)
    steps = levels(top)

    def level(count: int) -> int:
        return next((i + 1 for i, (low, high) in enumerate(steps) if low <= count <= high), 0)

    gaps = sum(1 for r in range(len(rows)) for c in range(len(columns)) if not counts.get((r, c)))
    head = "".join(f'<th scope="col"><span class="casebook-grid-column">{escape(c)}</span></th>' for c in columns)
    parts = [
        f'<figure class="casebook-chart casebook-grid" id="{chart_id}">',
        f'<div class="casebook-scroll" role="region" tabindex="0" aria-labelledby="{chart_id}-caption">',
        '<table class="casebook-chart-table">',
        f'<caption id="{chart_id}-caption" class="casebook-sr">' + escape(
            _("%(title)s: %(rows)s lessons by %(columns)s channels; %(gaps)s of %(cells)s combinations have no case yet.")
            % {"title": title, "rows": len(rows), "columns": len(columns), "gaps": gaps, "cells": len(rows) * len(columns)})
        + "</caption>",
        f'<thead><tr><th scope="col">{_hidden(row_label)}</th>{head}</tr></thead>',
        "<tbody>",
    ]
    for r, row in enumerate(rows):
        cells = []
        for c in range(len(columns)):
            count = counts.get((r, c), 0)
            shown = str(count) if count else _hidden("0")
            cells.append(f'<td class="casebook-cell casebook-cell--{level(count)}">{shown}</td>')
        parts.append(f'<tr><th scope="row">{escape(row)}</th>{"".join(cells)}</tr>')
    parts += ["</tbody>", "</table>", "</div>"]
    gap = _("no case yet")
    legend = [f'<span class="casebook-swatch casebook-cell--0"></span> {escape(gap)}']
    legend += [f'<span class="casebook-swatch casebook-cell--{i + 1}"></span> {escape(_range_text(low, high, words))}'
               for i, (low, high) in enumerate(steps)]
    parts.append('<p class="casebook-legend" aria-hidden="true">'
                 + '<span class="casebook-legend-item">' + '</span> <span class="casebook-legend-item">'.join(legend)
                 + "</span></p>")
    parts.append("</figure>")
    return "\n".join(parts)
