"""What the "Propose a case" page needs, as data: the case fields from `schema`, described
for the browser, so the form is built from the same table as the validator.

The page holds this description as JSON; `assets/form.js` builds the form from it, checks
each field with the validator's own messages (`schema.MESSAGES`) and writes the YAML file.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from casebook.check import schema
from casebook.link import casefiles
from casebook.model import VERDICT_LABELS
from casebook.render import markup
from casebook.scaffold import SCHEMA_LINE

#: GitHub answers longer addresses with an error; content that would make the new-file link
#: longer than this is offered as a download to upload instead.
MAX_URL_LENGTH = 8000
#: Readable names for fixed values, where a capitalised value would not read well.
LABELS = {**VERDICT_LABELS, "followed": "Followed the lesson", "broken": "Broke the lesson"}


#: Words written in capitals when a name is shown.
CAPITALS = {"url": "URL", "sms": "SMS", "id": "ID"}


def label(name: str) -> str:
    """'what_happened' -> 'What happened', 'social-media' -> 'Social media', 'e-commerce' stays."""
    text = re.sub(r"_+|(?<=\w\w)-(?=\w\w)", " ", name).strip()
    text = " ".join(CAPITALS.get(word, word) for word in text.split(" "))
    return text[:1].upper() + text[1:]


def describe_kind(kind: schema.Kind, vocab: Mapping[str, Sequence[str]]) -> dict:
    """One kind of value as the form needs it; a kind the form does not know becomes text."""
    out: dict[str, Any] = {"describe": kind.describe(vocab)}
    if isinstance(kind, schema.Text):
        out.update(kind="text", markdown=kind.markdown, one_line=kind.one_line, max_length=kind.max_length,
                   pattern=kind.pattern, pattern_hint=kind.pattern_hint)
    elif isinstance(kind, schema.Choice):
        values = list(kind.allowed(vocab))
        out.update(kind="choice", noun=kind.noun, values=values,
                   labels=[LABELS.get(v, label(v)) for v in values])
    elif isinstance(kind, schema.Date):
        out.update(kind="date", pattern=schema.DATE_PATTERN)
    elif isinstance(kind, schema.Url):
        out.update(kind="url")
    elif isinstance(kind, schema.Ref):
        out.update(kind="ref", target=kind.target, pattern=schema.ID_PATTERN)
    elif isinstance(kind, schema.Integer):
        out.update(kind="integer", minimum=kind.minimum, maximum=kind.maximum, unit=kind.unit)
    elif isinstance(kind, schema.ListOf):
        out.update(kind="list", item=describe_kind(kind.item, vocab), min_items=kind.min_items, unique=kind.unique)
    elif isinstance(kind, schema.OneOf):
        out.update(kind="oneof", short=describe_kind(kind.short, vocab), long=describe_kind(kind.long, vocab))
    elif isinstance(kind, schema.Record):
        out.update(kind="record", name=kind.name, fields=[describe_field(f, vocab) for f in kind.fields])
    else:
        out.update(kind="text", markdown=False, one_line=False, max_length=None, pattern=None, pattern_hint="")
    return out


def readable_type(text: str) -> str:
    """A kind's description in the form's words: 'business mapping' -> 'business details',
    'list of timeline entry mappings' -> 'list of timeline entries'."""
    text = re.sub(r"\bentry mappings\b", "entries", text)
    text = re.sub(r"\bmappings\b", "entries", text)
    return re.sub(r"\bmapping\b", "details", text)


def label_condition(f: schema.Field) -> str:
    """When a conditionally required field is needed, in the form's labels ("" if never or always)."""
    if f.required_if is None:
        return ""
    other, value = f.required_if
    return f"when {label(other)} is empty" if value is None else f"when {label(other)} is {LABELS.get(value, label(value))}"


def describe_field(f: schema.Field, vocab: Mapping[str, Sequence[str]]) -> dict:
    return {
        "name": f.name,
        "label": label(f.name),
        # The form's own words for the type and the condition: its labels, not the file's keys.
        "help_type": readable_type(f.kind.describe(vocab)),
        "label_condition": label_condition(f),
        "doc": f.doc,
        "required": f.required,
        # Required only when a sibling field has a value, where the schema says so.
        "required_if": getattr(f, "required_if", None),
        "condition": getattr(f, "condition", ""),
        "example": f.example,
        "type": f.kind.describe(vocab),
        "kind": describe_kind(f.kind, vocab),
    }


def github_repo(repo_url: str | None, edit_uri: str | None) -> dict | None:
    """Where GitHub's new-file and upload pages are for a site whose `repo_url` is on GitHub."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    names = [p for p in parts.path.split("/") if p]
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(names) < 2:
        return None
    owner, repo = names[0], names[1].removesuffix(".git")
    match = re.match(r"/?(?:edit|blob|tree)/([^/]+)/", edit_uri or "")
    branch = match.group(1) if match else "main"
    base = f"https://github.com/{owner}/{repo}"
    return {"new": f"{base}/new/{branch}", "upload": f"{base}/upload/{branch}", "edit": f"{base}/edit/{branch}",
            "branch": branch}


def description(
    vocab: Mapping[str, Sequence[str]],
    lessons: Mapping[str, str],
    cases_dir: str = "cases",
    repo: dict | None = None,
) -> dict:
    """Everything the form needs to open: the case fields, the messages, the lessons and where to
    send it. The case ids in use are a file of their own (`paths.PROPOSE_IDS`), fetched once the
    reader edits: their number grows with the casebook, and a correction needs none of them."""
    folder = posixpath.normpath(cases_dir.replace("\\", "/")).strip("/") or "."
    return {
        "record": describe_kind(schema.CASE, vocab),
        "messages": schema.MESSAGES,
        "placeholder": schema.PLACEHOLDER,
        "schema_line": SCHEMA_LINE,
        "id_pattern": schema.ID_PATTERN,
        "reserved_ids": sorted(casefiles.RESERVED_IDS),
        "personal_data": {
            "email": casefiles._EMAIL_RE.pattern,
            "phone": casefiles._PHONE_RE.pattern,
            "date": casefiles._DATE_RE.pattern,
            "phone_digits": casefiles.PHONE_DIGITS,
        },
        "lessons": [{"id": k, "title": v} for k, v in lessons.items()],
        "cases_dir": folder,
        "repo": repo,
        "max_url_length": MAX_URL_LENGTH,
        "url_schemes": sorted(markup.URL_SCHEMES),
    }


def data_script(json_text: str) -> str:
    """A page's data block: `json_text` (from `script_json`) in a `<script type="application/json">`,
    inside an array. Material's instant navigation copies every script of a page it swaps in
    without its attributes, so that the browser runs it: the array makes the text a harmless
    expression when run, and the page's script finds the block by the element around it."""
    return f'<script type="application/json">[{json_text}]</script>'


def script_json(data: Any) -> str:
    """JSON that is safe inside a `<script>` element and stays one block of a Markdown page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
