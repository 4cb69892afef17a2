"""`casebook render --update-config`: the casebook's lines merged into a site's mkdocs.yml, its
comments, order, tags and own nav entries kept, and nothing added twice."""

from __future__ import annotations

import pytest

from casebook.publish import site_config

NAV = [("Playbook", "index.md"), ("Cases", "cases/index.md"), ("Lessons", "lessons/index.md")]
CSS, JS = ["assets/casebook/casebook.css"], ["assets/casebook/casebook.js"]

OWN = """\
# The team's handbook
site_name: Handbook  # shown in the header
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  analytics: !ENV [ANALYTICS_KEY, none]
extra_css:
  - stylesheets/ours.css
nav:
  - Home: index.md   # our own home
  - Guides:
      - guides/one.md
  - Cases: cases/index.md
"""


def test_the_lines_join_the_sites_own_and_everything_else_stays():
    text, added = site_config.merged(OWN, NAV, CSS, JS)
    assert text == OWN.replace("  - stylesheets/ours.css\n", "  - stylesheets/ours.css\n  - assets/casebook/casebook.css\n") \
        .replace("  - Cases: cases/index.md\n", "  - Cases: cases/index.md\n  - Lessons: lessons/index.md\n"
                 "extra_javascript:\n  - assets/casebook/casebook.js\n")
    # The site's own home page keeps its entry; the casebook's Playbook is not added beside it.
    assert added == ["extra_css: assets/casebook/casebook.css", "extra_javascript: assets/casebook/casebook.js",
                     "nav: Lessons: lessons/index.md"]
    again, nothing = site_config.merged(text, NAV, CSS, JS)
    assert again == text and nothing == []


def test_a_site_without_a_nav_gets_its_own_pages_then_the_casebooks_sections():
    text, added = site_config.merged("site_name: x\n", NAV[1:], CSS, JS, own_pages=["index.md", "about.md"])
    assert text == ("site_name: x\nextra_css:\n  - assets/casebook/casebook.css\nextra_javascript:\n"
                    "  - assets/casebook/casebook.js\nnav:\n  - index.md\n  - about.md\n  - Cases: cases/index.md\n"
                    "  - Lessons: lessons/index.md\n")
    assert "nav: about.md" in added


@pytest.mark.parametrize(("text", "message"), [
    ("- a\n- b\n", "it is not a mapping of settings"),
    ("nav: index.md\n", "'nav' is not a list"),
    ("extra_css: a.css\n", "'extra_css' is not a list"),
    ("nav:\n  - index.md\nnav:\n  - Cases: cases/index.md\n", 'found duplicate key "nav"'),
])
def test_a_file_that_cannot_take_the_lines_is_left_alone_and_says_why(text, message):
    with pytest.raises(site_config.ConfigError, match=message):
        site_config.merged(text, NAV, CSS, JS)


@pytest.mark.parametrize("listed, new, expected", [
    ("markdown_extensions:\n  - admonition\n", False, ["admonition", "md_in_html"]),
    ("markdown_extensions:\n  - md_in_html\n", False, ["md_in_html"]),
    ("markdown_extensions:\n  - markdown.extensions.md_in_html\n", True, ["markdown.extensions.md_in_html"]),
    ("markdown_extensions:\n  - md_in_html: {}\n", True, [{"md_in_html": {}}]),
    ("", False, None),  # Zensical would read a new list in place of its defaults
    ("", True, ["md_in_html"]),  # MkDocs adds its own to whatever is listed
])
def test_the_extension_that_reads_the_boxes_is_added_where_it_is_missing(listed, new, expected):
    import yaml

    text, added = site_config.merged("site_name: Handbook\n" + listed, NAV, CSS, JS, extensions=["md_in_html"],
                                     new_extensions=new)
    assert yaml.safe_load(text).get("markdown_extensions") == expected
    assert ("markdown_extensions: md_in_html" in added) == (expected is not None and "md_in_html" in expected
                                                            and "md_in_html" not in listed)


def test_an_extensions_setting_that_is_not_a_list_is_refused():
    with pytest.raises(site_config.ConfigError, match="'markdown_extensions' is not a list"):
        site_config.merged("markdown_extensions: md_in_html\n", NAV, CSS, JS, extensions=["md_in_html"])
