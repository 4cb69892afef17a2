"""The CSV a trainer opens in a spreadsheet: UTF-8 with a byte-order mark, every field of a case
in a column, nothing run as a formula, and the same values as `casebook.json`."""

from __future__ import annotations

import csv
import json

from casebook.publish import export

from conftest import ROOT, copy_repo_cases, run_cli

#: A case whose text starts like formulas and holds text beyond ASCII.
TRICKY = {
    "title: Title 9 refunds every entry fee": "title: =HYPERLINK(\"https://example.org\", \"Title 9\") — refunds",
    "what_happened: |\n": "what_happened: |\n  -2 degrees, said the café's sign (Zoë's note).\n\n",
}


def unguarded(value: str) -> str:
    """A cell as read back, without the apostrophe the formula guard puts first."""
    return value[1:] if value.startswith("'") and value[1:].startswith(export.FORMULA_STARTS) else value


def test_the_cases_csv_has_every_field_and_matches_the_json(tmp_path):
    project = copy_repo_cases(tmp_path / "p")
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    (project / "docs").mkdir()
    case = project / "cases" / "title-9-refunds-entry-fees.yml"
    text = case.read_text(encoding="utf-8")
    for old, new in TRICKY.items():
        assert old in text
        text = text.replace(old, new, 1)
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "cases.csv"
    result = run_cli("export", "--format", "csv", "-o", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    data = json.loads(run_cli("export", cwd=project).stdout)
    assert [r["id"] for r in rows] == [c["id"] for c in data["cases"]]
    assert list(rows[0]) == [name for name, _ in export.CASE_COLUMNS]
    for row, case in zip(rows, data["cases"]):
        row = {k: unguarded(v) for k, v in row.items()}
        for name in ("title", "summary", "situation", "verdict", "customer", "what_happened", "response", "outcome", "file"):
            assert row[name] == (case.get(name) or ""), (case["id"], name)
        assert row["date"] == (case["date"] or "")
        business = case["business"]
        assert (row["business"], row["sector"], row["size"]) == (business["name"], business["sector"],
                                                                 business.get("size", ""))
        assert row["channels"].split("; ") == case["channels"]
        assert row["tags"] == "; ".join(case["tags"])
        assert row["discussion"].split("\n") == (case["discussion"] or [""])
        assert row["lessons"] == "; ".join(f"{link['id']} ({link['stance']})" for link in case["lessons"])
        assert len(row["timeline"].splitlines()) == len(case["timeline"]) and all(
            entry["what"] in row["timeline"] and entry["when"] in row["timeline"] for entry in case["timeline"])
        prov = case["provenance"]
        assert (row["told_by"], row["witness"], row["business_side"], row["provenance"]) == (
            prov["told_by"], prov["witness"], prov["business_side"], prov["statement"])
        assert row["business_side_where"] == prov.get("business_side_where", "")
        assert row["source_urls"] == "; ".join(s.get("url", "") for s in case["sources"])
    tricky = next(r for r in rows if r["id"] == "title-9-refunds-entry-fees")
    assert tricky["title"].startswith("'=HYPERLINK(\"https://example.org\", \"Title 9\") — refunds")  # shown, never run
    assert tricky["what_happened"].startswith("'-2 degrees, said the café's sign (Zoë's note).")
    assert not any(v.startswith(export.FORMULA_STARTS) for r in rows for v in r.values())
