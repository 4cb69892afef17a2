"""Training modules on the site, and the exports other tools read."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup

from conftest import CASE, LESSON, ROOT, build_log, make_project, pagefind_pages, read, run_cli

MODULE = "training/handling-public-complaints/index.html"
FACILITATOR = "training/facilitator/handling-public-complaints/index.html"


def article(site, page):
    return BeautifulSoup(read(site, page), "html.parser").select_one("article")


def test_module_page_has_objectives_agenda_and_exercises(site):
    page = article(site, MODULE)
    text = page.get_text(" ", strip=True)
    assert "Write a public reply to a critical comment that stays up" in text
    agenda = page.select_one("table")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in agenda.select("tbody tr")]
    assert [r[2] for r in rows[:3]] == ["25", "20", "15"]
    assert [r[3] for r in rows[:3]] == ["7 min", "32 min", "52 min"]  # each case starts with its first activity
    assert rows[3][1] == "Introduction, checks and wrap-up" and rows[3][2] == "15"
    exercises = [h for h in page.select("h2") if h.select_one(".casebook-exercise-anchor")]
    assert [h.get_text(strip=True).split(":")[0] for h in exercises] == ["Exercise 1", "Exercise 2", "Exercise 3"]
    first = exercises[0]
    reveal = first.find_next("details", class_="casebook-reveal")
    assert reveal.summary.get_text() == "Reveal how the business responded"
    assert "within 10 minutes that comment was taken down too" in reveal.get_text()
    assert "The customer's first comment on the shop's Facebook page" in first.find_next(class_="casebook-focus").get_text()


def test_contents_list_each_exercise_by_its_situation_or_title_and_every_anchor_exists(site):
    """The learner's page names each exercise by the case's situation (its title can give the answer
    away), the facilitator pack by its title."""
    cases = {c["id"]: c for c in json.loads(read(site, "casebook.json"))["cases"]}
    for page_path, name in ((MODULE, {i: c["situation"] for i, c in cases.items()}), (FACILITATOR, {i: c["title"] for i, c in cases.items()})):
        soup = BeautifulSoup(read(site, page_path), "html.parser")
        toc = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--secondary a")]
        for i, case_id in enumerate(("ozzys-archive-facebook-complaints-disappear", "stock-replies-then-a-fix-after-a-tweet",
                                     "local-affiliate-resolves-only-after-a-tweet"), start=1):
            # Isolated from the words before it (U+2068 ... U+2069).
            assert f"Exercise {i}: \u2068{name[case_id]}\u2069" in toc
            if page_path == MODULE:
                assert not any(cases[case_id]["title"] in entry for entry in toc)
        assert soup.select_one("article #exercise-1") is not None
    log = build_log(site).read_text()
    assert "no such anchor" not in log and "does not contain an anchor" not in log


def test_facilitator_notes_and_model_answers_stay_off_the_learner_page(site):
    learner = article(site, MODULE).get_text(" ", strip=True)
    facilitator = article(site, FACILITATOR).get_text(" ", strip=True)
    for secret in ("Run the exercises in order", "A good answer leaves the comment up"):
        assert secret in facilitator
        assert secret not in learner
    assert not any(url.startswith("/training/facilitator/") for url in pagefind_pages(site))
    assert "/training/handling-public-complaints/" in pagefind_pages(site)


def test_training_index_links_modules_and_notes(site):
    links = [a["href"] for a in article(site, "training/index.html").select("a")]
    assert "handling-public-complaints/" in links
    assert "facilitator/handling-public-complaints/" in links
    assert "keeping-promises/" in links


def test_cases_link_to_the_modules_that_use_them(site):
    page = article(site, "cases/lifetouch-full-voicemail-box/index.html")
    assert page.select_one("h2#used-in-training + ul a")["href"] == "../../training/keeping-promises/"


def test_site_publishes_casebook_json(site):
    data = json.loads(read(site, "casebook.json"))
    assert data["format"] == "casebook" and data["version"] == 1
    cases = {c["id"]: c for c in data["cases"]}
    lessons = {lesson["id"]: lesson for lesson in data["lessons"]}
    assert len(cases) == 7 and len(lessons) == 17 and len(data["modules"]) == 3
    ozzy = cases["ozzys-archive-facebook-complaints-disappear"]
    assert ozzy["url"] == "cases/ozzys-archive-facebook-complaints-disappear/"
    assert (site / ozzy["url"] / "index.html").is_file()
    assert "ozzys-archive-facebook-complaints-disappear" in lessons["engage-public-criticism"]["broken_in"]
    assert "title-9-refunds-entry-fees" in lessons["recover-generously"]["followed_in"]
    module = data["modules"][0]
    assert module["cases"][0]["case"] in cases and (site / module["facilitator_url"] / "index.html").is_file()


def test_export_json_matches_the_published_file(site):
    result = run_cli("export", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    published = json.loads(read(site, "casebook.json"))
    assert [c["id"] for c in exported["cases"]] == [c["id"] for c in published["cases"]]
    assert exported["lessons"][0]["followed_in"] == published["lessons"][0]["followed_in"]


def test_export_csv_tables(tmp_path):
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON,
                                            "cases/shop.yml": CASE.replace("title: A shop", "title: =HYPERLINK(1) A shop")})
    cases = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv", cwd=project).stdout.lstrip("\ufeff"))))
    assert cases[0]["id"] == "shop" and cases[0]["lessons"] == "acknowledge-first (broken)"
    assert cases[0]["title"].startswith("'=HYPERLINK")  # no formula runs in a spreadsheet
    links = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv", "--table", "links",
                                                    cwd=project).stdout.lstrip("\ufeff"))))
    assert links == [{"case": "shop", "lesson": "acknowledge-first", "stance": "broken", "note": ""}]
    out = tmp_path / "lessons.csv"
    assert run_cli("export", "--format", "csv", "--table", "lessons", "-o", str(out), cwd=project).returncode == 0
    assert next(csv.DictReader(out.open(encoding="utf-8-sig")))["broken_in"] == "1"


def test_export_refuses_while_files_have_errors(tmp_path):
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON,
                                            "cases/shop.yml": CASE.replace("verdict: bad", "verdict: gud")})
    out = tmp_path / "out.json"
    result = run_cli("export", "-o", str(out), cwd=project)
    assert result.returncode == 1
    assert "cases/shop.yml:3:10: error: unknown verdict 'gud'" in result.stderr
    assert not out.exists()


def test_render_writes_plain_markdown_for_another_engine(tmp_path):
    out = tmp_path / "md"
    result = run_cli("render", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    page = (out / "cases" / "ozzys-archive-facebook-complaints-disappear.md").read_text()
    assert page.startswith("---\n") and "\n# A customer's complaints disappear from Ozzy's &amp; Archive's" in page
    # Links between pages are relative .md links, in Markdown and in HTML alike: the engine
    # resolves both, as Zensical does (the plugin resolves HTML's for MkDocs).
    assert "](cases/index.md)" in (out / "index.md").read_text()
    assert 'href="stock-replies-then-a-fix-after-a-tweet.md"' in page
    assert (out / "lessons" / "engage-public-criticism.md").is_file()
    assert (out / "training" / "facilitator" / "keeping-promises.md").is_file()


def test_stats_page_charts_are_tables_of_their_numbers(site):
    page = article(site, "stats/index.html")
    charts = page.select("figure.casebook-chart")
    assert len(charts) == 5
    for chart in charts:
        table = chart.select_one("table")
        assert table.caption.get_text() and table.select("tbody tr")
        assert all(th["scope"] == "row" for th in table.select("tbody th"))
    rows = [(tr.th.get_text(), tr.td.get_text()) for tr in page.select("#chart-verdicts tbody tr")]
    assert rows == [("Good practice", "1"), ("Bad practice", "5"), ("Mixed practice", "1")]
    assert "combinations have no case yet" in page.select_one("#chart-coverage caption").get_text()
