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

from casebook import i18n
from casebook.check import schema
from casebook.i18n import N_, gettext as _
from casebook.link import casefiles
from casebook.model import VERDICT_LABELS
from casebook.render import markup
from casebook.scaffold import SCHEMA_LINE

#: GitHub answers longer addresses with an error; content that would make the new-file link
#: longer than this is offered as a download to upload instead.
MAX_URL_LENGTH = 8000
#: Readable names for fixed values, where a capitalised value would not read well.
LABELS = {**VERDICT_LABELS, "followed": N_("Followed the lesson"), "broken": N_("Broke the lesson")}

#: What the form says (`assets/form.js`, which reads them by key from the page's data), in
#: English, with `{name}` where it puts a value; each in the site's language on the page.
FORM_WORDS = {
    "didYouMean": N_(" (did you mean '{value}'?)"),
    "emailAddress": N_("an email address"),
    "phoneNumber": N_("a phone number"),
    "placeholderChoice": N_("replace the '{placeholder}' placeholder with one of: {values}"),
    "placeholderId": N_("replace the '{placeholder}' placeholder with a {kind} id"),
    "expectedFound": N_("expected {expected}, found {found}"),
    "rangeTo": N_(" to {num}"),
    "rangeMore": N_(" or more"),
    "neededWhen": N_("{label} is needed {condition}."),
    "required": N_("{label} is required."),
    "error": N_("Error: "),
    "warning": N_("Warning: "),
    "optional": N_("optional; "),
    "example": N_(" Example: {example}"),
    "choose": N_("Choose…"),
    "none": N_("(none)"),
    "preview": N_("Preview"),
    "previewOf": N_("Preview: {label}"),
    "previewFailed": N_("The preview could not be loaded. What you type is kept all the same."),
    "notAllowed": N_("{value} (not allowed)"),
    "numbered": N_("{label} {num}"),
    "remove": N_("Remove"),
    "removeOne": N_("Remove {item}"),
    "findLesson": N_("Type a few words of the lesson"),
    "add": N_("Add "),
    "moreLessons": N_("{num} more: type to narrow the list"),
    "noLesson": N_("No lesson matches."),
    "findToAdd": N_("Find a lesson to add"),
    "addOne": N_("Add a {item}"),
    "addAnother": N_("Add another"),
    "addAnotherTo": N_("Add another: {label}"),
    "lessonTwice": N_("lesson '{value}' is listed twice (also item {other})"),
    "unknownLesson": N_("unknown lesson '{value}'"),
    "requiredMark": N_("{label} (required)"),
    "neededMark": N_("{label} (needed {condition})"),
    "formName": N_("Propose a case"),
    "correcting": N_("You are correcting the case in {file}. A new case you were writing is kept apart: {back}."),
    "backToNew": N_("go back to the new case"),
    "writingNew": N_("You are writing a new case. Corrections to published cases are kept apart, each as its own draft."),
    "idHelp": N_("The case's id: its file name in the {folder}/ folder, without .yml. It follows the title until you change it."),
    "fileName": N_("File name (required)"),
    "makeFile": N_("Make the case file"),
    "clearQuestion": N_("Clear the form?"),
    "keep": N_("Keep them"),
    "undo": N_("Undo"),
    "startAgain": N_("Start again from the published case"),
    "clearForm": N_("Clear the form"),
    "dropQuestion": N_("Drop your changes to this case and start again from the published case?"),
    "clearAllQuestion": N_("Clear every field of this new case?"),
    "drop": N_("Drop my changes"),
    "clearAll": N_("Clear every field"),
    "dropped": N_("Your changes are dropped."),
    "cleared": N_("The form is cleared."),
    "problems": N_("{num} problems"),
    "problem": N_("1 problem"),
    "toFix": N_(" to fix before the file can be made. Each is shown next to its field:"),
    "yourFile": N_("Your case file"),
    "someWarnings": N_("Some fields have warnings (shown next to them). A reviewer will ask about them; fix them now if you can."),
    "saveAs": N_("Save it as {path}. This is the whole file:"),
    "theFile": N_("The case file {name}"),
    "copy": N_("Copy"),
    "copied": N_("Copied the file to the clipboard."),
    "download": N_("Download {name}"),
    "editOnGitHub": N_("Edit the file on GitHub"),
    "pressCopy": N_("Press Copy."),
    "pressEdit": N_("Press “Edit the file on GitHub” and sign in to GitHub if asked (an account is free)."),
    "pasteOver": N_("Select all the text of the file there and paste the copied text over it."),
    "commitCorrection": N_("Press “Commit changes” (or “Propose changes”), describe what you corrected, and open the pull request."),
    "openPr": N_("Open a pull request"),
    "pressOpenPr": N_("Press “Open a pull request” and sign in to GitHub if asked (an account is free)."),
    "filledIn": N_("GitHub shows the new file {path} filled in. Press “Commit changes” (or “Propose new file”)."),
    "createPr": N_("On the next page press “Create pull request”. The site's checks then mark any problem left on it."),
    "tooLong": N_("This case is too long to hand to GitHub in a link. {upload} instead:"),
    "uploadOnGitHub": N_("Upload it on GitHub"),
    "pressDownload": N_("Press “Download {name}”."),
    "openUpload": N_("Open the upload page and sign in to GitHub if asked (an account is free)."),
    "dragFile": N_("Drag the downloaded file onto the page, or choose it."),
    "commitUpload": N_("Press “Commit changes” (or “Propose changes”), then “Create pull request”."),
    "sendFile": N_("Send the downloaded file to the people who look after this site, or open a pull request with it."),
    "notLoadedUndo": N_("The published case could not be loaded; Undo brings your changes back."),
    "notLoaded": N_("The case '{id}' could not be loaded; start a new one below."),
}


