"""Charts drawn at build time as accessible SVG: a title, a description and a data table each.

No script and no chart library: the SVG is text in the page, readable by screen readers
through its `<title>`/`<desc>`, and every chart is followed by the same numbers as a table.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

ROW_HEIGHT = 22
LABEL_WIDTH = 300
BAR_WIDTH = 360
CELL = 26


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th scope=\"col\">{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + f"<th scope=\"row\">{escape(str(row[0]))}</th>" + "".join(f"<td>{escape(str(c))}</td>" for c in row[1:]) + "</tr>"
        for row in rows
    )
    return (f'<details class="casebook-chart-data"><summary>{escape(caption)}: the numbers</summary>\n'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n</details>")


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int, str]], *, unit: str = "cases") -> str:
    """Horizontal bars: each row is (label, value, css class of the bar)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 50
    summary = "; ".join(f"{label}: {value}" for label, value, _ in rows) or "no data"
    parts = [
        f'<figure class="casebook-chart">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(f"{title}, in {unit}: {summary}.")}</desc>',
    ]
    for i, (label, value, css) in enumerate(rows):
        y = i * ROW_HEIGHT + 4
        bar = round(BAR_WIDTH * value / top)
        parts.append(
            f'<g class="casebook-bar {escape(css)}"><text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(_truncate(label, 44))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(bar, 1)}" height="{ROW_HEIGHT - 6}" rx="2"></rect>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 15}">{value}</text></g>'
        )
    parts.append("</svg>")
    parts.append(f"<figcaption>{escape(title)}</figcaption>")
    parts.append("</figure>")
    parts.append(_table(title, ["", unit.capitalize()], [(label, value) for label, value, _ in rows]))
    return "\n".join(parts)


def grid_chart(chart_id: str, title: str, rows: Sequence[str], columns: Sequence[str],
               counts: dict[tuple[int, int], int]) -> str:
    """A heat-map grid: rows × columns, each cell shaded by its count; empty cells are gaps."""
    top = max(counts.values(), default=0) or 1
    left, head = LABEL_WIDTH, 110
    width = left + CELL * len(columns) + 10
    height = head + CELL * len(rows) + 10
    gaps = sum(1 for r in range(len(rows)) for c in range(len(columns)) if not counts.get((r, c)))
    desc = (f"{title}: {len(rows)} lessons by {len(columns)} channels; {gaps} of {len(rows) * len(columns)} "
            f"combinations have no case yet.")
    parts = [
        '<figure class="casebook-chart casebook-grid">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for c, column in enumerate(columns):
        x = left + c * CELL + CELL / 2
        parts.append(f'<text x="{x}" y="{head - 6}" transform="rotate(-50 {x} {head - 6})">{escape(column)}</text>')
    for r, row in enumerate(rows):
        y = head + r * CELL
        parts.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(_truncate(row, 44))}</text>')
        for c, column in enumerate(columns):
            count = counts.get((r, c), 0)
            level = 0 if not count else 1 + min(3, (3 * count) // top)
            parts.append(
                f'<rect class="casebook-cell casebook-cell--{level}" x="{left + c * CELL + 1}" y="{y + 1}" '
                f'width="{CELL - 2}" height="{CELL - 2}" rx="2"><title>{escape(f"{row} / {column}: {count}")}</title></rect>'
            )
    parts.append("</svg>")
    parts.append(f"<figcaption>{escape(title)}</figcaption>")
    parts.append("</figure>")
    table_rows = [[row] + [counts.get((r, c), 0) for c in range(len(columns))] for r, row in enumerate(rows)]
    parts.append(_table(title, ["Lesson"] + list(columns), table_rows))
    return "\n".join(parts)
