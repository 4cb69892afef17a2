"""The fields of cases, lessons and modules: one definition that validates, documents and exports.

The validator, the JSON Schema written for editors, the contributing page and the
`casebook new` template are all produced from the records defined at the end of this
module, so they cannot drift apart.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

from casebook.read.characters import (BIDI, BIDI_PATTERN, ONE_LINE_BREAK, ZERO_WIDTH, char_name, invisible_note, is_invisible,
                         shown)
from casebook.i18n import N_, gettext as _
from casebook.model import VERDICT_LABELS
from casebook.problems import ERROR, WARNING, did_you_mean, one_of
from casebook.read.yamlfile import Path, kind_name

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
TAG_PATTERN = r"^[a-z0-9]+([ -][a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_RE = re.compile(DATE_PATTERN)
#: Text a template leaves for the contributor to replace.
PLACEHOLDER = "TODO"

VERDICTS = ("good", "bad", "mixed")
STANCES = ("followed", "broken")
SIZES = ("micro", "small", "medium", "large", "enterprise")
#: Whose account a case is, how the teller knows it, and whether the business's side is known.
TELLERS = ("customer", "business", "employee", "bystander", "reporter")
WITNESS = ("first-hand", "second-hand")
BUSINESS_SIDES = ("not-sought", "sought-no-reply", "given")
#: What kind of writing or speech a source is.
SOURCE_KINDS = ("blog-post", "article", "talk", "review", "social-post", "report")

#: The validator's messages by rule, as `str.format` templates in English: the checks below
#: fill them in the language being spoken (`messages`), and the "Propose a case" form shows
#: the same words as you type (see `form`).
MESSAGES: dict[str, str] = {
    "empty": N_("must not be empty"),
    "placeholder": N_("replace the '{placeholder}' placeholder with real text"),
    "too-long": N_("is {length} characters long; at most {max} allowed"),
    "one-line": N_("must be a single line"),
    "pattern": N_("'{value}' is not allowed here: {hint}"),
    "enum": N_("unknown {noun} '{value}'{did_you_mean}; allowed: {allowed}"),
    "date": N_("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {value}"),
    "real-date": N_("'{value}' is not a real date"),
    "url": N_("'{value}' is not a web address starting with http:// or https://"),
    "id": N_("'{value}' is not a valid {target} id (lowercase words joined by '-')"),
    "range": N_("{value} is out of range: expected {minimum}{top}"),
    "min-items": N_("needs at least {count} item{s}"),
    "duplicate-item": N_("'{value}' is listed twice (also item {other})"),
    "missing-field": N_("missing required field '{field}' in {record}"),
    "missing-field-when": N_("missing field '{field}' in {record}: it is needed {condition}"),
    "file-name": N_("file name '{stem}' is not a valid id: use lowercase words joined by '-', e.g. '{suggestion}{suffix}'"),
    "reserved-id": N_("'{stem}' is reserved for a generated page; choose another file name"),
    "duplicate-id": N_("{kind} id '{id}' is already used by {path}"),
    "personal-data": N_("looks like {what}: remove personal data or anonymise it"),
    "missing-stance": N_("lesson '{id}' needs a stance in a mixed case: "
                         "write it as {{id: {id}, stance: followed}} or stance: broken"),
}


def message(rule: str, **values: object) -> str:
    """The message of `rule` (`MESSAGES`) in the language being spoken, filled in."""
    return _(MESSAGES[rule]).format(**values)


def messages() -> dict[str, str]:
    """Every message of `MESSAGES` in the language being spoken, to fill in (for the form)."""
    return {rule: _(text) for rule, text in MESSAGES.items()}


#: How each kind of value a choice takes is named: one, and a list of them.
NOUNS = {
    "value": (N_("value"), N_("values")), "verdict": (N_("verdict"), N_("verdicts")),
    "stance": (N_("stance"), N_("stances")), "channel": (N_("channel"), N_("channels")),
    "sector": (N_("sector"), N_("sectors")), "size": (N_("size"), N_("sizes")), "theme": (N_("theme"), N_("themes")),
    "source kind": (N_("source kind"), N_("source kinds")), "teller": (N_("teller"), N_("tellers")),
    "witness": (N_("witness"), N_("witnesses")), "business side": (N_("business side"), N_("business sides")),
    "activity": (N_("activity"), N_("activities")),
    "case": (N_("case"), N_("cases")), "lesson": (N_("lesson"), N_("lessons")), "module": (N_("module"), N_("modules")),
}


def noun(name: str, many: bool = False) -> str:
    """A noun of `NOUNS` in the language being spoken (a name it lacks, as it is)."""
    forms = NOUNS.get(name)
    return _(forms[many]) if forms else name

#: Default vocabularies; each can be replaced in the plugin config.
DEFAULT_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "channels": (
        "email", "phone", "voicemail", "live-chat", "social-media",
        "review-site", "website", "in-person", "post", "sms", "not-stated",
    ),
    "themes": (
        "empathy", "responsiveness", "honesty", "channels",
        "recovery", "feedback", "boundaries", "relationships",
    ),
    "sectors": (
        "retail", "e-commerce", "consumer-goods", "services", "hospitality", "travel",
        "telecoms", "utilities", "finance", "healthcare", "education", "media",
        "software", "public-sector", "sport", "photography", "entertainment", "other", "not-stated",
    ),
}

#: How the site shows each term of the default vocabularies; a site's plugin config can
#: change any of them (`labels:`), and a term with no label is shown by `term_label`.
DEFAULT_LABELS: dict[str, str] = {
    # verdicts
    **VERDICT_LABELS,
    "not-stated": N_("Not stated"),
    # channels
    "email": N_("Email"), "phone": N_("Phone"), "voicemail": N_("Voicemail"), "live-chat": N_("Live chat"),
    "social-media": N_("Social media"), "review-site": N_("Review site"), "website": N_("Website"),
    "in-person": N_("In person"), "post": N_("Post"), "sms": N_("SMS"),
    # themes
    "empathy": N_("Empathy"), "responsiveness": N_("Responsiveness"), "honesty": N_("Honesty"), "channels": N_("Channels"),
    "recovery": N_("Recovery"), "feedback": N_("Feedback"), "boundaries": N_("Boundaries"), "relationships": N_("Relationships"),
    # sectors
    "retail": N_("Retail"), "e-commerce": N_("E-commerce"), "consumer-goods": N_("Consumer goods"), "services": N_("Services"),
    "hospitality": N_("Hospitality"), "travel": N_("Travel"), "telecoms": N_("Telecoms"), "utilities": N_("Utilities"),
    "finance": N_("Finance"), "healthcare": N_("Healthcare"), "education": N_("Education"), "media": N_("Media"),
    "software": N_("Software"), "public-sector": N_("Public sector"), "sport": N_("Sport"), "photography": N_("Photography"),
    "entertainment": N_("Entertainment"), "other": N_("Other"),
}


def term_label(term: str, labels: Mapping[str, str] | None = None) -> str:
    """A vocabulary term as readers see it: its label, or the term with its first letter in
    capitals and hyphens as spaces (`gift-cards` -> `Gift cards`)."""
    label = (labels if labels is not None else DEFAULT_LABELS).get(term)
    if label:
        return label
    words = term.replace("-", " ")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Issue:
    """A problem found at a path inside one document, before it is located."""

    path: Path
    message: str
    rule: str
    level: str = ERROR
    key: bool = False  # point at the key rather than the value
    #: The character of a text value the problem is at, when it is one character.
    offset: int | None = None


class Kind:
    """A type of value; subclasses check values and describe themselves."""

    label = N_("value")

    def check(self, value: Any, path: Path, vocab: Mapping[str, Sequence[str]]) -> Iterator[Issue]:
        raise NotImplementedError

    def json_schema(self, vocab: Mapping[str, Sequence[str]]) -> dict:
        raise NotImplementedError

    def describe(self, vocab: Mapping[str, Sequence[str]]) -> str:
        """How a value of this kind is described, in the language being spoken."""
        return _(self.label)

    def allowed(self, vocab: Mapping[str, Sequence[str]]) -> Sequence[str]:
        return ()

    def plural(self, vocab: Mapping[str, Sequence[str]]) -> str:
        """How a list of these is described, in the language being spoken."""
        return _("%(kind)s items") % {"kind": self.describe(vocab)}


def _wrong_kind(value: Any, path: Path, expected: str, quotes: bool = False) -> Issue:
    """`expected` (in the language being spoken) where `value` is of another kind; `quotes`
    where a number or yes/no written in quotes would have been right."""
    if quotes and isinstance(value, (int, float, bool)):
        message = _("expected %(expected)s, found %(found)s (put it in quotes)")
    else:
        message = _("expected %(expected)s, found %(found)s")
    return Issue(path, message % {"expected": expected, "found": kind_name(value)}, "type")


@dataclass(frozen=True)
class Text(Kind):
    """A string; `markdown` says whether Markdown is rendered."""

    markdown: bool = False
    max_length: int | None = None
    one_line: bool = False
    pattern: str | None = None
    pattern_hint: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return N_("Markdown text") if self.markdown else N_("text")

    def check(self, value, path, vocab):
        if not isinstance(value, str):
            yield _wrong_kind(value, path, _("text"), quotes=True)
            return
        stripped = value.strip()
        if not stripped:
            yield Issue(path, message("empty"), "empty")
            return
        if not stripped.strip(ZERO_WIDTH) or (not stripped[0].isprintable() and all(is_invisible(c) for c in stripped)):
            yield Issue(path, _("holds only invisible characters, starting with %(char)s") % {"char": char_name(stripped[0])},
                        "empty")
            return
        if stripped.startswith(PLACEHOLDER):
            yield Issue(path, message("placeholder", placeholder=PLACEHOLDER), "placeholder")
        if self.max_length is not None and len(stripped) > self.max_length:
            yield Issue(path, message("too-long", length=len(stripped), max=self.max_length), "too-long")
        bidi = BIDI.search(value)
        if bidi:
            yield Issue(path, _("contains %(char)s, which reorders the text around it; remove it") % {
                "char": char_name(bidi.group())}, "bidi-control", offset=bidi.start())
        if self.one_line:
            yield from self._check_one_line(value, stripped, path)
        if self.pattern and not re.match(self.pattern, value):
            yield Issue(path, message("pattern", value=value, hint=_(self.pattern_hint)), "pattern")

    def _check_one_line(self, value: str, stripped: str, path: Path) -> Iterator[Issue]:
        if "\n" in stripped:
            yield Issue(path, message("one-line"), "one-line")
        elif ONE_LINE_BREAK.search(stripped):
            found = ONE_LINE_BREAK.search(value)
            yield Issue(path, _("must be a single line: %(char)s starts a new line; remove it") % {
                "char": char_name(found.group())}, "one-line", offset=found.start())
        edges = ((0, _("starts with %(char)s, an invisible character that makes it look like another value; remove it")),
                 (-1, _("ends with %(char)s, an invisible character that makes it look like another value; remove it")))
        for index, said in edges:
            if stripped[index] in ZERO_WIDTH:
                at = value.index(stripped) + (0 if index == 0 else len(stripped) - 1)
                yield Issue(path, said % {"char": char_name(stripped[index])}, "invisible", offset=at)

    def json_schema(self, vocab):
        schema: dict = {"type": "string", "minLength": 1, "not": {"pattern": BIDI_PATTERN}}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.pattern:
            schema["pattern"] = self.pattern
        return schema

    def describe(self, vocab):
        return _(self.label) + self._limits(_(", at most %(num)s characters"))

    def plural(self, vocab):
        return (_("Markdown texts") if self.markdown else _("texts")) + self._limits(_(", each at most %(num)s characters"))

    def _limits(self, most: str) -> str:
        text = f", {_(self.pattern_hint)}" if self.pattern_hint else ""
        if self.max_length:
            text += most % {"num": self.max_length}
        return text


@dataclass(frozen=True)
class Choice(Kind):
    """One value from a fixed list or from a named vocabulary."""

    values: tuple[str, ...] = ()
    vocabulary: str | None = None
    noun: str = "value"

    label = N_("one of the allowed values")

    def allowed(self, vocab):
        return vocab[self.vocabulary] if self.vocabulary else self.values

    def check(self, value, path, vocab):
        allowed = self.allowed(vocab)
        if not isinstance(value, str):
            yield _wrong_kind(value, path, _("one of %(values)s") % {"values": one_of(allowed)})
            return
        if value.startswith(PLACEHOLDER):
            yield Issue(path, _("replace the '%(placeholder)s' placeholder with one of: %(values)s") % {
                "placeholder": PLACEHOLDER, "values": ", ".join(allowed)}, "placeholder")
        elif value not in allowed:
            yield Issue(
                path,
                message("enum", noun=noun(self.noun), value=shown(value),
                        did_you_mean=invisible_note(value) or did_you_mean(value, allowed), allowed=", ".join(allowed)),
                "enum",
            )

    def json_schema(self, vocab):
        return {"type": "string", "enum": list(self.allowed(vocab))}

    def describe(self, vocab):
        return _("one %(noun)s") % {"noun": noun(self.noun)}

    def plural(self, vocab):
        return noun(self.noun, many=True)


@dataclass(frozen=True)
class Date(Kind):
    """A calendar date to the precision known: YYYY, YYYY-MM or YYYY-MM-DD."""

    label = N_("date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def check(self, value, path, vocab):
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not DATE_RE.match(text):
            found = f"'{shown(text)}'" if isinstance(text, str) else kind_name(value)
            yield Issue(path, message("date", value=found), "date")
            return
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            datetime.date(parts[0], parts[1], parts[2])
        except ValueError:
            yield Issue(path, message("real-date", value=text), "date")
            return
        if text > datetime.date.today().isoformat()[: len(text)]:
            yield Issue(path, _("%(date)s is in the future; check the year") % {"date": text}, "future-date",
                        level=WARNING)

    def json_schema(self, vocab):
        return {"type": ["string", "integer"], "pattern": DATE_PATTERN}


@dataclass(frozen=True)
class Url(Kind):
    """An absolute http or https address."""

    label = N_("web address (http or https)")

    def check(self, value, path, vocab):
        if not isinstance(value, str):
            yield _wrong_kind(value, path, _("a web address"))
            return
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value.strip()):
            yield Issue(path, message("url", value=value), "url")

    def json_schema(self, vocab):
        return {"type": "string", "format": "uri", "pattern": "^https?://[^\\s]+$"}


@dataclass(frozen=True)
class Ref(Kind):
    """The id of another case, lesson or module; that it exists is checked across files."""

    target: str = "case"

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"{self.target} id"

    def describe(self, vocab):
        return _("%(kind)s id") % {"kind": noun(self.target)}

    def plural(self, vocab):
        return _("%(kind)s ids") % {"kind": noun(self.target)}

    def check(self, value, path, vocab):
        if not isinstance(value, str):
            yield _wrong_kind(value, path, _("a %(kind)s id") % {"kind": noun(self.target)})
        elif value.startswith(PLACEHOLDER):
            yield Issue(path, _("replace the '%(placeholder)s' placeholder with a %(kind)s id") % {
                "placeholder": PLACEHOLDER, "kind": noun(self.target)}, "placeholder")
        elif not ID_RE.match(value):
            yield Issue(path, message("id", value=shown(value), target=noun(self.target)) + invisible_note(value), "id")

    def json_schema(self, vocab):
        return {"type": "string", "pattern": ID_PATTERN}


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int = 0
    maximum: int | None = None
    unit: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"whole number of {self.unit}" if self.unit else "whole number"

    def describe(self, vocab):
        return _("whole number of %(unit)s") % {"unit": _(self.unit)} if self.unit else _("whole number")

    def check(self, value, path, vocab):
        what = _("a whole number of %(unit)s") % {"unit": _(self.unit)} if self.unit else _("a whole number")
        if isinstance(value, str) and value.strip().isdigit():
            number = value.strip()
            if len(number) > 1 and number.startswith("0"):  # `08` is text to YAML, quoted or not
                hint = _("write %(number)s, without the leading zero") % {"number": int(number)}
            else:
                hint = _("remove the quotes around %(number)s") % {"number": number}
            yield Issue(path, _("expected %(expected)s, found the text '%(number)s': %(hint)s") % {
                "expected": what, "number": number, "hint": hint}, "type")
            return
        if isinstance(value, bool) or not isinstance(value, int):
            yield _wrong_kind(value, path, what)
            return
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            top = _(" to %(num)s") % {"num": self.maximum} if self.maximum is not None else _(" or more")
            yield Issue(path, message("range", value=value, minimum=self.minimum, top=top), "range")

    def plural(self, vocab):
        return _("whole numbers of %(unit)s") % {"unit": _(self.unit)} if self.unit else _("whole numbers")

    def json_schema(self, vocab):
        schema = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind = field(default_factory=Text)
    min_items: int = 0
    unique: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return "list"

    def allowed(self, vocab):
        return self.item.allowed(vocab)

    def check(self, value, path, vocab):
        if not isinstance(value, list):
            yield _wrong_kind(value, path, _("a list"))
            return
        if len(value) < self.min_items:
            yield Issue(path, message("min-items", count=self.min_items, s="s" * (self.min_items != 1)), "min-items")
        seen: dict = {}
        for i, item in enumerate(value):
            yield from self.item.check(item, path + (i,), vocab)
            if self.unique and isinstance(item, str):
                if item in seen:
                    yield Issue(path + (i,), message("duplicate-item", value=item, other=seen[item] + 1),
                                "duplicate-item")
                seen.setdefault(item, i)

    def json_schema(self, vocab):
        schema = {"type": "array", "items": self.item.json_schema(vocab)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def describe(self, vocab):
        items = _("list of %(items)s") % {"items": self.item.plural(vocab)}
        return items + (_(", at least %(num)s") % {"num": self.min_items} if self.min_items else "")


@dataclass(frozen=True)
class Field:
    """One key of a record."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    example: Any = None
    #: Required only when a sibling field has a value: (name, value), or (name, None) for
    #: "when that field is absent".
    required_if: tuple[str, str | None] | None = None

    def needed(self, record: Mapping) -> bool:
        """Whether this field must be present in `record`."""
        if self.required:
            return True
        if self.required_if is None:
            return False
        other, value = self.required_if
        return other not in record if value is None else record.get(other) == value

    @property
    def condition(self) -> str:
        """When a conditionally required field is needed, in words ("" if never or always)."""
        if self.required_if is None:
            return ""
        other, value = self.required_if
        if value is None:
            return _("when there is no '%(field)s'") % {"field": other}
        return _("when '%(field)s' is '%(value)s'") % {"field": other, "value": value}


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with known fields: unknown keys and missing required ones are problems."""

    name: str = "record"
    fields: tuple[Field, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", tuple(f.name for f in self.fields))

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"{self.name} mapping"

    def describe(self, vocab):
        return _("%(record)s mapping") % {"record": _(self.name)}

    def plural(self, vocab):
        return _("%(record)s mappings") % {"record": _(self.name)}

    def check(self, value, path, vocab):
        if not isinstance(value, dict):
            yield _wrong_kind(value, path, _("a mapping of %(record)s fields") % {"record": _(self.name)})
            return
        names = self._names
        for key in value:
            if key not in names:
                yield Issue(
                    path + (key,),
                    _("unknown field '%(field)s' in %(record)s%(did_you_mean)s; allowed: %(allowed)s") % {
                        "field": shown(key), "record": _(self.name),
                        "did_you_mean": invisible_note(key) or did_you_mean(key, names), "allowed": ", ".join(names)},
                    "unknown-field",
                    key=True,
                )
        for f in self.fields:
            if f.name in value:
                yield from f.kind.check(value[f.name], path + (f.name,), vocab)
            elif f.needed(value):
                said = (message("missing-field-when", field=f.name, record=_(self.name), condition=f.condition)
                        if f.condition else message("missing-field", field=f.name, record=_(self.name)))
                yield Issue(path, said, "missing-field", key=True)

    def json_schema(self, vocab):
        properties = {}
        for f in self.fields:
            prop = dict(f.kind.json_schema(vocab))
            prop["description"] = _(f.doc)  # editors show it as the contributor types
            if f.example is not None:
                prop["examples"] = [f.example]
            properties[f.name] = prop
        schema = {"type": "object", "additionalProperties": False, "properties": properties}
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        conditions = [_if_then(f) for f in self.fields if f.required_if]
        if conditions:
            schema["allOf"] = conditions
        return schema


def _if_then(f: Field) -> dict:
    other, value = f.required_if
    when = {"not": {"required": [other]}} if value is None else {
        "properties": {other: {"const": value}}, "required": [other]}
    return {"if": when, "then": {"required": [f.name]}}


@dataclass(frozen=True)
class OneOf(Kind):
    """A short form (text) or a long form (a record), told apart by the value's kind."""

    short: Kind = field(default_factory=Text)
    long: Record = field(default_factory=Record)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"{self.short.label} or {self.long.label}"

    def check(self, value, path, vocab):
        if isinstance(value, dict):
            yield from self.long.check(value, path, vocab)
        elif isinstance(value, str):
            yield from self.short.check(value, path, vocab)
        else:
            yield _wrong_kind(value, path, _("%(kind)s or a mapping") % {"kind": self.short.describe(vocab)})

    def json_schema(self, vocab):
        return {"anyOf": [self.short.json_schema(vocab), self.long.json_schema(vocab)]}

    def plural(self, vocab):
        return _("%(short)s or %(long)s") % {"short": self.short.plural(vocab), "long": self.long.plural(vocab)}

    def describe(self, vocab):
        return _("%(short)s, or a mapping (%(fields)s)") % {
            "short": self.short.describe(vocab), "fields": ", ".join(f.name for f in self.long.fields)}


