#!/usr/bin/env python3
"""Output shapes cannot drift: runs `cartwatch grade`, `recommend`, `timeline` and `cohort` on the
example files and validates every JSON document they write against docs/schema/*.json.

Usage: check_output_schemas.py CARTWATCH_BINARY SOURCE_DIR
Exit 0 when every document is valid; 1 with one line per problem otherwise; 77 (skipped) when the
jsonschema module is missing (scripts/setup.sh installs Debian's python3-jsonschema).
"""
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed: skipped", file=sys.stderr)
    sys.exit(77)


def documents(stdout, whole):
    """The JSON documents of one run: the whole output, or one per non-empty line (NDJSON)."""
    if whole:
        return [json.loads(stdout)]
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def main():
    binary, source = sys.argv[1], pathlib.Path(sys.argv[2])
    examples, schemas = source / "examples", source / "docs" / "schema"
    validators = {}
    for path in schemas.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[path.name] = jsonschema.Draft202012Validator(schema)

    # (schema file, arguments, whole output is one document, accepted exit codes)
    runs = [
        ("cartwatch.grading-1.schema.json", ["grade", "examples/spec-examples.ndjson"], False, {0}),
        ("cartwatch.grading-1.schema.json", ["grade", "examples/pediatric.ndjson"], False, {0}),
        ("cartwatch.grading-1.schema.json", ["grade", "examples/single-assessment.json"], False, {0}),
        ("cartwatch.grading-1.schema.json",
         ["grade", "--systems", "astct,lee2014,penn,mskcc,ctcae5,cartox",
          "examples/spec-examples.ndjson"], False, {0}),
        ("cartwatch.recommendation-1.schema.json",
         ["recommend", "--context", "examples/context.json", "examples/single-assessment.json"],
         False, {0}),
        ("cartwatch.recommendation-1.schema.json",
         ["recommend", "--weight", "70", "examples/spec-examples.ndjson"], False, {0}),
        ("cartwatch.recommendation-1.schema.json",
         ["recommend", "--protocol", "asco-2021", "--weight", "70",
          "examples/spec-examples.ndjson"], False, {0}),
        ("cartwatch.recommendation-1.schema.json",
         ["recommend", "--protocol", "ebmt-2022", "--weight", "20",
          "examples/pediatric.ndjson"], False, {0}),
        ("cartwatch.timeline-1.schema.json",
         ["timeline", "--format", "json", "--patient", "CW-001", "examples/course-long.csv"],
         True, {0}),
        ("cartwatch.timeline-1.schema.json",
         ["timeline", "--format", "json", "--patient", "CW-002",
          "--systems", "astct,lee2014,penn,mskcc,ctcae5,cartox", "examples/course-wide.csv"],
         True, {0}),
        ("cartwatch.cohort-1.schema.json",
         ["cohort", "--format", "json", "examples/course-long.csv"], True, {0}),
        ("cartwatch.cohort-1.schema.json",
         ["cohort", "--format", "json", "--systems", "astct,lee2014,penn,mskcc,ctcae5,cartox",
          "examples/course-wide.csv"], True, {0}),
    ]
    problems = []
    checked = 0
    for schema, args, whole, exit_codes in runs:
        label = "cartwatch " + " ".join(args)
        run = subprocess.run([binary, *args], cwd=source, capture_output=True, text=True)
        if run.returncode not in exit_codes:
            problems.append(f"{label}: exit {run.returncode}: {run.stderr.strip()[:300]}")
            continue
        try:
            docs = documents(run.stdout, whole)
        except json.JSONDecodeError as error:
            problems.append(f"{label}: not JSON: {error}")
            continue
        if not docs:
            problems.append(f"{label}: no output")
        for number, doc in enumerate(docs, 1):
            checked += 1
            for error in validators[schema].iter_errors(doc):
                where = "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{label}: document {number}, /{where}: {error.message[:200]}")
    for problem in problems:
        print(problem)
    print(f"{checked} documents checked against {len(validators)} schemas, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
