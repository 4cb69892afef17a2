"""Each training module as Word, PowerPoint and SCORM 1.2 files: opened with their own libraries
(python-docx, python-pptx, zipfile and an XML parser) and checked against the module's YAML; the
SCORM package played in Chromium under a real SCORM 1.2 runtime (scorm-again, fetched from npm).

The files are those of the repository's own site, built once for the run (`site`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pptx
import pytest
from bs4 import BeautifulSoup

from conftest import CASE, LESSON, MODULE, ROOT, make_project, read, run_cli, seed, serve_directory, shared
from learner_rules import fragments, gives_nothing_away, plain

MODULES = sorted(p.stem for p in Path(__file__).resolve().parent.parent.joinpath("cases", "modules").glob("*.yml"))


def module_yaml(module_id: str) -> dict:
    return seed(f"cases/modules/{module_id}.yml")


def cases_yaml(module: dict) -> dict:
    return {item["case"]: seed(f"cases/{item['case']}.yml") for item in module["cases"]}


def download(site: Path, module_id: str, name: str) -> Path:
    return site / "training" / module_id / f"{module_id}-{name}"


def document_text(document) -> str:
    """Every paragraph's and every table cell's text of a Word document."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_every_module_page_and_the_training_index_link_its_files(site):
    index = BeautifulSoup(read(site, "training/index.html"), "html.parser")
    for module_id in MODULES:
        page = BeautifulSoup(read(site, f"training/{module_id}/index.html"), "html.parser")
        links = [a["href"] for a in page.select("article .casebook-downloads a")]
        names = ["learner-handout.docx", "facilitator-pack.docx", "slides.pptx", "scorm12.zip"]
        assert links == [f"{module_id}-{name}" for name in names]
        assert [a["href"] for a in index.select(f"article li:has(> a[href='{module_id}/']) .casebook-downloads a")] \
            == [f"{module_id}/{module_id}-{name}" for name in names]
        for name in names:
            assert download(site, module_id, name).is_file()


def test_word_learner_handout_has_the_printed_handouts_content_and_no_answer(site):
    for module_id in MODULES:
        module, document = module_yaml(module_id), docx.Document(str(download(site, module_id, "learner-handout.docx")))
        cases = cases_yaml(module)
        text = document_text(document)
        gives_nothing_away(module_id, module, cases, text)  # the printed handout's test
        headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
        assert headings[0] == ("Title", module["title"])
        exercises = [t for s, t in headings if s == "Heading 1" and t.startswith("Exercise")]
        assert exercises == [f"Exercise {n}: {cases[item['case']]['situation']}"
                             for n, item in enumerate(module["cases"], start=1)]
        for item in module["cases"]:
            assert plain(" ".join(item["focus"].split())) in plain(text)
        for objective in module["objectives"]:
            assert any(p.text == objective and p.style.name == "List Number" for p in document.paragraphs)
        agenda = document.tables[0]
        assert [c.text for c in agenda.rows[0].cells] == ["#", "Exercise", "Minutes", "Starts at"]
        assert [row.cells[2].text for row in agenda.rows[1:len(module["cases"]) + 1]] == \
            [str(item["minutes"]) for item in module["cases"]]
        # Ruled space: tables of empty rows, one for each exercise and each check question at least.
        ruled = [t for t in document.tables if len(t.columns) == 1 and not any(c.text for r in t.rows for c in r.cells)]
        assert len(ruled) >= len(module["cases"]) + len(module["pre_questions"]) + len(module["post_questions"])


def test_word_facilitator_pack_holds_every_answer_the_agenda_and_the_rubric(site):
    for module_id in MODULES:
        module = module_yaml(module_id)
        cases = cases_yaml(module)
        document = docx.Document(str(download(site, module_id, "facilitator-pack.docx")))
        text = plain(document_text(document))
        for n, item in enumerate(module["cases"], start=1):
            case = cases[item["case"]]
            assert any(p.style.name == "Heading 1" and p.text == f"Exercise {n}: {case['title']}"
                       for p in document.paragraphs)
            for question in item.get("discussion", []):
                assert plain(question["good_answers_cover"]) in text
        for field in ("model_answer",):
            for item in module["cases"]:
                first = " ".join(item[field].split())[:60]
                assert plain(first) in text
        tables = {t.rows[0].cells[0].text: t for t in document.tables}
        agenda = tables["Clock"]
        assert len(agenda.rows) == 1 + len(module["activities"])
        assert agenda.rows[1].cells[0].text == f"0:00–0:{module['activities'][0]['minutes']:02d}"
        rubric = tables["Criterion"]
        assert [[c.text for c in row.cells] for row in rubric.rows[1:]] == \
            [[" ".join(r[k].split()) for k in ("criterion", "weak", "sound", "strong")] for r in module["rubric"]]
        for objection in module["objections"]:
            assert plain(objection["objection"]) in text


