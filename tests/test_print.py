"""The three printed artefacts of every training module, printed to A4 PDF by Chromium and read back.

Each module's learner handout (its page), facilitator pack and case cards are printed once
for the session; the tests read the PDFs' text with pypdf and measure how much of each page
is used from a low-resolution rendering by `pdftoppm`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, read, shared
from learner_rules import fragments, gives_nothing_away, plain

pytestmark = pytest.mark.browser

ARTEFACTS = {"handout": "training/{}/", "pack": "training/facilitator/{}/", "cards": "training/cards/{}/"}
#: A page other than the last must use at least this share of its height, from the first
#: mark on it to the last (text, tables and the ruled writing space alike).
MIN_FILL = 0.25
#: Resolution of the rendering that fill is measured on; coarse is enough.
FILL_DPI = 20


def ink_extent(pdf: Path, out: Path) -> list[float]:
    """For each page, the share of its height between its first and last non-white row."""
    prefix = out / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", str(FILL_DPI), str(pdf), str(prefix)], check=True)
    extents = []
    for image in sorted(out.glob(f"{pdf.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        data = image.read_bytes()
        # Binary PGM: "P5", width, height, maxval, then one byte per pixel.
        fields = data.split(maxsplit=4)
        width, height = int(fields[1]), int(fields[2])
        pixels = data[len(data) - width * height:]
        rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 200]
        extents.append((rows[-1] - rows[0] + 1) / height if rows else 0.0)
    return extents


@pytest.fixture(scope="session")
def seeds():
    """Every seed module and case as written in the YAML files."""
    modules = {p.stem: yaml.safe_load(p.read_text()) for p in sorted((ROOT / "cases" / "modules").glob("*.yml"))}
    cases = {p.stem: yaml.safe_load(p.read_text()) for p in sorted((ROOT / "cases").glob("*.yml"))}
    return modules, cases


@pytest.fixture(scope="session")
def printed(tabs, site, site_url, seeds, tmp_path_factory, artifacts):
    """(module, artefact) -> (text of each page, fill of each page), printed once for the run
    (`shared`) and read by every test process."""
    assert shutil.which("pdftoppm"), "the print tests need pdftoppm (make test installs poppler-utils)"
    from pypdf import PdfReader

    def make(out: Path) -> None:
        tab = tabs.take(viewport={"width": 1280, "height": 900})
        tab.emulate_media(media="print")
        result = []
        for module_id in seeds[0]:
            for kind, url in ARTEFACTS.items():
                tab.goto(site_url + "/" + url.format(module_id))
                pdf = out / f"{module_id}-{kind}.pdf"
                tab.pdf(path=str(pdf), format="A4")
                shutil.copy(pdf, artifacts / pdf.name)
                texts = [page.extract_text() for page in PdfReader(str(pdf)).pages]
                headings = tab.locator(".md-content h2, .md-content h3").evaluate_all(
                    "hs => hs.filter(h => getComputedStyle(h).display !== 'none').map(h => h.textContent.replace('¶', ''))")
                result.append([module_id, kind, texts, ink_extent(pdf, out), headings])
        tabs.done(tab)
        (out / "printed.json").write_text(json.dumps(result), encoding="utf-8")

    folder = shared(tmp_path_factory, "printed", make)
    return {(module_id, kind): (texts, fills, headings)
            for module_id, kind, texts, fills, headings in json.loads((folder / "printed.json").read_text(encoding="utf-8"))}


def test_every_module_prints_all_three_artefacts(printed, seeds, site):
    modules = seeds[0]
    assert len(modules) >= 3
    assert set(printed) == {(m, k) for m in modules for k in ARTEFACTS}
    # The training index says how to get each of them.
    index = read(site, "training/index.html")
    for words in ("learner handout", "facilitator pack", "case cards"):
        assert words in index


def test_no_page_but_the_last_is_mostly_empty(printed):
    for (module_id, kind), (texts, fills, _) in printed.items():
        assert len(fills) == len(texts)
        for number, fill in enumerate(fills[:-1], start=1):
            if kind == "cards" and texts[number].lstrip().startswith("Card "):
                continue  # a card's last page: the next card starts a page of its own
            assert fill >= MIN_FILL, f"{kind} of {module_id}: page {number} uses only {fill:.0%} of its height"


def test_headings_stay_with_what_follows_and_no_closing_section_stands_alone(printed, seeds):
    for (module_id, kind), (texts, _, headings) in printed.items():
        for number, text in enumerate(texts[:-1], start=1):
            for heading in filter(None, map(plain, headings)):
                assert not plain(text).endswith(heading), f"{kind} of {module_id}: page {number} ends with {heading!r}"
        # The last page never holds the closing section alone.
        last = plain(texts[-1])
        assert not last.startswith(plain(headings[-1])), f"{kind} of {module_id}: its last page holds only {headings[-1]!r}"
    assert any(plain("Back at work") in plain(h) for (_, kind), (_, _, hs) in printed.items() if kind == "pack" for h in hs)


def test_handout_holds_each_scenario_and_prompt_on_its_own_page_and_no_answer(printed, seeds):
    modules, cases = seeds
    for module_id, module in modules.items():
        texts, _, _ = printed[module_id, "handout"]
        pages = [plain(t) for t in texts]
        text = "".join(pages)
        starts = []
        for n, item in enumerate(module["cases"], start=1):
            case = cases[item["case"]]
            holders = [i for i, t in enumerate(texts) if re.search(rf"^Exercise {n}: ", t, re.M)]
            assert holders, f"{module_id}: exercise {n} is missing"
            starts.append(holders[0])
            for piece in fragments(case["what_happened"])[:2] + fragments(item["focus"])[:1]:
                assert plain(piece) in pages[holders[0]], f"{module_id}: {piece!r} is not on exercise {n}'s page"
            assert plain(case["situation"]) in pages[holders[0]]
        assert len(set(starts)) == len(starts), f"{module_id}: two exercises start on one page"
        # The agenda's links lead within the page: no address is printed for them.
        assert "#exercise" not in text and "127.0.0.1" not in text
        gives_nothing_away(module_id, module, cases, text)


def test_facilitator_pack_holds_every_answer_question_and_the_rubric(printed, seeds):
    modules, cases = seeds
    labels = {"good": "Good practice", "bad": "Bad practice", "mixed": "Mixed practice"}
    for module_id, module in modules.items():
        text = plain("".join(printed[module_id, "pack"][0]))
        wanted = [module.get("facilitator_notes"), module.get("apply_at_work")]
        wanted += [row[part] for row in module.get("rubric", []) for part in ("criterion", "weak", "sound", "strong")]
        wanted += [play[part] for play in module.get("role_plays", []) for part in ("customer", "staff")]
        wanted += [row[part] for row in module.get("objections", []) for part in ("objection", "handling")]
        for item in module["cases"]:
            case = cases[item["case"]]
            assert plain(labels[case["verdict"]]) in text
            wanted += [case["response"], case["outcome"], item.get("model_answer")]
            questions = item.get("discussion") or [{"question": q} for q in case.get("discussion", [])]
            wanted += [q.get(part) for q in questions for part in ("question", "good_answers_cover")]
        for piece in (p for w in wanted for p in fragments(w)):
            assert plain(piece) in text, f"{module_id} facilitator pack lacks {piece!r}"
        for heading in ("Agenda", "Discussion questions", "Model answer"):
            assert heading.replace(" ", "") in text
        if module.get("rubric"):
            assert "CriterionWeakSoundStrong" in text


def test_case_cards_hold_the_whole_case_and_print_link_addresses(printed, seeds):
    modules, cases = seeds
    for module_id, module in modules.items():
        texts = printed[module_id, "cards"][0]
        text = plain("".join(texts))
        for n, item in enumerate(module["cases"], start=1):
            # Each card starts a page, to be handed out on its own (the first under the page's title).
            starts = [page for page in texts if re.search(rf"^Card {n}: ", page, re.M)]
            assert starts and (n == 1 or starts[0].lstrip().startswith(f"Card {n}: ")), f"{module_id}: card {n} starts mid-page"
            case = cases[item["case"]]
            for field in ("what_happened", "response", "outcome"):
                for piece in fragments(case[field]):
                    assert plain(piece) in text, f"{module_id} card of {item['case']} lacks {piece!r}"
            # Links show their address, short: to the case online (on the server of the process that
            # printed the cards, which may be another test process's), and to every source with one.
            assert re.search(re.escape(plain("(127.0.0.1:")) + r"\d+" + re.escape(plain(f"/cases/{item['case']})")),
                             text), f"{module_id} card of {item['case']} lacks the case's address"
            for source in case["sources"]:
                if source.get("url"):
                    short = re.sub(r"^https?://(www\.)?", "", source["url"]).rstrip("/")
                    assert plain(f"({short})") in text
        assert "http://" not in text and "https://" not in text


def test_print_styles_win_over_materials(page, site_url):
    page.goto(site_url + "/training/handling-public-complaints/")
    page.emulate_media(media="print")
    # Material's `.md-typeset details` would print the reveal boxes; casebook's rule is more specific.
    assert page.locator("details.casebook-reveal").first.evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".casebook-writing").first.is_visible()
    assert page.locator(".md-sidebar--primary").is_hidden() and page.locator(".md-header").is_hidden()
    # Printed from the dark scheme, the verdicts keep the light scheme's ink (not a pale pink on white).
    page.goto(site_url + "/training/cards/handling-public-complaints/")
    verdict = page.locator(".casebook-verdict--bad").first
    light = verdict.evaluate("e => getComputedStyle(e).color")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert verdict.evaluate("e => getComputedStyle(e).color") == light == "rgb(179, 38, 30)"
    page.emulate_media(media="screen")
    assert verdict.evaluate("e => getComputedStyle(e).color") != light
    page.goto(site_url + "/training/handling-public-complaints/")
    assert page.locator(".casebook-writing").first.is_hidden()  # the writing space is for paper
    assert page.locator("details.casebook-reveal").first.is_visible()


def test_facilitator_pack_agenda_has_a_running_clock(site, seeds):
    from bs4 import BeautifulSoup

    data = json.loads(read(site, "casebook.json"))
    for module in data["modules"]:
        soup = BeautifulSoup(read(site, module["facilitator_url"] + "index.html"), "html.parser")
        rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select("article table tbody tr")]
        clocks = [r[0] for r in rows if re.match(r"\d+:\d\d–\d+:\d\d$", r[0])]
        assert clocks[0].startswith("0:00–")
        assert clocks[-1].endswith(f"{module['duration'] // 60}:{module['duration'] % 60:02d}")
        for before, after in zip(clocks, clocks[1:]):
            assert before.split("–")[1] == after.split("–")[0]
