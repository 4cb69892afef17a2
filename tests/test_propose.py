"""The "Propose a case" form in headless Chromium: built from the schema, checked with the
validator's words, and writing a file that `casebook validate` and the site accept."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from casebook.check import schema
from casebook.render import markup, propose_form
from conftest import bench_browser, make_project, MINIMAL_MKDOCS, ROOT, run_cli, run_mkdocs, serve_directory, shoot

ASSETS = ROOT / "plugins" / "casebook" / "assets"
LESSON_TITLE = "Answer public criticism in public, and never remove it for being critical"
LESSON_ID = "engage-public-criticism"
TITLE = "Café Ωmega replaces a ruined wedding cake the same day"
CASE_ID = "cafe-mega-replaces-a-ruined-wedding-cake-the-same-day"
MARKDOWN = "The couple's **cake** arrived crushed.\n\n- They phoned the café\n- <b>raw</b> stays as typed"


# --- helpers -----------------------------------------------------------------------------------

def open_form(page, site_url, query: str = "") -> None:
    page.set_default_timeout(8000)
    page.goto(site_url + "/propose/" + query)
    page.wait_for_selector("[data-casebook-form-ready]")


def field(page, path: str, nth: int = 0):
    """The control of the field at `path` (`title`, `business.name`, `sources[].url`)."""
    return page.locator(f'[data-field="{path}"]').nth(nth).locator("input:not([type=search]), select, textarea").first


def message(page, control) -> str:
    """The text of everything the control's aria-describedby names: its help and its messages."""
    ids = control.get_attribute("aria-describedby").split()
    return " ".join(page.locator(f"#{i}").inner_text() for i in ids)


def errors_of(page, control) -> str:
    ids = control.get_attribute("aria-describedby").split()
    return page.locator(f"#{ids[-1]}").inner_text()


def pick_lesson(page, words: str, title: str) -> None:
    page.get_by_label("Find a lesson to add").fill(words)
    page.get_by_role("button", name=f"Add {title}").click()


def submit(page) -> None:
    page.get_by_role("button", name="Make the case file").click()


#: What a complete case types into each field, in the order of the form: (field, value), where
#: a value in a tuple is chosen from a list by its label.
COMPLETE_CASE = [
    ("title", TITLE),
    ("summary", "A café replaced a crushed wedding cake within hours and said sorry first. Très bien."),
    ("verdict", ("Good practice",)),
    ("date", "2019-06"),
    ("business.name", "Café Ωmega"),
    ("business.sector", ("Hospitality",)),
    ("business.size", ("Small",)),
    ("customer", "A couple on their wedding day"),
    ("what_happened", MARKDOWN),
    ("response", "The café *apologised* and baked a new cake: «désolé»."),
    ("outcome", "The couple [wrote about it](https://example.com/post)."),
    ("discussion", "What made the apology work?"),
    ("tags", "weddings"),
    ("provenance.told_by", ("Customer",)),
    ("provenance.witness", ("First hand",)),
    ("provenance.business_side", ("Given",)),
    ("provenance.business_side_where", "In a reply under the couple's post"),
]
SOURCES = [
    {"title": "Our wedding cake disaster, and the café that saved it", "url": "https://example.com/cake"},
    {"title": "Ωmega's reply", "url": "https://example.com/reply", "author": "Café Ωmega", "published": "2019-06-12"},
]


def fill_complete_case(page) -> None:
    for path, value in COMPLETE_CASE:
        if isinstance(value, tuple):
            field(page, path).select_option(label=value[0])
        else:
            field(page, path).fill(value)
    for channel in ("phone", "in-person"):
        page.locator(f'[data-field="channels"] input[value="{channel}"]').check()
    pick_lesson(page, "criticism public", LESSON_TITLE)
    field(page, "lessons[].stance").select_option(label="Followed the lesson")
    field(page, "lessons[].note").fill("The café answered the couple's post **in public**.")
    for i, source in enumerate(SOURCES):
        if i:
            page.get_by_role("button", name="Add a source").click()
        for name, value in source.items():
            field(page, f"sources[].{name}", i).fill(value)


def strip_strings(value):
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [strip_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_strings(v) for k, v in value.items()}
    return value


# --- the field list comes from the schema -------------------------------------------------------