def translatable_examples(f: Field) -> list:
    """A field's example as words to translate: a text, or each text of a list of texts (ids,
    values and mappings are the file's own, and stay)."""
    kind = f.kind.item if isinstance(f.kind, ListOf) else f.kind
    if not isinstance(kind, Text) or kind.pattern:
        return []
    return f.example if isinstance(f.example, list) else [f.example]


def shown_example(f: Field):
    """A field's example in the language spoken (`translatable_examples`)."""
    if not translatable_examples(f):
        return f.example
    if isinstance(f.example, list):
        return [_(text) if isinstance(text, str) else text for text in f.example]
    return _(f.example) if isinstance(f.example, str) else f.example


# --- The records -------------------------------------------------------------------------

SOURCE = Record(
    "source",
    (
        Field("kind", Choice(SOURCE_KINDS, noun="source kind"),
              "What the source is: a page names a source without a title by its kind and author "
              "('a blog post by ...').", example="blog-post", required_if=("title", None)),
        Field("title", Text(one_line=True),
              "The source's own title, exactly as it gives it. Leave it out when the source has none; "
              "never make one up, and never use the name of the blog or site as the title.",
              example="How not to engage with customers"),
        Field("url", Url(), "Where the source can be read.", example="https://example.com/blog/how-not-to-engage"),
        Field("author", Text(one_line=True), "Who wrote it (a public author or publication, never a private customer).",
              example="Michele Arduengo"),
        Field("published", Date(), "When it was published.", example="2012-03"),
    ),
)