def test_slides_run_the_session_with_the_answers_in_the_speaker_notes(site):
    for module_id in MODULES:
        module = module_yaml(module_id)
        cases = cases_yaml(module)
        deck = pptx.Presentation(str(download(site, module_id, "slides.pptx")))
        slides = list(deck.slides)
        titles = [s.shapes.title.text for s in slides]
        layouts = {s.slide_layout.name for s in slides}
        assert layouts <= {"Title Slide", "Title and Content", "Title Only"}  # the template's own
        assert titles[:3] == [module["title"], "Objectives", "Agenda"]
        notes = {title: s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for title, s in zip(titles, slides)}
        for n, item in enumerate(module["cases"], start=1):
            case = cases[item["case"]]
            at = titles.index(f"Exercise {n}: {case['situation']}")
            body = plain(" ".join(sh.text_frame.text for sh in slides[at].placeholders if sh.placeholder_format.idx == 1))
            assert plain(" ".join(item["focus"].split())) in body
            assert case["title"] not in body and plain(case["title"]) not in plain(slides[at].shapes.title.text)
            assert titles[at + 1] == f"Exercise {n}: what happened next"  # the reveal, on the slide after
            reveal = plain(slides[at + 1].placeholders[1].text_frame.text)
            assert plain(case["title"]) in reveal
            assert plain(" ".join(item["model_answer"].split())[:80]) in plain(notes[titles[at]])
            assert all(plain(piece) in plain(notes[titles[at + 1]]) for piece in fragments(case["response"])[:3])
        for play in module.get("role_plays", []):
            assert plain(" ".join(play["customer"].split())[:60]) in plain(notes[f"Role-play: {play['title']}"])
        wrap = notes["Wrap-up: back to the objectives"]
        for objection in module["objections"]:
            assert plain(objection["objection"]) in plain(wrap)
        agenda = next(sh for sh in slides[2].shapes if sh.has_table).table
        assert len(agenda.rows) == 1 + len(module["activities"])


IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def test_scorm_manifest_follows_the_content_packaging_structure_and_lists_every_file(site):
    """IMS Content Packaging 1.1.2 with ADL's SCORM 1.2 extensions: manifest > organizations >
    organization > item whose identifierref names a resource of scormtype sco, whose href is
    the page to launch and whose files are all in the zip, and the zip holds nothing else."""
    for module_id in MODULES:
        with zipfile.ZipFile(download(site, module_id, "scorm12.zip")) as package:
            names = set(package.namelist())
            root = ET.fromstring(package.read("imsmanifest.xml"))
            assert root.tag == f"{IMSCP}manifest" and root.get("identifier")
            assert [e.text for e in root.find(f"{IMSCP}metadata")] == ["ADL SCORM", "1.2"]
            organizations = root.find(f"{IMSCP}organizations")
            default = organizations.get("default")
            organization = next(o for o in organizations if o.get("identifier") == default)
            assert organization.find(f"{IMSCP}title").text == module_yaml(module_id)["title"]
            items = organization.findall(f"{IMSCP}item")
            resources = {r.get("identifier"): r for r in root.find(f"{IMSCP}resources")}
            assert items and all(item.get("identifierref") in resources for item in items)
            sco = resources[items[0].get("identifierref")]
            assert sco.get(f"{ADLCP}scormtype") == "sco" and sco.get("type") == "webcontent"
            files = {f.get("href") for f in sco.findall(f"{IMSCP}file")}
            assert sco.get("href") in files and files | {"imsmanifest.xml"} == names
            page = package.read(sco.get("href")).decode("utf-8")
            # Self-contained: every file the page loads is in the package, and no address leaves it.
            soup = BeautifulSoup(page, "html.parser")
            loaded = [t.get("src") or t.get("href") for t in soup.select("script[src], link[href], img[src]")]
            assert loaded and all(src in files for src in loaded)
            assert "http" not in " ".join(loaded)


@pytest.fixture(scope="session")
def scorm_runtime(tmp_path_factory) -> Path:
    """scorm-again's SCORM 1.2 runtime (`Scorm12API`), fetched from npm once for the run."""
    def make(folder: Path) -> None:
        npm = shutil.which("npm")
        if npm is None:
            (folder / "missing").write_text("npm is not installed", encoding="utf-8")
            return
        result = subprocess.run([npm, "pack", "scorm-again@3", "--silent", "--pack-destination", str(folder)],
                                capture_output=True, text=True, timeout=120)
        tarballs = list(folder.glob("scorm-again-*.tgz"))
        if result.returncode or not tarballs:
            (folder / "missing").write_text(f"npm could not fetch scorm-again: {result.stderr.strip()[:300]}",
                                            encoding="utf-8")
            return
        with tarfile.open(tarballs[0]) as tar:
            member = tar.getmember("package/dist/scorm12.js")
            (folder / "scorm12.js").write_bytes(tar.extractfile(member).read())

    folder = shared(tmp_path_factory, "scorm-again", make)
    if (folder / "missing").exists():
        pytest.skip((folder / "missing").read_text(encoding="utf-8"))
    return folder / "scorm12.js"