def _names(kind: dict, prefix: str = "") -> set[str]:
    found = set()
    for f in kind.get("fields", []):
        found.add(prefix + f["name"])
        inner = f["kind"]
        while inner["kind"] in ("list", "oneof"):
            inner = inner["item"] if inner["kind"] == "list" else inner["long"]
        found |= _names(inner, prefix + f["name"] + ".")
    return found


def test_description_has_every_case_field_with_its_help():
    data = propose_form.description(schema.DEFAULT_VOCABULARIES, {"a-lesson": "A lesson"})
    expected = set()
    for record in schema.nested_records(schema.CASE):
        expected |= {f.name for f in record.fields}
    assert {n.rsplit(".", 1)[-1] for n in _names(data["record"])} == expected
    title = data["record"]["fields"][0]
    assert title["doc"] == schema.CASE.fields[0].doc and title["kind"]["max_length"] == 120
    assert data["messages"] == schema.MESSAGES
    verdict = next(f for f in data["record"]["fields"] if f["name"] == "verdict")
    assert verdict["kind"]["labels"] == ["Good practice", "Bad practice", "Mixed practice"]


def test_a_field_added_to_the_schema_appears_in_the_form(page, site_url, monkeypatch):
    mood = schema.Field("customer_mood", schema.Choice(("calm", "angry"), noun="mood"),
                        "How the customer felt when they first wrote.", example="calm")
    monkeypatch.setattr(schema, "CASE", schema.Record("case", schema.CASE.fields + (mood,)))
    record = propose_form.description(schema.DEFAULT_VOCABULARIES, {})["record"]

    def with_new_schema(route):
        def swap(match):
            data = json.loads(match.group(2))[0]
            data["record"] = record
            return match.group(1) + "[" + propose_form.script_json(data) + "]" + match.group(3)

        html = re.sub(r'(<div class="casebook-form"[^>]*>.*?<script type="application/json">)(.*?)(</script>)',
                      swap, route.fetch().text(), flags=re.DOTALL)
        route.fulfill(body=html, content_type="text/html")

    page.route(site_url + "/propose/", with_new_schema)
    open_form(page, site_url)
    control = page.get_by_label("Customer mood")
    assert "How the customer felt when they first wrote." in message(page, control)
    assert control.locator("option").all_inner_texts() == ["(none)", "Calm", "Angry"]
    control.select_option("angry")
    fill_complete_case(page)
    submit(page)
    assert "customer_mood: angry" in page.locator(".casebook-yaml").input_value()


# --- a complete case, end to end ---------------------------------------------------------------

def test_complete_case_validates_builds_and_opens_a_pull_request(page, site_url, tmp_path, artifacts):
    open_form(page, site_url)
    fill_complete_case(page)
    assert field(page, "id").input_value() == CASE_ID
    submit(page)
    output = page.locator(".casebook-form-output")
    assert output.is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download {CASE_ID}.yml").click()
    download = info.value
    assert download.suggested_filename == f"{CASE_ID}.yml"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    assert text == page.locator(".casebook-yaml").input_value()
    # Fields in the order of the `casebook new` template.
    order = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert order == [f.name for f in schema.CASE.fields if f.name in order]
    assert "what_happened: |\n  The couple's **cake** arrived crushed.\n" in text

    # The file passes `casebook validate` beside the repository's cases, and the site shows it.
    # The repository's cases have tags, which a strict build shows only with the tags plugin on.
    project = make_project(tmp_path / "p", {}, MINIMAL_MKDOCS.replace("  - search\n", "  - search\n  - tags\n"))
    shutil.copytree(ROOT / "cases", project / "cases")
    (project / "cases" / f"{CASE_ID}.yml").write_text(text, encoding="utf-8")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout and ": warning:" not in result.stdout
    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site" / "cases" / CASE_ID / "index.html").read_text(encoding="utf-8")
    for shown in ("<strong>cake</strong>", "&lt;b&gt;raw&lt;/b&gt; stays as typed", "<em>apologised</em>",
                  "<strong>in public</strong>", 'href="https://example.com/cake"'):
        assert shown in html, shown
    from bs4 import BeautifulSoup

    # (The contributor's words in template sentences are isolated by U+2068 ... U+2069.)
    words = " ".join(BeautifulSoup(html, "html.parser").find("article").get_text(" ").translate(
        {0x2068: None, 0x2069: None}).split())
    for shown in (TITLE, "Café Ωmega (small)", "«désolé»", "Ωmega's reply , Café Ωmega (2019-06-12)",
                  "What made the apology work?", "What they did right " + LESSON_TITLE, "The business gave its side: in a reply under the couple's post.", "Good practice", "Channels Phone In person"):
        assert shown in words, shown

    # The pull request link: GitHub's new-file page for cases/<id>.yml, holding the same file.
    href = page.get_by_role("link", name="Open a pull request").get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/casebook/casebook/new/main")
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["filename"] == [f"cases/{CASE_ID}.yml"]
    assert query["value"] == [text]
    shoot(page, artifacts / "propose-output.png", full_page=True)
    assert page.js_errors == []