PROVENANCE = Record(
    "provenance",
    (
        Field("told_by", Choice(TELLERS, noun="teller"),
              "Whose account the case is: the customer's, the business's, an employee's, a bystander's, or a "
              "reporter's (someone not involved who writes it up, such as a blogger retelling a story).",
              True, "customer"),
        Field("witness", Choice(WITNESS, noun="witness"),
              "Whether the teller saw it first-hand or heard it second-hand (from someone else, at a talk, ...).",
              True, "first-hand"),
        Field("business_side", Choice(BUSINESS_SIDES, noun="business side"),
              "Whether the business's side is known: not sought, sought with no reply, or given.",
              True, "not-sought"),
        Field("business_side_where", Text(one_line=True),
              "Where the business gave its side (a reply under the post, a statement to a newspaper, ...).",
              example="In a comment under the blog post", required_if=("business_side", "given")),
    ),
)

BUSINESS = Record(
    "business",
    (
        Field("name", Text(one_line=True), "The business's name as the source gives it.", True, "Ozzy's & Archive"),
        Field("sector", Choice(vocabulary="sectors", noun="sector"), "Its sector.", True, "e-commerce"),
        Field("size", Choice(SIZES, noun="size"), "Its size, if the source makes it clear.", example="small"),
    ),
)

