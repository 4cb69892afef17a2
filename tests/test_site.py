"""The real site, built with `mkdocs build --strict`, checked page by page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import CASE, LESSON, make_project, pagefind_pages, read, run_mkdocs, seed

OZZY = "cases/ozzys-archive-facebook-complaints-disappear/index.html"


def soup(site, page) -> BeautifulSoup:
    return BeautifulSoup(read(site, page), "html.parser")


def article(site, page):
    return soup(site, page).select_one("article")


def test_case_page_has_every_section(site):
    page = article(site, OZZY)
    assert page.h1.get_text(strip=True).startswith("A customer's complaints disappear from Ozzy's & Archive's")
    badge = page.select_one(".casebook-glance .casebook-verdict")
    assert badge.get_text() == "Bad practice" and "casebook-verdict--bad" in badge["class"]
    glance = page.select_one(".casebook-glance dl").get_text(" ", strip=True)
    assert "Ozzy's & Archive" in glance and "Social media" in glance and "Email" in glance
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")]
    # The story first; then its lessons, once.
    assert headings[:6] == ["What happened", "How the business responded", "Outcome", "Timeline",
                            "What to do instead", "What they did right"], headings
    assert headings[6:] == ["Cases like this", "Discussion", "Used in training", "Sources"], headings
    assert "Mailbox quota" in page.get_text()


def test_a_good_case_names_what_they_did_right_first_after_its_story(site):
    page = article(site, "cases/title-9-refunds-entry-fees/index.html")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")]
    assert headings.index("What they did right") == headings.index("Outcome") + 1, headings


def test_case_page_lists_lessons_once_with_stance_summary_and_note(site):
    page = article(site, OZZY)
    lessons = page.select(".casebook-takeaway li")
    assert len(lessons) == len(seed("cases/" + OZZY.split("/")[1] + ".yml")["lessons"])
    assert not page.select(".casebook-lessons")  # not a second time
    first = lessons[0]
    assert "casebook-stance--broken" in first["class"] and first.find_parent(class_="casebook-takeaway--broken")
    assert first.a["href"] == "../../lessons/acknowledge-disappointment-first/"
    assert first.select_one(".casebook-blurb").get_text().startswith("When you have bad news")
    assert "no recognition of the disappointment" in first.select_one(".casebook-note").get_text()


def test_case_page_links_related_cases_sources_edit_and_tags(site):
    html = soup(site, OZZY)
    related = [a["href"] for a in html.select("article h2#cases-like-this + ul a")]
    assert related and all(href.startswith("../") for href in related)
    assert "How not to engage with customers" in html.select_one("h2#sources + ul").get_text()
    edit = html.find("a", string="Edit this case")
    assert edit["href"].endswith("/edit/main/cases/ozzys-archive-facebook-complaints-disappear.yml")
    # Material's edit button points at the YAML too.
    assert html.select_one("a.md-content__button")["href"] == edit["href"]
    # Tags reach Material's tags plugin.
    tags = {a.get_text(strip=True) for a in html.select(".md-tags a, .md-tag")}
    assert "moderation" in tags


def test_case_pages_are_not_in_the_sidebar_nav(site):
    nav = soup(site, OZZY).select_one("nav.md-nav--primary").get_text()
    assert "Cases" in nav and "Lessons" in nav
    assert "complaints disappear" not in nav
    assert "Answer public criticism" not in nav


def test_lesson_page_lists_backlinks_by_stance(site):
    page = article(site, "lessons/acknowledge-disappointment-first/index.html")
    followed = [a["href"] for a in page.select(".casebook-uses--followed > li > a")]
    broken = [a["href"] for a in page.select(".casebook-uses--broken > li > a")]
    assert followed == ["../../cases/second-hand-buyer-threatens-reviews/"]
    assert "../../cases/ozzys-archive-facebook-complaints-disappear/" in broken
    assert not set(followed) & set(broken)
    assert page.select_one(".casebook-count--broken").get_text() == "Broken in 1 case"
    assert [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")][:3] == ["Why it matters", "Do", "Avoid"]


def test_cases_index_groups_by_verdict_with_facets(site):
    page = article(site, "cases/index.html")
    items = page.select("li.casebook-case")
    assert len(items) == 7
    groups = [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")]
    assert groups == ["Good practice", "Bad practice", "Mixed practice"]
    ozzy = next(li for li in items if "ozzys" in li.a["href"])
    assert ozzy["data-verdict"] == "bad" and "social-media" in ozzy["data-channel"].split()
    assert ozzy["data-sector"] == "retail"
    facets = {fs["data-facet"] for fs in page.select("fieldset[data-facet]")}
    assert {"verdict", "channel", "sector", "lesson"} <= facets


def test_lessons_index_by_theme(site):
    page = article(site, "lessons/index.html")
    themes = [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")]
    assert "Empathy" in themes and "Channels" in themes
    assert len(page.select(".casebook-lesson-list > li")) == 17


def test_home_shows_good_versus_bad(site):
    page = article(site, "index.html")
    good = page.select(".casebook-column--good li.casebook-case")
    bad = page.select(".casebook-column--bad li.casebook-case")
    assert good and bad
    assert all(li["data-verdict"] == "good" for li in good)
    assert all(li["data-verdict"] == "bad" for li in bad)


def test_search_index_holds_whole_case_pages_but_not_the_cases_they_suggest(site):
    """The site searches with Pagefind (`search: pagefind`), which reads a case page whole:
    its story and discussion too, but not the theme's navigation, the other cases it
    suggests, the lesson summaries it repeats or its edit link."""
    page = pagefind_pages(site)["/cases/title-9-refunds-entry-fees/"]
    assert "Title 9" in page["meta"]["title"]
    assert page["content"].startswith("Title 9 refunds every entry fee")
    assert "The post does not say what the mistakes were" in page["content"]  # what happened
    assert "Why might a generous response to a mistake win new customers" in page["content"]  # discussion
    html = BeautifulSoup(read(site, "cases/title-9-refunds-entry-fees/index.html"), "html.parser")
    suggested = [a.get_text(strip=True) for a in html.select("ul.casebook-like a")]
    assert suggested
    for title in suggested:
        assert title.strip("\u2068\u2069") not in page["content"]
    # The case's own notes on its lessons are searched; the lessons' summaries it repeats are not.
    notes = html.select(".casebook-takeaway .casebook-note")
    assert notes and all(" ".join(n.get_text(" ", strip=True).split()) in page["content"] for n in notes)
    for blurb in html.select(".casebook-takeaway .casebook-blurb"):
        assert blurb.get_text(" ", strip=True) not in page["content"]
    for gone in ("Skip to content", "¶", "Edit this case", "Suggest a correction", "Also:"):
        assert gone not in page["content"], gone


def test_nothing_is_written_into_docs(site):
    from conftest import ROOT

    assert sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*") if p.is_file()) == [
        "about.md", "stylesheets/extra.css"]


def test_strict_build_fails_on_a_broken_case(tmp_path):
    bad = CASE.replace("verdict: bad", "verdict: gud")
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop.yml": bad})
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 1
    assert "cases/shop.yml:3:10: error: unknown verdict 'gud' (did you mean 'good'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_plain_build_also_fails_on_errors(tmp_path):
    bad = CASE.replace("lessons: [acknowledge-first]", "lessons: [acknowledge-frist]")
    project = make_project(tmp_path / "p", {"cases/lessons/acknowledge-first.yml": LESSON, "cases/shop.yml": bad})
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "unknown lesson 'acknowledge-frist' (did you mean 'acknowledge-first'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_build_fails_on_an_unused_lesson(tmp_path):
    spare = LESSON.replace("Acknowledge the disappointment first", "A lesson nobody uses")
    project = make_project(tmp_path / "p", {
        "cases/lessons/acknowledge-first.yml": LESSON,
        "cases/lessons/spare.yml": spare,
        "cases/shop.yml": CASE,
    })
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 1
    assert "cases/lessons/spare.yml:1:1: warning: lesson 'spare' is not used by any case [unused-lesson]" in result.stderr


def test_a_hand_written_page_may_not_hide_a_generated_one(tmp_path, small_project):
    (small_project / "docs" / "stats.md").write_text("# Mine\n")
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/stats.md is a generated page" in result.stderr


def test_the_home_page_steps_aside_for_the_sites_own(tmp_path, small_project):
    (small_project / "docs" / "index.md").write_text("# Mine\n")
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  casebook: docs/index.md is the site's own page, so the casebook's home page is not generated" \
        in result.stderr
    assert "Mine" in (tmp_path / "site" / "index.html").read_text()


def test_home_page_can_be_turned_off(tmp_path, small_project):
    (small_project / "docs" / "index.md").write_text("# Mine\n")
    config = (small_project / "mkdocs.yml").read_text().replace("  - casebook\n", "  - casebook:\n      home: false\n")
    (small_project / "mkdocs.yml").write_text(config)
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Mine" in (tmp_path / "site" / "index.html").read_text()


def test_vocabularies_can_be_replaced(tmp_path, small_project):
    case = (small_project / "cases" / "shop-cancels.yml").read_text().replace("[email]", "[carrier-pigeon]")
    (small_project / "cases" / "shop-cancels.yml").write_text(case)
    result = run_mkdocs(small_project, tmp_path / "site")
    assert "unknown channel 'carrier-pigeon'" in result.stderr
    config = (small_project / "mkdocs.yml").read_text().replace(
        "  - casebook\n", "  - casebook:\n      channels: [email, carrier-pigeon]\n")
    (small_project / "mkdocs.yml").write_text(config)
    result = run_mkdocs(small_project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    assert "carrier-pigeon" in (tmp_path / "site2" / "cases" / "shop-cancels" / "index.html").read_text()


def test_directory_urls_off_still_links(tmp_path, small_project):
    config = (small_project / "mkdocs.yml").read_text() + "use_directory_urls: false\n"
    (small_project / "mkdocs.yml").write_text(config)
    result = run_mkdocs(small_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lesson = (tmp_path / "site" / "lessons" / "acknowledge-first.html").read_text()
    assert 'href="../cases/shop-cancels.html"' in lesson


def test_cases_index_stays_out_of_search_but_cases_do_not(site):
    locations = set(pagefind_pages(site))
    assert "/cases/" not in locations
    assert "/cases/ozzys-archive-facebook-complaints-disappear/" in locations


def test_case_page_title_and_table_of_contents(site):
    html = soup(site, OZZY)
    # The title is isolated from the site name after it (U+2068 ... U+2069).
    assert html.title.get_text().startswith("\u2068A customer's complaints disappear from Ozzy's & Archive's Facebook "
                                            "page, he reports\u2069 - ")
    toc = [a.get_text(strip=True) for a in html.select("nav.md-nav--secondary a.md-nav__link")]
    assert toc[:6] == ["What happened", "How the business responded", "Outcome", "Timeline", "What to do instead",
                       "What they did right"]
    outcome = html.select_one("article h2#outcome a.headerlink")
    assert outcome["href"] == "#outcome"


def _case_page(tmp_path, project, config: str, name: str) -> BeautifulSoup:
    (project / "mkdocs.yml").write_text(config)
    result = run_mkdocs(project, tmp_path / name)
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((tmp_path / name / "cases" / "shop-cancels" / "index.html").read_text(), "html.parser")


def test_case_pages_follow_the_sites_toc_options(tmp_path, small_project):
    """Pages are converted in the core when it writes headings as the site's `toc` would,
    and go through Python-Markdown when the site asks for something it does not write."""
    config = (small_project / "mkdocs.yml").read_text()
    core = _case_page(tmp_path, small_project, config + "markdown_extensions:\n  - toc:\n      permalink: '#'\n"
                      "      separator: _\n      toc_depth: 1-2\n", "core")
    assert core.select_one("article h2#what_happened a.headerlink").get_text() == "#"
    assert [a.get_text(strip=True) for a in core.select("nav.md-nav--secondary a")][:2] == ["What happened",
                                                                                           "How the business responded"]
    dotted = _case_page(tmp_path, small_project, config + "markdown_extensions:\n  - markdown.extensions.toc:\n"
                        "      permalink: '%'\n", "dotted")
    assert dotted.select_one("article h2#what-happened a.headerlink").get_text() == "%"
    usual = _case_page(tmp_path, small_project, config + "markdown_extensions:\n  - toc:\n      permalink: '#'\n"
                       "      baselevel: 2\n", "python-markdown")
    assert usual.select_one("article h3#what-happened a.headerlink").get_text() == "#"


def test_a_case_page_named_in_the_nav_takes_its_nav_title(tmp_path, small_project):
    config = (small_project / "mkdocs.yml").read_text() + "nav:\n  - Featured story: cases/shop-cancels.md\n"
    page = _case_page(tmp_path, small_project, config, "nav")
    nav = page.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Featured story" in nav and page.h1.get_text(strip=True).rstrip("¶") not in nav


def test_replaced_case_templates_keep_the_sites_markdown_extensions(tmp_path, small_project):
    from casebook.render.markdown_pages import TEMPLATES

    templates = small_project / "templates"
    templates.mkdir()
    original = (Path(TEMPLATES) / "case.md.j2").read_text()
    (templates / "case.md.j2").write_text(original.replace("## {{ _('What happened') }}", '!!! note "Read first"\n    Mind the '
                                                           "dates.\n\n## {{ _('What happened') }} { #story }"))
    config = (small_project / "mkdocs.yml").read_text().replace(
        "  - casebook\n", "  - casebook:\n      templates_dir: templates\n")
    page = _case_page(tmp_path, small_project, config + "markdown_extensions:\n  - admonition\n  - attr_list\n",
                      "templates")
    assert page.select_one("article .admonition.note .admonition-title").get_text() == "Read first"
    assert page.select_one("article h2#story") is not None


def test_case_lists_and_cards_name_what_is_stated_in_labels(site):
    """No 'Not stated · Not stated' in a list, and labels, not the file's values, on the cards."""
    for page in ("cases/index.html", "training/cards/keeping-promises/index.html",
                 "training/keeping-promises/index.html"):
        metas = [m.get_text(" ", strip=True) for m in article(site, page).select(".casebook-meta")]
        assert metas and not [m for m in metas if "Not stated" in m], (page, metas)
    cards = article(site, "training/cards/handling-public-complaints/index.html").get_text(" ", strip=True)
    assert "Website, Email, Social media" in cards and "social-media" not in cards