#: Words written in capitals when a name is shown.
CAPITALS = {"url": "URL", "sms": "SMS", "id": "ID"}


def label(name: str) -> str:
    """'what_happened' -> 'What happened', 'social-media' -> 'Social media', 'e-commerce' stays."""
    text = re.sub(r"_+|(?<=\w\w)-(?=\w\w)", " ", name).strip()
    return markup.upper_first(" ".join(CAPITALS.get(word, word) for word in text.split(" ")))


def describe_kind(kind: schema.Kind, vocab: Mapping[str, Sequence[str]]) -> dict:
    """One kind of value as the form needs it; a kind the form does not know becomes text."""
    out: dict[str, Any] = {"describe": kind.describe(vocab)}
    if isinstance(kind, schema.Text):
        out.update(kind="text", markdown=kind.markdown, one_line=kind.one_line, max_length=kind.max_length,
                   pattern=kind.pattern, pattern_hint=_(kind.pattern_hint) if kind.pattern_hint else "")
    elif isinstance(kind, schema.Choice):
        values = list(kind.allowed(vocab))
        out.update(kind="choice", noun=schema.noun(kind.noun), values=values,
                   labels=[value_label(v) for v in values])
    elif isinstance(kind, schema.Date):
        out.update(kind="date", pattern=schema.DATE_PATTERN)
    elif isinstance(kind, schema.Url):
        out.update(kind="url")
    elif isinstance(kind, schema.Ref):
        out.update(kind="ref", target=kind.target, target_noun=schema.noun(kind.target), pattern=schema.ID_PATTERN)
    elif isinstance(kind, schema.Integer):
        out.update(kind="integer", minimum=kind.minimum, maximum=kind.maximum, unit=kind.unit)
    elif isinstance(kind, schema.ListOf):
        out.update(kind="list", item=describe_kind(kind.item, vocab), min_items=kind.min_items, unique=kind.unique)
    elif isinstance(kind, schema.OneOf):
        out.update(kind="oneof", short=describe_kind(kind.short, vocab), long=describe_kind(kind.long, vocab))
    elif isinstance(kind, schema.Record):
        out.update(kind="record", name=kind.name, title=_(kind.name), fields=[describe_field(f, vocab) for f in kind.fields])
    else:
        out.update(kind="text", markdown=False, one_line=False, max_length=None, pattern=None, pattern_hint="")
    return out


def value_label(value: str) -> str:
    """A fixed value as the form's choices show it, in the language spoken."""
    return _(LABELS.get(value) or schema.DEFAULT_LABELS.get(value) or label(value))


def readable_type(text: str) -> str:
    """A kind's description in the form's words: 'business mapping' -> 'business details',
    'list of timeline entry mappings' -> 'list of timeline entries'. Other languages' catalogs
    word the descriptions for readers already."""
    if not i18n.is_source(i18n.spoken()):
        return text
    text = re.sub(r"\bentry mappings\b", "entries", text)
    text = re.sub(r"\bmappings\b", "entries", text)
    return re.sub(r"\bmapping\b", "details", text)


def label_condition(f: schema.Field) -> str:
    """When a conditionally required field is needed, in the form's labels ("" if never or always)."""
    if f.required_if is None:
        return ""
    other, value = f.required_if
    if value is None:
        return _("when %(field)s is empty") % {"field": _(label(other))}
    return _("when %(field)s is %(value)s") % {"field": _(label(other)), "value": value_label(value)}


def schema_messages() -> list[str]:
    """The words of the case, lesson and module tables that pages and the form show, besides
    those written as messages in `casebook.check.schema`: each field's label and description,
    each record's name, and each fixed value's label (`make messages` reads them from here)."""
    found: list[str] = []
    for record in schema.RECORDS.values():
        for nested in schema.nested_records(record):
            found.append(nested.name)
            for f in nested.fields:
                found += [label(f.name), f.doc, *(text for text in schema.translatable_examples(f) if isinstance(text, str))]
                kind = f.kind.item if isinstance(f.kind, schema.ListOf) else f.kind
                if isinstance(kind, schema.Choice) and not kind.vocabulary:
                    found += [LABELS.get(v) or label(v) for v in kind.values]
    return list(dict.fromkeys(found))


def describe_field(f: schema.Field, vocab: Mapping[str, Sequence[str]]) -> dict:
    return {
        "name": f.name,
        "label": _(label(f.name)),
        # The form's own words for the type and the condition: its labels, not the file's keys.
        "help_type": readable_type(f.kind.describe(vocab)),
        "label_condition": label_condition(f),
        "doc": _(f.doc),
        "required": f.required,
        # Required only when a sibling field has a value, where the schema says so.
        "required_if": getattr(f, "required_if", None),
        "condition": getattr(f, "condition", ""),
        "example": schema.shown_example(f),
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
        "messages": schema.messages(),
        "words": {key: _(text) for key, text in FORM_WORDS.items()},
        "case_noun": schema.noun("case"),
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