TIMELINE_ENTRY = Record(
    "timeline entry",
    (
        Field("when", Text(one_line=True), "When it happened, as precisely as known ('Monday evening', '2012-03-05').",
              True, "Monday evening"),
        Field("who", Text(one_line=True), "Who acted: customer, business, or a role.", True, "business"),
        Field("channel", Choice(vocabulary="channels", noun="channel"), "The channel it happened on.", example="email"),
        Field("what", Text(), "What happened at this step.", True, "Emails to say the shoes are out of stock."),
    ),
)

LESSON_LINK = Record(
    "lesson link",
    (
        Field("id", Ref("lesson"), "The lesson's id (its file name in cases/lessons/ without .yml).", True,
              "acknowledge-disappointment"),
        Field("stance", Choice(STANCES, noun="stance"),
              "Whether the business followed or broke the lesson. Defaults to 'followed' for good cases and "
              "'broken' for bad ones; required for mixed cases.", example="broken"),
        Field("note", Text(markdown=True), "How the lesson shows in this case.",
              example="The email explained the stock system but never said sorry for the disappointment."),
    ),
)

CASE = Record(
    "case",
    (
        Field("title", Text(one_line=True, max_length=120), "A short, specific headline for the case.", True,
              "A customer's complaints disappear from a shop's Facebook page, he reports"),
        Field("summary", Text(max_length=400), "Two or three plain sentences (no Markdown) for indexes and search.",
              True, "An online shop cancelled an order by email; the customer reports that his complaints "
              "on its Facebook page then disappeared."),
        Field("situation", Text(one_line=True, max_length=160),
              "One line on what the staff member faces, before anything is decided: no response, outcome or "
              "verdict. Learner handouts show it instead of the title, which can give the answer away. Needed "
              "when a training module uses the case.",
              example="A customer's online order cannot be filled, and he complains on the shop's Facebook page."),
        Field("verdict", Choice(VERDICTS, noun="verdict"),
              "Was this good practice, bad practice, or a mix of both?", True, "bad"),
        Field("date", Date(), "When it happened, to the precision known.", example="2012"),
        Field("business", BUSINESS, "The business involved.", True),
        Field("customer", Text(one_line=True), "An anonymised description of the customer; never a private name.",
              example="A parent buying shoes online for their daughter"),
        Field("channels", ListOf(Choice(vocabulary="channels", noun="channel"), min_items=1, unique=True),
              "Every channel the story touches.", True, ["email", "social-media"]),
        Field("what_happened", Text(markdown=True), "The situation, from the customer's side (Markdown).", True,
              "The customer ordered shoes online..."),
        Field("response", Text(markdown=True), "How the business responded (Markdown).", True,
              "The shop emailed to say the item was out of stock..."),
        Field("outcome", Text(markdown=True), "What came of it (Markdown).", True,
              "The customer reports a new pair on its way from a different shop, and blogged about it."),
        Field("timeline", ListOf(TIMELINE_ENTRY), "The events in order.",
              example=[{"when": "Monday evening", "who": "business", "channel": "email",
                        "what": "Emails to say the shoes are out of stock."}]),
        Field("lessons", ListOf(OneOf(Ref("lesson"), LESSON_LINK), min_items=1),
              "The lessons this case teaches: lesson ids, or mappings with id, stance and note.", True),
        Field("discussion", ListOf(Text()), "Questions for a training discussion.",
              example=["What should the first reply have said?"]),
        Field("tags", ListOf(Text(one_line=True, max_length=40, pattern=TAG_PATTERN,
                                  pattern_hint=N_("lowercase words joined by spaces or '-'")), unique=True),
              "Free keywords for the tags index.",
              example=["censorship"]),
        Field("related", ListOf(Ref("case"), unique=True), "Ids of other cases worth reading alongside this one.",
              example=["stock-replies-then-a-fix-after-a-tweet"]),
        Field("provenance", PROVENANCE, "Whose account this is and how far it goes.", True),
        Field("sources", ListOf(SOURCE, min_items=1), "Where the story comes from.", True),
        Field("former_ids", ListOf(Ref("case"), unique=True),
              "The ids this case had before it was renamed (its earlier file names): the old addresses "
              "lead to its page, and a link that still names an old id is reported with the new one.",
              example=["ozzys-archive-deleted-complaints"]),
    ),
)

