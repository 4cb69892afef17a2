"""The casebook built by other engines: Zensical from `casebook render`, ProperDocs from mkdocs.yml.

Both are pinned in the `test` extra; a test skips, saying why, only where the engine cannot be
installed on this platform.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import bench_browser, broken_links, copy_repo_cases, ROOT, serve_directory, shared, shoot, VERDICTS

OZZY = "cases/ozzys-archive-facebook-complaints-disappear"


def engine(name: str) -> list[str]:
    """The command that runs an engine installed beside this Python, or a skip saying why not."""
    command = Path(sys.executable).parent / name
    if not command.exists():
        pytest.skip(f"{name} is not installed: `pip install -e '.[test]'` installs it where it has a build")
    return [str(command)]


#: A site of someone's own, before the casebook: its home page, a page, a nav and comments.
OWN_SITE = """\
# Our team's handbook
site_name: Playbook on Zensical
site_url: https://example.com/
theme:
  name: material
nav:
  - Home: index.md  # our own home page
  - About us: about.md
"""


def readme_steps(marker: str) -> list[str]:
    """The commands of the README's indented block after `marker`, as a reader would type them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index(marker):].split("\n\n", 2)[1]
    return [line.strip() for line in block.splitlines() if line.startswith("    ")]


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory) -> Path:
    """A site of its own, built by Zensical after the README's steps, run as written (but `pip
    install`: the test extra installs both); built once for the run (`shared`)."""
    engine("zensical")
    return shared(tmp_path_factory, "zensical", build_from_readme)


@pytest.fixture(scope="module")
def zensical_site(zensical_project):
    base, stop = serve_directory(zensical_project / "site")
    yield base
    stop()


@pytest.fixture(scope="module")
def mkdocs_render_project(tmp_path_factory) -> Path:
    """The same site built by MkDocs without the plugin, after the README's steps for it."""
    return shared(tmp_path_factory, "mkdocs-render", lambda project: build_from_readme(project, "<!-- the MkDocs steps"))


@pytest.fixture(params=["zensical", "mkdocs"])
def rendered_project(request) -> Path:
    """Each site built from `casebook render`'s output."""
    return request.getfixturevalue("zensical_project" if request.param == "zensical" else "mkdocs_render_project")


def build_from_readme(project: Path, marker: str = "<!-- the Zensical steps") -> None:
    copy_repo_cases(project)
    (project / "mkdocs.yml").write_text(OWN_SITE, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Our handbook\n\nWelcome to our own home page.\n", encoding="utf-8")
    (project / "docs" / "about.md").write_text("# About us\n", encoding="utf-8")
    steps = readme_steps(marker)
    assert steps[0].startswith("pip install") and len(steps) == 3, steps
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for step in steps[1:]:
        done = subprocess.run(["bash", "-c", step], cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (step, done.stdout + done.stderr)
        assert "WARNING" not in done.stderr, (step, done.stderr)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.startswith("# Our team's handbook") and config.count("\nnav:") == 1, config
    assert "  - Home: index.md  # our own home page\n  - About us: about.md\n  - Cases: cases/index.md" in config


def test_zensical_keeps_the_sites_own_pages_and_nav(zensical_site):
    import urllib.request

    from bs4 import BeautifulSoup

    with urllib.request.urlopen(f"{zensical_site}/") as response:
        home = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
    assert "Welcome to our own home page." in home.select_one("article").get_text()
    top = home.select(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")
    assert [" ".join(a.get_text().split()) for a in top] == [
        "Home", "About us", "Cases", "Lessons", "Training", "Stats", "Tags", "Contributing", "Propose a case"]


def test_every_link_of_a_rendered_site_leads_somewhere_and_headings_are_headings(rendered_project):
    from bs4 import BeautifulSoup

    site = rendered_project / "site"
    assert len(list(site.rglob("*.html"))) > 40
    assert broken_links(site) == {}
    # The headings inside the boxes are headings, in the table of contents too.
    page = BeautifulSoup((site / OZZY / "index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [" ".join(h.get_text().split()).rstrip("¶") for h in page.select("article h2")]
    assert headings[:5] == ["What happened", "How the business responded", "Outcome", "Timeline", "What to do instead"], headings
    assert "## " not in page.select_one("article").get_text()
    assert "What to do instead" in " ".join(page.select_one(".md-nav--secondary").get_text().split())


@pytest.mark.browser
def test_suggest_a_correction_fills_the_form_on_a_rendered_site(tabs, rendered_project):
    case_id = OZZY.rsplit("/", 1)[1]
    sent: list = []
    base, stop = serve_directory(rendered_project / "site", sent)
    tab = tabs.take(viewport={"width": 390, "height": 844})
    try:
        files = bench_browser.correction_download(tab, base, str(rendered_project / "site"), sent, case_id)
        assert tab.locator('[data-field="title"] input').input_value().startswith("A customer")
        assert f"/propose-cases/{case_id}.json" in [path for path, _, _ in files]
    finally:
        tabs.done(tab)
        stop()


@pytest.mark.browser
def test_zensical_shows_a_case_with_its_verdict_badge(page, zensical_site, artifacts):
    page.goto(f"{zensical_site}/{OZZY}/")
    badge = page.locator(".casebook-glance .casebook-verdict")
    assert badge.inner_text() == "Bad practice"
    # The casebook's stylesheet is applied: the badge is a bold pill in the colour of its verdict.
    style = badge.evaluate("e => { const s = getComputedStyle(e); return [s.display, s.borderRadius, s.fontWeight,"
                           " s.color, getComputedStyle(e.parentElement).color]; }")
    assert style[0] == "inline-block" and style[1] != "0px" and style[2] == "700", style
    assert style[3] != style[4], style  # coloured, unlike the text around it
    shoot(page, artifacts / "zensical-case.png", full_page=True)
    assert page.js_errors == []


@pytest.mark.browser
def test_zensical_cases_index_filters(page, zensical_site, artifacts):
    page.goto(f"{zensical_site}/cases/")
    assert page.locator("li.casebook-case").count() == 7
    assert page.locator("[data-casebook-filters]").is_visible()
    page.locator('input[name="verdict"][value="bad"]').check()
    visible = page.locator("li.casebook-case:visible")
    assert visible.count() == VERDICTS["bad"]
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.verdict)")) == {"bad"}
    assert "verdict=bad" in page.url
    assert page.locator("ul.casebook-cases").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    shoot(page, artifacts / "zensical-index.png", full_page=True)
    assert page.js_errors == []


def test_properdocs_builds_the_seed_site(tmp_path):
    command = engine("properdocs")
    site = tmp_path / "site"
    result = subprocess.run([*command, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (site / OZZY / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="casebook-verdict casebook-verdict--bad"[^>]*>Bad practice<', html)
    assert (site / "assets" / "casebook" / "casebook.css").is_file()
