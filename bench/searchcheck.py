"""A fixed list of search queries over a generated casebook, and the cases they must find.

For a few cases spread over the data set (the first, a third, two thirds, the last), one
query per way a reader looks a case up: its title, the first sentence of its summary, its
business, one of its lessons' titles, and a made-up word of its text that no other case uses
(`gen.rare_words`). `found` checks them against a built site's `search/search_index.json`:
every word of the query must be in one entry of that case's page (its title and text),
compared as Material's search compares them (lower case, split on white space and hyphens,
punctuation trimmed from the ends of words). The browser timing in `run.py` types the title
and the made-up word into the real search box.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass

import yaml

import gen


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    location: str  # the case page the query must find, e.g. "cases/case-00001-oak-bikes/"


def picks(n_cases: int) -> list[int]:
    return sorted({0, n_cases // 3, 2 * n_cases // 3, n_cases - 1})


def queries(cases_dir: str, n_cases: int) -> list[Query]:
    """The queries for the casebook `gen.write_casebook(cases_dir, n_cases)` wrote."""
    out = []
    for i in picks(n_cases):
        case_id = gen.case_id(i)
        case = _yaml(os.path.join(cases_dir, f"{case_id}.yml"))
        first = case["lessons"][0]
        lesson = _yaml(os.path.join(cases_dir, "lessons", f"{first if isinstance(first, str) else first['id']}.yml"))
        location = f"cases/{case_id}/"
        out += [
            Query("title", case["title"], location),
            Query("summary", case["summary"].split(". ")[0], location),
            Query("business", case["business"]["name"], location),
            Query("lesson", lesson["title"], location),
            Query("distinctive word", gen.rare_words(i)[i % gen.RARE_WORDS], location),
        ]
    return out


#: Words too common to look anything up by.
_STOP = {"the", "and", "that", "with", "from", "they", "their", "this", "were", "have", "been", "which", "when",
         "after", "about", "into", "there", "then", "than", "them", "what", "would", "could", "said", "also"}


def common_words(cases_dir: str, count: int = 3) -> list[str]:
    """The words of four letters or more that the most cases use in their story (title,
    summary, what happened, response, outcome): what a reader types when they look for a kind
    of story rather than one case."""
    seen: dict[str, int] = {}
    for name in sorted(os.listdir(cases_dir)):
        if name.endswith(".yml"):
            case = _yaml(os.path.join(cases_dir, name))
            text = " ".join(str(case.get(k) or "") for k in ("title", "summary", "what_happened", "response", "outcome"))
            for word in set(re.findall(r"[a-z]{4,}", text.lower())):
                seen[word] = seen.get(word, 0) + 1
    ranked = sorted((w for w in seen if w not in _STOP), key=lambda w: (-seen[w], w))
    return ranked[:count]


def _yaml(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    """Words as Material's search splits them (separator `[\\s\\-]+`), lower case, trimmed."""
    text = html.unescape(_TAG.sub(" ", text)).lower()
    return [w.strip(".,;:!?\"'()[]*") for w in re.split(r"[\s\-]+", text) if w.strip(".,;:!?\"'()[]*")]


def found(index_file: str, items: list[Query]) -> list[tuple[Query, bool]]:
    """Each query, and whether an entry of its case's page holds every word of it."""
    with open(index_file, encoding="utf-8") as f:
        docs = json.load(f)["docs"]
    by_page: dict[str, list[set[str]]] = {}
    for doc in docs:
        page = doc["location"].split("#", 1)[0]
        by_page.setdefault(page, []).append(set(words(doc["title"] + " " + doc["text"])))
    results = []
    for query in items:
        wanted = set(words(query.text))
        ok = any(wanted <= entry for entry in by_page.get(query.location, []))
        results.append((query, ok))
    return results