LESSON = Record(
    "lesson",
    (
        Field("title", Text(one_line=True, max_length=120), "The principle, in the imperative.", True,
              "Acknowledge the disappointment before explaining the cause"),
        Field("theme", Choice(vocabulary="themes", noun="theme"), "The theme it belongs to.", True, "empathy"),
        Field("summary", Text(max_length=400), "One or two plain sentences.", True,
              "Customers need to hear that you understand what they lost before they hear why."),
        Field("why", Text(markdown=True), "Why the lesson matters (Markdown).", True,
              "An explanation of your systems is your reason, not the customer's comfort..."),
        Field("do", ListOf(Text(), min_items=1), "Concrete things to do.", True, ["Say sorry for the disappointment."]),
        Field("avoid", ListOf(Text(), min_items=1), "Concrete things to avoid.", True,
              ["Opening with your internal systems."]),
        Field("say", ListOf(Text(), min_items=1),
              "Front-line wording: what staff can say to the customer, as they would say it.",
              example=["I'm so sorry. I know you had your heart set on these shoes."]),
        Field("dont_say", ListOf(Text(), min_items=1), "Front-line wording: what not to say to the customer.",
              example=["Some bad news I'm afraid!"]),
        Field("for_team_leads", ListOf(Text(), min_items=1),
              "Manager- and system-level actions, kept apart from the front-line ones (shown 'For team leads').",
              example=["Rewrite bad-news templates so that they open with what the customer loses."]),
        Field("related", ListOf(Ref("lesson"), unique=True), "Ids of related lessons."),
        Field("sources", ListOf(SOURCE), "Writing the lesson draws on, if any."),
        Field("former_ids", ListOf(Ref("lesson"), unique=True),
              "The ids this lesson had before it was renamed (its earlier file names): the old addresses "
              "lead to its page, and a link that still names an old id is reported with the new one.",
              example=["acknowledge-first"]),
    ),
)