def test_long_content_falls_back_to_download_and_upload(page, site_url):
    open_form(page, site_url)
    fill_complete_case(page)
    field(page, "outcome").fill("The couple kept coming back. " * 400)
    submit(page)
    assert page.get_by_role("link", name="Open a pull request").count() == 0
    upload = page.get_by_role("link", name="Upload it on GitHub")
    assert upload.get_attribute("href") == "https://github.com/casebook/casebook/upload/main/cases"
    assert "Drag the downloaded file onto the page" in page.locator(".casebook-steps").inner_text()
    assert page.get_by_role("link", name=f"Download {CASE_ID}.yml").is_visible()


# --- checks as you type --------------------------------------------------------------------------

def test_each_kind_of_check_shows_the_validators_message_next_to_its_field(page, site_url):
    open_form(page, site_url)
    bad = {
        "title": "x" * 121,
        "date": "2019-13",
        "tags": ["Two_Words"],
        "what_happened": "Call 0161 496 0000 or write to jo.bloggs@example.com",
        "sources": [{"title": "A post", "url": "javascript:alert(1)"}],
    }
    expected = {i.path: i.message for i in schema.check(schema.CASE, bad, schema.DEFAULT_VOCABULARIES)}
    field(page, "title").fill(bad["title"])
    field(page, "date").fill(bad["date"])
    field(page, "tags").fill(bad["tags"][0])
    field(page, "what_happened").fill(bad["what_happened"])
    field(page, "sources[].url").fill(bad["sources"][0]["url"])
    # Messages show as you type, each beside its own field.
    assert errors_of(page, field(page, "title")) == "Error: " + expected[("title",)]
    assert errors_of(page, field(page, "date")) == "Error: " + expected[("date",)]
    assert errors_of(page, field(page, "tags")) == "Error: " + expected[("tags", 0)]
    assert errors_of(page, field(page, "sources[].url")) == "Error: " + expected[("sources", 0, "url")]
    personal = errors_of(page, field(page, "what_happened"))
    assert "Warning: looks like an email address: remove personal data or anonymise it" in personal
    assert "Warning: looks like a phone number: remove personal data or anonymise it" in personal
    assert field(page, "title").get_attribute("aria-invalid") == "true"

    field(page, "date").fill("June 2019")
    issues = schema.check(schema.CASE, {"date": "June 2019"}, {})
    assert errors_of(page, field(page, "date")) == "Error: " + next(i.message for i in issues if i.path == ("date",))

    # The file name follows the title and is checked as `casebook validate` checks file names.
    field(page, "title").fill("Ωμέγα")
    assert errors_of(page, field(page, "id")).startswith("Error: file name '' is not a valid id")
    field(page, "id").fill("index")
    assert errors_of(page, field(page, "id")) == "Error: " + schema.MESSAGES["reserved-id"].format(stem="index")
    field(page, "id").fill("ozzys-archive-facebook-complaints-disappear")
    assert "is already used by cases/ozzys-archive-facebook-complaints-disappear.yml" in errors_of(page, field(page, "id"))

    # Required fields say so once the form is submitted; a field needed only when another has
    # a value says when.
    field(page, "provenance.business_side").select_option("given")
    submit(page)
    # In the form's words: the labels it shows, not the file's keys.
    assert errors_of(page, field(page, "provenance.business_side_where")) == \
        "Error: Business side where is needed when Business side is Given."
    assert errors_of(page, field(page, "summary")) == "Error: Summary is required."
    assert errors_of(page, field(page, "business.sector")) == "Error: Sector is required."
    help_texts = page.locator(".casebook-help").all_inner_texts()
    kinds = [t.rsplit("(", 1)[-1] for t in help_texts]  # the kind of value, in brackets at the end
    assert not [k for k in kinds if "mapping" in k or "_" in k], kinds


