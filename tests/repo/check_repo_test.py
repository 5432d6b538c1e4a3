#!/usr/bin/env python3
"""The repository checks find what they are meant to find: each runs on a small tree with one
planted problem and must report it (and report nothing on the same tree without it)."""
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_repo  # noqa: E402


def tree(root):
    (root / "docs" / "clinical").mkdir(parents=True)
    (root / "docs" / "clinical" / "limits.md").write_text(
        "# Limits\n\n## Plausibility limits\n\n| `kAgeYearsLimits` | 0-125 |\n")
    (root / "docs" / "clinical" / "astct-2019.md").write_text(
        "# ASTCT\n\n### 1.2 The rule table\n\n`ASTCT2019.CRS.FEVER`\n")
    (root / "docs" / "guide.md").write_text("See [rules](clinical/astct-2019.md#12-the-rule-table).\n")
    (root / "core" / "include" / "cartwatch" / "core").mkdir(parents=True)
    (root / "core" / "include" / "cartwatch" / "core" / "limits.h").write_text(
        "inline constexpr PlausibleRange kAgeYearsLimits{};\n")
    (root / "core" / "src").mkdir()
    (root / "core" / "src" / "a.cc").write_text(
        '#include <array>\n#include "cartwatch/core/limits.h"\n#include "own.h"\n')
    (root / "core" / "src" / "own.h").write_text("#include <string>\n")
    cases = root / "tests" / "clinical" / "t"
    cases.mkdir(parents=True)
    row = {"id": "a", "locator": "ASTCT 2019 CRS grading table grade 1",
           "doc": "astct-2019.md#12-the-rule-table"}
    (cases / "cases.ndjson").write_text(json.dumps(row) + "\n")


def expect(check, root, planted):
    clean = check(root)
    assert not clean, f"{check.__name__}: clean tree reported {clean}"
    planted(root)
    found = check(root)
    assert found, f"{check.__name__}: the planted problem was not found"
    print(f"{check.__name__}: found {found[0]}")


def main():
    plants = {
        check_repo.no_private_reference: lambda r: (r / "notes.md").write_text(
            "as in " + check_repo.PRIVATE_REFERENCE + " A.5\n"),
        check_repo.case_docs: lambda r: (r / "tests/clinical/t/cases.ndjson").write_text(
            json.dumps({"id": "b", "locator": "x", "doc": "astct-2019.md#no-such"}) + "\n"),
        check_repo.doc_links: lambda r: (r / "docs" / "guide.md").write_text(
            "[x](clinical/astct-2019.md#13-missing)\n"),
        check_repo.core_includes: lambda r: (r / "core" / "src" / "a.cc").write_text(
            "#include <iostream>\n#include <nlohmann/json.hpp>\n"),
    }
    for check, plant in plants.items():
        with tempfile.TemporaryDirectory() as directory:
            root = pathlib.Path(directory)
            tree(root)
            expect(check, root, plant)
    return 0


if __name__ == "__main__":
    sys.exit(main())