#: The LMS's page: scorm-again's API as `window.API`, every call it takes recorded, and the
#: package in a frame below it.
HOST = """<!doctype html><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
window.calls = [];
window.API = new Scorm12API({autocommit: false, logLevel: 5});
for (const name of ["LMSInitialize", "LMSCommit", "LMSFinish"]) {
  API.on(name, () => calls.push([name]));
}
API.on("LMSSetValue.cmi.*", (element, value) => calls.push(["LMSSetValue", element, String(value)]));
</script>
<iframe id="sco" src="package/index.html" style="width:100%;height:800px"></iframe>
"""


def test_a_learner_works_through_the_scorm_package_under_a_scorm_12_runtime(site, scorm_runtime, page, tmp_path):
    module_id = "difficult-customers"
    module = module_yaml(module_id)
    lms = tmp_path / "lms"
    with zipfile.ZipFile(download(site, module_id, "scorm12.zip")) as package:
        package.extractall(lms / "package")
    shutil.copy(scorm_runtime, lms / "scorm12.js")
    (lms / "index.html").write_text(HOST, encoding="utf-8")
    sent: list = []
    base, stop = serve_directory(lms, sent)
    try:
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "/index.html")
        frame = page.frame_locator("#sco")
        frame.locator("#casebook-lms").filter(has_text="recorded").wait_for()
        frame.locator("#before-1").fill("Send a new one, to stop the reviews.")
        frame.locator("#answer-1").fill("Sorry for the trouble; could you send the model number?")
        frame.locator("details.casebook-reveal summary").first.click()
        frame.locator("#casebook-finish").click()  # not rated yet: the module asks first
        frame.locator("#casebook-finished").filter(has_text="first").wait_for()
        ratings = ["100", "50"][:len(module["post_questions"])]
        for number, value in enumerate(ratings, start=1):
            frame.locator(f"input[name='rating-{number}'][value='{value}']").check()
        assert "Send a new one" in frame.locator("[data-before='1']").inner_text()
        frame.locator("#casebook-finish").click()
        frame.locator("#casebook-finished").filter(has_text="recorded").wait_for()
        calls = page.evaluate("window.calls")
        state = page.evaluate("[API.cmi.core.lesson_status, API.cmi.core.score.raw, API.isTerminated()]")
    finally:
        stop()
    names = [call[0] for call in calls]
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish" and names.count("LMSFinish") == 1
    set_values = [tuple(call[1:]) for call in calls if call[0] == "LMSSetValue"]
    assert set_values[0] == ("cmi.core.lesson_status", "incomplete")
    assert ("cmi.core.score.raw", "75") in set_values and ("cmi.core.lesson_status", "completed") in set_values
    assert names.index("LMSCommit", names.index("LMSSetValue")) < names.index("LMSFinish")
    assert state == ["completed", "75", True]
    # Nothing was fetched from anywhere but the LMS's own server.
    assert requests and all(url.startswith(base) for url in requests), requests


def test_cli_exports_a_module_and_names_what_it_cannot_find(tmp_path):
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "out"
    written = run_cli("export", "module", "keeping-promises", "--format", "docx", "-o", str(out), cwd=root)
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keeping-promises-facilitator-pack.docx",
                                                      "keeping-promises-learner-handout.docx"]
    wrong = run_cli("export", "module", "keping-promises", "-o", str(out), cwd=root)
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines()[-1] == (
        "Error: cases/modules/: no module 'keping-promises' (did you mean 'keeping-promises'?); the modules are: "
        + ", ".join(MODULES))
    bad = run_cli("export", "module", "--all", "--format", "pptz", cwd=root)
    assert bad.returncode == 2 and "unknown format 'pptz' (did you mean 'pptx'?); one of docx, pptx, scorm" in bad.stderr
    assert sorted(p.name for p in out.iterdir())[0].endswith(".docx") and len(list(out.iterdir())) == 2


#: Runs a command with python-docx and python-pptx out of reach, as where the extra is not installed.
WITHOUT_OFFICE = "import sys; sys.modules['docx'] = sys.modules['pptx'] = None; sys.argv[0] = 'x'; "