def test_an_unknown_value_in_a_draft_is_named_with_the_allowed_ones(page, site_url):
    page.goto(site_url + "/propose/")
    page.evaluate("""localStorage.setItem('casebook-propose-draft', JSON.stringify({version: 1, correcting: null,
        id: 'a-case', idEdited: true, value: {title: 'A case', business: {name: 'Shop', sector: 'Retail', size: 'smal'},
        channels: ['emial', 'phone', 'xyz']}}))""")
    open_form(page, site_url)
    business = {"name": "Shop", "sector": "Retail", "size": "smal"}
    expected = [i.message for i in schema.check(schema.BUSINESS, business, schema.DEFAULT_VOCABULARIES)]
    assert errors_of(page, field(page, "business.sector")) == "Error: " + expected[0]
    assert errors_of(page, field(page, "business.size")) == "Error: " + expected[1]
    assert "did you mean 'retail'?" in expected[0] and "did you mean 'small'?" in expected[1]
    # Several values from a vocabulary: each unknown one is named, with the closest allowed one.
    channels = schema.check(schema.CASE, {"channels": ["emial", "phone", "xyz"]}, schema.DEFAULT_VOCABULARIES)
    shown = page.locator('[data-field="channels"] .casebook-field-error').inner_text()
    for issue in channels:
        if issue.path[:1] == ("channels",):
            assert issue.message in shown
    assert "did you mean 'email'?" in shown


def test_an_invalid_form_cannot_be_submitted(page, site_url):
    open_form(page, site_url)
    field(page, "title").fill("A shop answers late")
    field(page, "sources[].url").fill("ftp://example.com/x")
    submit(page)
    assert page.locator(".casebook-form-output").is_hidden()
    assert page.get_by_role("link", name=re.compile("^Download")).count() == 0
    alert = page.locator(".casebook-form-summary")
    assert re.match(r"\d+ problems to fix", alert.inner_text())
    # The first field to fix has the focus.
    assert page.evaluate("document.activeElement.closest('[data-field]').dataset.field") == "summary"
    # The summary lists every problem by its field's label, each a link to the field.
    listed = alert.locator(".casebook-problem-list a")
    assert listed.count() >= 3
    assert "Summary: Summary is required." in listed.all_inner_texts()
    assert any(t.startswith("URL: ") for t in listed.all_inner_texts()), listed.all_inner_texts()
    alert.get_by_role("link", name="Summary: Summary is required.").click()
    assert page.evaluate("document.activeElement.closest('[data-field]').dataset.field") == "summary"


def test_markdown_preview_follows_the_sites_rules(page, site_url):
    text = ("# Heading\n\n<script>alert(1)</script> **not bold** in an HTML block\n\n"
            "<b>inline</b> **bold** [bad](javascript:alert(1)) [ok](https://example.com/ok \"a title\") "
            "![a photo](https://example.com/p.png)")
    open_form(page, site_url)
    field(page, "what_happened").fill(text)
    box = page.locator('[data-field="what_happened"]')
    box.locator("summary", has_text="Preview").click()
    preview = box.locator(".casebook-preview-body")
    assert preview.locator("h3").inner_text() == "Heading"
    assert preview.locator("script, img, [title]").count() == 0
    shown = " ".join(preview.inner_text().split())
    site = markup.render_markdown(text)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(site, "html.parser")
    assert shown == " ".join(soup.get_text(" ").split())
    hrefs = preview.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [a["href"] for a in soup.find_all("a")] == ["https://example.com/ok", "https://example.com/p.png"]


# --- drafts and corrections ------------------------------------------------------------------------