#: What learners do in each activity of a session.
ACTIVITY_KINDS = (
    "introduction", "check-before", "reading", "individual-writing", "pair-work", "role-play",
    "group-discussion", "debrief", "check-after", "break", "wrap-up",
)

ACTIVITY = Record(
    "activity",
    (
        Field("activity", Choice(ACTIVITY_KINDS, noun="activity"), "What learners do.", True, "reading"),
        Field("minutes", Integer(1, 240, N_("minutes")), "How long it takes.", True, 5),
        Field("case", Ref("case"), "The module case it works on, if any: one of the module's `cases`.",
              example="ozzys-archive-facebook-complaints-disappear"),
        Field("note", Text(), "What the facilitator does or asks for (facilitator pack only).",
              example="Learners read the scenario alone and in silence."),
    ),
)

DISCUSSION_QUESTION = Record(
    "discussion question",
    (
        Field("question", Text(), "A question for the group.", True,
              "What would you have posted in reply to the first comment?"),
        Field("good_answers_cover", Text(), "What a good answer covers (facilitator pack only).", True,
              "Leaving the comment up, an apology and a way to put it right."),
    ),
)

RUBRIC_CRITERION = Record(
    "rubric criterion",
    (
        Field("criterion", Text(one_line=True), "What is judged in a learner's written answer.", True,
              "Acknowledges the disappointment"),
        Field("weak", Text(), "What a weak answer looks like.", True, "Opens with the company's reasons."),
        Field("sound", Text(), "What a sound answer looks like.", True, "Says sorry before explaining."),
        Field("strong", Text(), "What a strong answer looks like.", True,
              "Names what the customer lost, says sorry, then explains briefly."),
    ),
)

