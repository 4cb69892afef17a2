"""Write a new, commented case file from the schema, so the template explains every field."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from typing import Mapping, Sequence

from casebook.check.editorial import STANDARDS
from casebook.check.schema import CASE, PLACEHOLDER, Choice, Field, ListOf, OneOf, Record, Text, shown_example
from casebook.i18n import gettext as _

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/case.schema.json"  # the usual layout, for the form


def schema_line(schema_file: str) -> str:
    """The line that points editors (the YAML language server) at `schema_file`, a path relative
    to the case file's folder."""
    return f"# yaml-language-server: $schema={schema_file}"


def slugify(title: str) -> str:
    """A file-name id from a title: 'Ozzy's & Archive!' -> 'ozzys-archive'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _help(f: Field, vocab: Mapping[str, Sequence[str]]) -> list[str]:
    if f.required:
        words = _("required")
    elif f.condition:
        words = _("required %(condition)s") % {"condition": f.condition}
    else:
        words = _("optional")
    lines = [f"{_(f.doc)} ({words}; {f.kind.describe(vocab)})"]
    allowed = f.kind.allowed(vocab)
    if allowed:
        lines.append(_("Allowed:") + " " + ", ".join(allowed))
    return lines


def _placeholder(f: Field) -> str:
    doc = _(f.doc)
    return f"{PLACEHOLDER}: {doc[:1].lower()}{doc[1:]}".rstrip(".")


def _emit(record: Record, vocab, indent: str, out: list[str], values: dict, first_prefix: str = "") -> None:
    prefix = first_prefix or indent
    for f in record.fields:
        for line in _help(f, vocab):
            out.append(f"{indent}# {line}")
        kind = f.kind
        if f.name in values:
            out.append(f"{prefix}{f.name}: {values[f.name]}")
        elif not f.needed({}):  # a field needed while the fields it depends on are absent is filled in
            example = shown_example(f) if f.example is not None else _placeholder(f)
            out.append(f"{indent}# {f.name}: {_quote(example) if isinstance(example, str) else json.dumps(example)}")
        elif isinstance(kind, Record):
            out.append(f"{prefix}{f.name}:")
            _emit(kind, vocab, indent + "  ", out, {})
        elif isinstance(kind, ListOf) and isinstance(kind.item, (Record, OneOf)):
            item = kind.item.long if isinstance(kind.item, OneOf) else kind.item
            out.append(f"{prefix}{f.name}:")
            _emit(item, vocab, indent + "    ", out, {}, first_prefix=indent + "  - ")
        elif isinstance(kind, ListOf):
            out.append(f"{prefix}{f.name}: [{PLACEHOLDER}]")
        elif isinstance(kind, Text) and kind.markdown:
            out.append(f"{prefix}{f.name}: |")
            out.append(f"{indent}  {_placeholder(f)}")
        elif isinstance(kind, Choice):
            out.append(f"{prefix}{f.name}: {PLACEHOLDER}")
        else:
            out.append(f"{prefix}{f.name}: {_quote(_placeholder(f))}")
        prefix = indent
        if not indent:
            out.append("")


def case_template(title: str, verdict: str | None, vocab: Mapping[str, Sequence[str]],
                  schema_file: str = "../schema/case.schema.json") -> str:
    """The text of a new case file: every field explained, required ones to fill in, in the
    language being spoken (`i18n.speaking`); `schema_file` is the case schema's path relative
    to the cases folder."""
    head = _("A new case for the casebook. Replace every TODO, uncomment the optional fields you use and delete "
             "the rest, then check the file with `casebook validate`. Every field is described on the site's "
             "Contributing page, with the editorial standards every case is held to (see 'Editorial standards' "
             "there):")
    out = [
        schema_line(schema_file),
        "#",
        *(f"# {line}" for line in textwrap.wrap(head, 88)),
        *(f"#   - {_(rule)}" for rule, _explanation in STANDARDS),
        "",
    ]
    values = {"title": _quote(title)}
    if verdict:
        values["verdict"] = verdict
    _emit(CASE, vocab, "", out, values)
    return "\n".join(out).rstrip() + "\n"