def test_a_reload_keeps_the_draft(page, site_url):
    open_form(page, site_url)
    field(page, "title").fill("Ünïcode shop keeps a promise")
    field(page, "what_happened").fill(MARKDOWN)
    pick_lesson(page, "criticism", LESSON_TITLE)
    field(page, "lessons[].stance").select_option("broken")
    field(page, "sources[].title").fill("A post")
    page.reload()
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == "Ünïcode shop keeps a promise"
    assert field(page, "id").input_value() == "unicode-shop-keeps-a-promise"
    assert field(page, "what_happened").input_value() == MARKDOWN
    assert field(page, "lessons[].stance").input_value() == "broken"
    assert page.locator(".casebook-item legend", has_text=LESSON_TITLE).count() == 1
    assert field(page, "sources[].title").input_value() == "A post"
    # Clearing asks first; "Keep them" keeps everything.
    page.get_by_role("button", name="Clear the form").click()
    page.get_by_role("button", name="Keep them").click()
    assert field(page, "title").input_value() == "Ünïcode shop keeps a promise"
    # Cleared, then undone: every field comes back, the draft too.
    page.get_by_role("button", name="Clear the form").click()
    page.get_by_role("button", name="Clear every field").click()
    assert field(page, "title").input_value() == ""
    page.get_by_role("button", name="Undo").click()
    assert field(page, "title").input_value() == "Ünïcode shop keeps a promise"
    assert field(page, "what_happened").input_value() == MARKDOWN
    page.reload()
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == "Ünïcode shop keeps a promise"
    page.get_by_role("button", name="Clear the form").click()
    page.get_by_role("button", name="Clear every field").click()
    page.reload()
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == ""


def test_a_correction_and_a_new_case_are_separate_drafts(page, site_url):
    """Type a new case, open a correction and change it, return: both drafts are intact, and the
    page says which one is open."""
    open_form(page, site_url)
    field(page, "title").fill("A new case in the writing")
    case_id = "title-9-refunds-entry-fees"
    page.goto(site_url + f"/cases/{case_id}/")
    page.get_by_role("link", name="Suggest a correction").click()
    page.wait_for_selector(f'[data-casebook-loaded="{case_id}"]')
    assert f"You are correcting the case in cases/{case_id}.yml" in page.locator(".casebook-form-mode").inner_text()
    assert field(page, "title").input_value().startswith("Title 9")
    field(page, "title").fill("Title 9 refunds, corrected")
    page.get_by_role("link", name="go back to the new case").click()
    page.wait_for_selector("[data-casebook-form-ready]")
    assert "You are writing a new case" in page.locator(".casebook-form-mode").inner_text()
    assert field(page, "title").input_value() == "A new case in the writing"
    page.go_back()
    page.wait_for_selector(f'[data-casebook-loaded="{case_id}"]')
    assert field(page, "title").input_value() == "Title 9 refunds, corrected"
    # Starting the correction again asks first, gives back the published case, and can be undone.
    page.get_by_role("button", name="Start again from the published case").click()
    page.get_by_role("button", name="Drop my changes").click()
    page.wait_for_function("document.querySelector('[data-field=\"title\"] input, [data-field=\"title\"] textarea')"
                           ".value.startsWith('Title 9 refunds every')")
    page.get_by_role("button", name="Undo").click()
    assert field(page, "title").input_value() == "Title 9 refunds, corrected"
    page.goto(site_url + "/propose/")
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == "A new case in the writing"


def test_starting_a_correction_again_when_the_case_cannot_load_keeps_both_drafts(page, site_url):
    open_form(page, site_url)
    field(page, "title").fill("A new case in the writing")
    case_id = "lifetouch-full-voicemail-box"
    page.goto(site_url + f"/propose/?case={case_id}")
    page.wait_for_selector(f'[data-casebook-loaded="{case_id}"]')
    field(page, "title").fill("LifeTouch, corrected")
    page.route("**/propose-cases/*.json", lambda route: route.fulfill(status=404, body="gone"))
    page.get_by_role("button", name="Start again from the published case").click()
    page.get_by_role("button", name="Drop my changes").click()
    page.get_by_text("The published case could not be loaded; Undo brings your changes back.").wait_for()
    assert "You are correcting the case in" in page.locator(".casebook-form-mode").inner_text()
    page.get_by_role("button", name="Undo").click()
    assert field(page, "title").input_value() == "LifeTouch, corrected"
    page.unroute("**/propose-cases/*.json")
    page.goto(site_url + "/propose/")
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == "A new case in the writing"
    page.goto(site_url + f"/propose/?case={case_id}")
    page.wait_for_selector("[data-casebook-form-ready]")
    assert field(page, "title").input_value() == "LifeTouch, corrected"