ROLE_PLAY = Record(
    "role-play",
    (
        Field("title", Text(one_line=True), "A name for the scene.", True, "The bad-review threat"),
        Field("case", Ref("case"), "The module case the scene comes from: one of the module's `cases`.",
              example="second-hand-buyer-threatens-reviews"),
        Field("situation", Text(markdown=True), "What both players know before they start.", True,
              "A customer emails that a product bought second hand does not work."),
        Field("customer", Text(markdown=True), "The brief for the learner who plays the customer.", True,
              "You want a new unit by next week and do not see why you should answer questions."),
        Field("staff", Text(markdown=True), "The brief for the learner who plays the staff member.", True,
              "You need the model number and a description before you can help."),
    ),
)

OBJECTION = Record(
    "objection",
    (
        Field("objection", Text(), "Something a learner is likely to say against the lesson.", True,
              "If we leave the complaint up, everyone will see it."),
        Field("handling", Text(), "How the facilitator can answer it.", True,
              "Everyone sees the reply too; a calm answer in public is what readers judge."),
    ),
)

MODULE_ITEM = Record(
    "module case",
    (
        Field("case", Ref("case"), "The case's id.", True, "ozzys-archive-deleted-complaints"),
        Field("minutes", Integer(1, 240, N_("minutes")), "Time given to this case; when the module lists `activities`, "
              "the activities on this case add up to it.", True, 20),
        Field("focus", Text(), "The prompt learners work on while reading the case. It is printed before any "
              "answer, so it must not give the response or the outcome away.", True,
              "What would you have posted in reply to the first comment?"),
        Field("practises", ListOf(Integer(1, 50), min_items=1, unique=True),
              "The numbers of the objectives this exercise practises (1 for the first).", example=[1, 3]),
        Field("model_answer", Text(markdown=True), "What a good answer covers (facilitator pack only)."),
        Field("discussion", ListOf(DISCUSSION_QUESTION),
              "Questions for the group after the reveal, each with what a good answer covers; "
              "without them the case's own discussion questions are used."),
    ),
)

