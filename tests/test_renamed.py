"""Renaming a case, lesson or module (`former_ids`): the old address still leads to the page, in a
browser as people follow an old link, and a link that still names the old id is reported with the
new one."""

from __future__ import annotations

import pytest

from casebook.link import casefiles
from casebook.publish import redirects

from conftest import CASE, LESSON, MINIMAL_MKDOCS, MODULE as BASE_MODULE, is_redirect, make_project, run_mkdocs

#: The repository's renamed cases: old id -> new id.
RENAMED = {
    "ozzys-archive-deletes-facebook-complaints": "ozzys-archive-facebook-complaints-disappear",
    "answered-only-after-a-tweet": "stock-replies-then-a-fix-after-a-tweet",
    "local-affiliate-answers-only-on-twitter": "local-affiliate-resolves-only-after-a-tweet",
}

#: The module, its plan naming the case by its old id.
MODULE = BASE_MODULE.replace("shop-cancels", "shop-cancels-old") + """\
activities:
  - {activity: reading, minutes: 20, case: shop-cancels-old}
  - {activity: wrap-up, minutes: 10}
"""


def renamed_project(tmp_path, mkdocs_yml: str = MINIMAL_MKDOCS):
    return make_project(tmp_path / "p", {
        "cases/lessons/acknowledge-first.yml": LESSON + "former_ids: [say-sorry-first]\n",
        "cases/shop-cancels.yml": CASE + "situation: A customer has ordered shoes.\nformer_ids: [shop-cancels-old]\n",
        "cases/modules/cancellations.yml": MODULE.replace("shop-cancels-old", "shop-cancels")
                                           + "former_ids: [cancellations-old]\n",
    }, mkdocs_yml)


def test_a_link_that_names_an_old_id_is_told_the_new_one(tmp_path):
    project = renamed_project(tmp_path)
    (project / "cases" / "another.yml").write_text(
        CASE.replace("lessons: [acknowledge-first]", "lessons: [say-sorry-first]") + "related: [shop-cancels-old]\n")
    (project / "cases" / "modules" / "cancellations.yml").write_text(MODULE)
    _, problems = casefiles.load(str(project / "cases"), root=str(project))
    shown = [f"{p.path}:{p.line}: {p.message} [{p.rule}]" for p in problems if p.is_error]
    assert shown == [
        "cases/another.yml:12: lesson 'say-sorry-first' was renamed to 'acknowledge-first'; "
        "write 'acknowledge-first' [renamed-lesson]",
        "cases/another.yml:17: case 'shop-cancels-old' was renamed to 'shop-cancels'; write 'shop-cancels' "
        "[renamed-case]",
        "cases/modules/cancellations.yml:6: case 'shop-cancels-old' was renamed to 'shop-cancels'; "
        "write 'shop-cancels' [renamed-case]",
        "cases/modules/cancellations.yml:8: case 'shop-cancels-old' was renamed to 'shop-cancels'; "
        "write 'shop-cancels' [renamed-case]",
    ], shown


def former_id_problems(tmp_path, former_ids: str) -> list[str]:
    """The former-id problems of the renamed project with one more case, which lists `former_ids`."""
    project = renamed_project(tmp_path)
    (project / "cases" / "another.yml").write_text(CASE + f"former_ids: {former_ids}\n")
    _, problems = casefiles.load(str(project / "cases"), root=str(project))
    return [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems if p.rule == "former-id"]


def test_a_former_id_still_in_use_or_claimed_twice_is_an_error(tmp_path):
    shown = former_id_problems(tmp_path, "[shop-cancels, shop-cancels-old]")
    assert shown == [
        "cases/another.yml:17:14: former id 'shop-cancels' is the id of cases/shop-cancels.yml: "
        "a former id must no longer be in use",
        "cases/shop-cancels.yml:18:14: former id 'shop-cancels-old' is also a former id of cases/another.yml; "
        "an old address can lead to one case only",
    ], shown


def test_a_former_id_cannot_be_a_generated_pages_name(tmp_path):
    """`former_ids: [index]` would put a redirect where the section's index page is."""
    assert former_id_problems(tmp_path, "[index]") == [
        "cases/another.yml:17:14: 'index' is reserved for a generated page; it cannot be a former id"]


@pytest.mark.parametrize("mount", ["", "playbook"])
def test_the_old_pages_of_each_kind_lead_to_the_new_ones_wherever_mounted(tmp_path, mount):
    project = renamed_project(tmp_path, MINIMAL_MKDOCS.replace("  - casebook\n", f"  - casebook:\n      mount: '{mount}'\n"))
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site" / mount
    for old, new in (("cases/shop-cancels-old", "../shop-cancels/"),
                     ("lessons/say-sorry-first", "../acknowledge-first/"),
                     ("training/cancellations-old", "../cancellations/"),
                     ("training/facilitator/cancellations-old", "../cancellations/"),
                     ("training/cards/cancellations-old", "../cancellations/")):
        page = site / old / "index.html"
        assert is_redirect(page), old
        text = page.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{new}">' in text and f'content="0; url={new}"' in text
        assert '<meta name="robots" content="noindex">' in text
        assert (page.parent / new / "index.html").resolve().is_file(), old
    # Without directory URLs, the old page is the old file name.
    dest, text = redirects.redirect_page("cases/old.md", "cases/new.md", "A <title>", directory_urls=False)
    assert dest == "cases/old.html" and 'href="new.html"' in text and "A &lt;title&gt;" in text


def test_with_mkdocs_redirects_the_site_makes_them_beside_its_own(tmp_path):
    config = MINIMAL_MKDOCS + "  - redirects:\n      redirect_maps:\n        old-home.md: cases/shop-cancels.md\n"
    project = renamed_project(tmp_path, config)
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for old in ("old-home", "cases/shop-cancels-old", "lessons/say-sorry-first"):
        text = (site / old / "index.html").read_text(encoding="utf-8")
        assert "You're being redirected" in text, old  # written by mkdocs-redirects
    assert "shop-cancels/" in (site / "cases" / "shop-cancels-old" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("old,new", list(RENAMED.items())[:2])
def test_an_old_address_opens_the_renamed_case_in_a_browser(page, site_url, old, new):
    page.goto(site_url + "/cases/")
    page.goto(site_url + f"/cases/{old}/#timeline")  # a link from before the rename, with a fragment
    page.wait_for_url(f"**/cases/{new}/#timeline")
    title = (page.locator("h1").first.inner_text())
    assert "Ozzy" in title or "stock replies" in title, title
    page.go_back()
    page.wait_for_url("**/cases/")  # Back returns to where the reader was, not to the old address