def test_without_the_office_extra_the_site_builds_without_those_links_and_says_what_to_install(tmp_path):
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON,
                                            "cases/shop-cancels.yml": CASE + "situation: A shop cannot fill an order.\n",
                                            "cases/modules/cancellations.yml": MODULE})
    line = "Word and PowerPoint files of the training modules need python-docx and python-pptx: " \
           "pip install 'mkdocs-casebook[office]'"
    build = subprocess.run([sys.executable, "-c", WITHOUT_OFFICE + "from mkdocs.__main__ import cli; cli()", "build",
                            "--strict", "-d", str(tmp_path / "site")], cwd=project, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert build.stderr.count(line) == 1 and f"INFO    -  casebook: {line}" in build.stderr
    page = (tmp_path / "site" / "training" / "cancellations" / "index.html").read_text(encoding="utf-8")
    assert ".docx" not in page and ".pptx" not in page and "cancellations-scorm12.zip" in page
    assert sorted(p.name for p in (tmp_path / "site" / "training" / "cancellations").iterdir()) == [
        "cancellations-scorm12.zip", "index.html"]
    export = subprocess.run([sys.executable, "-c", WITHOUT_OFFICE + "from casebook.cli import main; main()",
                             "export", "module", "cancellations", "--format", "docx"],
                            cwd=project, capture_output=True, text=True)
    assert export.returncode == 1 and export.stderr.strip() == f"Error: {line}"
    assert not list(project.glob("*.docx"))
    json.loads(read(tmp_path / "site", "casebook.json"))  # the rest of the site is there


def test_a_modules_files_are_kept_between_builds_and_made_again_when_anything_changes(tmp_path, monkeypatch):
    """A build writes the same bytes from the same module, so files made once are read after
    that, from this build's or any other's; a change to the module, its cases or the labels
    makes them again, as does a damaged kept file."""
    from casebook.check import schema
    from casebook.link import casefiles
    from casebook.publish import office

    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "store"))
    book, _ = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    made = office.site_downloads(book, ("scorm", "docx"), schema.DEFAULT_LABELS)
    calls = []
    real = office.module_files
    monkeypatch.setattr(office, "module_files", lambda *args: calls.append(args[1:3]) or real(*args))
    assert office.site_downloads(book, ("scorm", "docx"), schema.DEFAULT_LABELS) == made and calls == []
    relabelled = {**schema.DEFAULT_LABELS, "bad": "Poor practice"}
    again = office.site_downloads(book, ("scorm",), relabelled)
    assert len(calls) == len(book.modules) and again != {k: v for k, v in made.items() if k.endswith(".zip")}
    kept = sorted((tmp_path / "store" / "office").rglob("*.zip"))
    assert len(kept) == 3 * len(book.modules)
    for path in kept:
        path.write_bytes(b"not a zip")
    calls.clear()
    assert office.site_downloads(book, ("scorm", "docx"), schema.DEFAULT_LABELS) == made
    assert len(calls) == 2 * len(book.modules)


def test_a_german_sites_word_and_powerpoint_files_say_the_casebooks_words_in_german():
    """The casebook's own words in a module's files (headings, labels, notes) come from its
    catalog, in the site's language, as on its pages; and the text is marked as German, for
    Word's and PowerPoint's spelling checks. A heading the catalog translates is not left in
    English."""
    import io

    from casebook import i18n
    from casebook.check import schema
    from casebook.link import casefiles
    from casebook.publish import office

    book, _ = casefiles.load(str(ROOT / "cases"), root=str(ROOT))
    words = i18n.translations("de")
    handout = office.module_files(book, "keeping-promises", "docx", schema.DEFAULT_LABELS, words,
                                  "de")["learner-handout.docx"]
    deck = office.module_files(book, "keeping-promises", "pptx", schema.DEFAULT_LABELS, words, "de")["slides.pptx"]

    paragraphs = {p.text for p in docx.Document(io.BytesIO(handout)).paragraphs}
    slides = list(pptx.Presentation(io.BytesIO(deck)).slides)
    lines = {s.shapes.title.text for s in slides} | {
        line for s in slides if s.has_notes_slide for line in s.notes_slide.notes_text_frame.text.splitlines()}
    for english, found in (
            (("Objectives", "Agenda", "What happened", "Before the session", "Back at work"), paragraphs),
            (("Objectives", "Agenda", "Outcome", "How the business responded"), lines)):
        for heading in english:
            german = words.gettext(heading)
            assert german in found
            assert german == heading or heading not in found, heading
    assert "Was geschah" in paragraphs and "Ergebnis" in lines  # translated in the catalog today
    with zipfile.ZipFile(io.BytesIO(handout)) as document:
        assert b'<w:lang w:val="de-DE"' in document.read("word/styles.xml")
    with zipfile.ZipFile(io.BytesIO(deck)) as presentation:
        assert b'<a:defRPr lang="de-DE"/>' in presentation.read("ppt/presentation.xml")
        assert b'lang="en-US"' not in presentation.read("ppt/slides/slide2.xml")