MODULE = Record(
    "module",
    (
        Field("title", Text(one_line=True, max_length=120), "The module's title.", True, "Handling public complaints"),
        Field("audience", Text(one_line=True), "Who the module is for.", True, "New social-media support staff"),
        Field("duration", Integer(5, 600, N_("minutes")), "Total length of the session in minutes.", True, 60),
        Field("summary", Text(max_length=400), "What the session is about, for trainers: the training index shows it.", example="Why deleting criticism backfires."),
        Field("learner_summary", Text(max_length=400),
              "What the session is about, for learners: the top of their handout, before any exercise, so it must not "
              "give an answer away. Without it the handout has none.",
              example="How to answer a complaint that a customer posts in public."),
        Field("objectives", ListOf(Text(), min_items=1), "What learners can do afterwards.", True,
              ["Reply to a public complaint without deleting it."]),
        Field("group_size", Text(one_line=True), "How many learners the session suits, and how they work.",
              example="6 to 12 learners, in pairs for the role-play"),
        Field("materials", ListOf(Text(one_line=True)), "What to bring or prepare.",
              example=["One printed learner handout per learner"]),
        Field("cases", ListOf(MODULE_ITEM, min_items=1), "The cases, in teaching order.", True),
        Field("activities", ListOf(ACTIVITY),
              "The session step by step, in order; their minutes add up to the duration. Without them the "
              "agenda lists one step per case."),
        Field("pre_questions", ListOf(Text()), "A short check learners answer before the first exercise."),
        Field("post_questions", ListOf(Text()), "The check learners answer at the end, to compare with the first."),
        Field("role_plays", ListOf(ROLE_PLAY), "Scenes for two learners, each with a brief for the customer and one "
              "for the staff member."),
        Field("rubric", ListOf(RUBRIC_CRITERION), "How to judge the learners' written answers: criteria, each with "
              "what weak, sound and strong answers look like."),
        Field("objections", ListOf(OBJECTION), "What learners are likely to object, and how to answer."),
        Field("apply_at_work", Text(markdown=True), "A task learners carry out back at work after the session.",
              example="Find one promise a channel you answer makes, and check that it was kept last week."),
        Field("facilitator_notes", Text(markdown=True), "Notes for the facilitator (kept off the learner page)."),
        Field("former_ids", ListOf(Ref("module"), unique=True),
              "The ids this module had before it was renamed (its earlier file names): the old addresses "
              "lead to its pages (the learner page, the facilitator pack and the case cards), and a link that still names an old id is reported with the new one.",
              example=["public-complaints"]),
    ),
)

RECORDS = {"case": CASE, "lesson": LESSON, "module": MODULE}


def nested_records(record: Record) -> list[Record]:
    """`record` and every record inside it, depth first, each once."""
    found: list[Record] = []

    def visit(kind: Kind) -> None:
        if isinstance(kind, ListOf):
            visit(kind.item)
        elif isinstance(kind, OneOf):
            visit(kind.long)
        elif isinstance(kind, Record) and kind not in found:
            found.append(kind)
            for f in kind.fields:
                visit(f.kind)

    visit(record)
    return found


def check(record: Record, data: Any, vocab: Mapping[str, Sequence[str]]) -> list[Issue]:
    return list(record.check(data, (), vocab))


def json_schema(kind: str, vocab: Mapping[str, Sequence[str]]) -> dict:
    """JSON Schema (draft 2020-12) for one kind of file."""
    record = RECORDS[kind]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://casebook.invalid/schema/{kind}.schema.json",
        "title": f"casebook {kind}",
        "description": _("A %(kind)s file of the casebook (generated by `casebook schema`; do not edit).") % {
            "kind": noun(kind)},
    }
    schema.update(record.json_schema(vocab))
    return schema


__all__ = [
    "CASE", "LESSON", "MODULE", "RECORDS", "Field", "Record", "Issue", "WARNING", "check", "json_schema",
]