def test_suggest_a_correction_opens_the_form_filled_with_the_case(tabs, site):
    """Opened from a case page, the correction downloads the form and that case alone: nothing
    whose size grows with the casebook, and the Markdown previewer only once a preview opens."""
    case_id = "ozzys-archive-facebook-complaints-disappear"
    sent: list[tuple[str, int]] = []
    base, stop = serve_directory(site, sent)
    page = tabs.take(viewport={"width": 1280, "height": 900})
    try:
        files = bench_browser.correction_download(page, base, str(site), sent, case_id)
        assert field(page, "id").input_value() == case_id
        # Beside these, the search asks afresh which index is current (`pagefind-entry.json`).
        assert sorted(path for path, _, _ in files if not path.startswith("/pagefind/")) == [
            "/assets/casebook/form.js", "/propose-cases/" + case_id + ".json", "/propose/"], files
        assert sum(packed for _, _, packed in files) < 50 * 1024  # all of it, the search's too
        # The ids in use come when the reader starts to edit; the previewer when a preview opens.
        del sent[:]
        field(page, "summary").focus()
        page.wait_for_function("document.querySelectorAll('#cbf-ids-case option').length > 1")
        box = page.locator('[data-field="what_happened"]')
        box.locator("summary", has_text="Preview").click()
        box.locator(".casebook-preview-body p").first.wait_for()
        assert [path for path, status in sent if status == 200] == [
            "/propose-ids.json", "/assets/casebook/markdown-it.min.js"], sent
        check_made_file(page, case_id)
    finally:
        tabs.done(page)
        stop()


def check_made_file(page, case_id: str) -> None:
    """The file the form makes from the corrected case, unchanged, is the case as published."""
    submit(page)
    written = yaml.safe_load(page.locator(".casebook-yaml").input_value())
    original = yaml.safe_load((ROOT / "cases" / f"{case_id}.yml").read_text(encoding="utf-8"))
    assert strip_strings(written) == strip_strings(original)
    edit = page.get_by_role("link", name="Edit the file on GitHub").get_attribute("href")
    assert edit == f"https://github.com/casebook/casebook/edit/main/cases/{case_id}.yml"


def test_a_correction_of_an_unknown_case_fetches_nothing_and_says_so(page, site_url):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_url + "/propose/?case=..%2Fcasebook")
    page.wait_for_selector("[data-casebook-form-ready]")
    page.get_by_text("could not be loaded; start a new one below").wait_for()
    assert not [url for url in fetched if url.endswith(".json")]
    assert field(page, "id").input_value() == ""


# --- accessibility, looks, and the vendored library ------------------------------------------------

@pytest.mark.parametrize("width,scheme", [(390, "light"), (1280, "dark")])
def test_form_passes_axe_with_messages_shown(tabs, site_url, artifacts, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    tab = tabs.take(viewport={"width": width, "height": 900}, color_scheme=scheme)
    open_form(tab, site_url)
    field(tab, "tags").fill("Bad Tag!")
    pick_lesson(tab, "criticism", LESSON_TITLE)
    tab.locator('[data-field="what_happened"] summary').click()
    submit(tab)
    results = Axe().run(tab, options={"resultTypes": ["violations"]})
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    shoot(tab, artifacts / f"propose-{width}-{scheme}.png", full_page=True)
    tabs.done(tab)
    assert serious == [], "\n".join(serious)


def test_vendored_markdown_it_is_the_recorded_release():
    record = (ASSETS / "markdown-it.LICENSE.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256((ASSETS / "markdown-it.min.js").read_bytes()).hexdigest()
    assert f"sha256 of the file: {digest}" in record
    assert "markdown-it 14.1.0" in record and "Permission is hereby granted" in record
    assert (ASSETS / "markdown-it.min.js").read_text(encoding="utf-8").startswith("/*! markdown-it 14.1.0 ")


def test_the_page_can_be_switched_off(tmp_path):
    from conftest import CASE, LESSON

    project = make_project(tmp_path, {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop-cancels.yml": CASE},
                           MINIMAL_MKDOCS.replace("  - casebook\n", "  - casebook:\n      propose_page: false\n"))
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "propose").exists()
    assert not (tmp_path / "site" / "propose-cases").exists()
    assert "Suggest a correction" not in (tmp_path / "site" / "cases" / "shop-cancels" / "index.html").read_text()


def test_script_json_cannot_close_its_script_element():
    text = propose_form.script_json({"a": "</script><!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "</script><!--"}
