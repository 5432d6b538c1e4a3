#!/usr/bin/env python3
"""Checks on the repository as a whole, one per command:

  no-private-reference SOURCE_DIR  no file refers to private clinical notes the repository does not
                                   ship (by their name): every locator names the primary source
  case-docs SOURCE_DIR             every clinical case row's "doc" names a docs/clinical section
                                   that exists; every limit in limits.h is documented
  doc-links SOURCE_DIR             every link into docs/clinical/ with an #anchor resolves
  core-includes SOURCE_DIR         core/ includes only standard headers, cartwatch/core/ headers
                                   and its own src/ headers

Exit 0 when the check passes, 1 with one line per problem otherwise.
"""
import json
import os
import pathlib
import re
import subprocess
import sys

# The word is assembled so that this file does not mention it itself.
PRIVATE_REFERENCE = "SP" + "EC"


def repository_files(source):
    """Tracked files (git ls-files), or every file outside .git and build trees without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=source, capture_output=True,
                             check=True).stdout
        names = [n for n in out.decode("utf-8").split("\0") if n]
        return [source / n for n in names if (source / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for root, dirs, names in os.walk(source):
            dirs[:] = [d for d in dirs if d != ".git" and not d.startswith("build")]
            files += [pathlib.Path(root) / n for n in names]
        return files


def github_anchor(heading):
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def sections(page):
    """{anchor: section text} of a markdown page; a section runs to the next heading of the same
    or a higher level. Repeated anchors get -1, -2, ... as on GitHub."""
    lines = page.read_text(encoding="utf-8").split("\n")
    heads = []
    in_code = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"^(#{1,6}) (.*)$", line)
        if match:
            heads.append((i, len(match[1]), match[2]))
    result, seen = {}, {}
    for k, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[k + 1:] if lv <= level), len(lines))
        anchor = github_anchor(title)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        result[anchor] = "\n".join(lines[i:end])
    return result


def clinical_sections(source):
    pages = (source / "docs" / "clinical").glob("*.md")
    return {page.name: sections(page) for page in pages}


def resolve(reference, docs):
    """None if "page.md#anchor" names an existing section, else the problem."""
    page, _, anchor = reference.partition("#")
    if page not in docs:
        return f"no page docs/clinical/{page}"
    if not anchor or anchor not in docs[page]:
        return f"no section #{anchor} in docs/clinical/{page}"
    return None


def no_private_reference(source):
    problems = []
    for path in repository_files(source):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.split("\n"), 1):
            if PRIVATE_REFERENCE in line:
                problems.append(f"{path.relative_to(source)}:{number}: {line.strip()[:120]}")
    return problems


def case_docs(source):
    docs = clinical_sections(source)
    problems = []
    rows = 0
    for path in sorted((source / "tests" / "clinical").glob("*/cases.ndjson")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip():
                continue
            rows += 1
            row = json.loads(line)
            where = f"{path.relative_to(source)}:{number} ({row.get('id')})"
            if not row.get("locator"):
                problems.append(f"{where}: no locator")
            problem = resolve(row.get("doc", ""), docs)
            if problem:
                problems.append(f"{where}: doc {row.get('doc')!r}: {problem}")
    limits_h = (source / "core" / "include" / "cartwatch" / "core" / "limits.h").read_text()
    limits = re.findall(r"inline constexpr PlausibleRange (k\w+)", limits_h)
    documented = docs.get("limits.md", {}).get("plausibility-limits", "")
    for name in limits:
        if f"`{name}`" not in documented:
            problems.append(f"limits.h {name}: not in docs/clinical/limits.md#plausibility-limits")
    if rows == 0 or not limits:
        problems.append("no case rows or no limits found")
    return problems


def doc_links(source):
    docs = clinical_sections(source)
    problems = []
    for path in (source / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]*\.md)?#([a-z0-9_-]+)\)", text):
            page = target[0] or path.name
            page_path = (path.parent / page).resolve()
            if page_path.parent != (source / "docs" / "clinical").resolve():
                continue
            problem = resolve(f"{page_path.name}#{target[1]}", docs)
            if problem:
                problems.append(f"{path.relative_to(source)}: link {page}#{target[1]}: {problem}")
    return problems


# The C++20 standard library headers (and the C headers it includes as <cname>).
STANDARD_HEADERS = set("""
algorithm any array atomic barrier bit bitset charconv chrono codecvt compare complex concepts
condition_variable coroutine deque exception execution expected filesystem format forward_list
fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator latch
limits list locale map memory memory_resource mutex new numbers numeric optional ostream queue
random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span
sstream stack stdexcept stop_token streambuf string string_view syncstream system_error thread
tuple type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
version cassert cctype cerrno cfenv cfloat cinttypes climits clocale cmath csetjmp csignal
cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype
""".split())
# Standard headers that read or write files or streams, the clock, threads or the environment:
# never in the pure core (snprintf-style formatting from <cstdio> is allowed).
IMPURE_HEADERS = {"iostream", "fstream", "sstream", "istream", "ostream", "filesystem", "thread",
                  "future", "mutex", "random", "locale", "clocale", "csignal", "syncstream"}


def core_includes(source):
    core = source / "core"
    own = {p.name for p in (core / "src").glob("*.h")}
    problems = []
    for path in sorted(core.rglob("*")):
        if path.suffix not in (".h", ".cc") or path.name.endswith("_test.cc"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            match = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
            if not match:
                continue
            kind, header = match.groups()
            where = f"{path.relative_to(source)}:{number}: {header}"
            if kind == "<":
                if header in IMPURE_HEADERS:
                    problems.append(f"{where}: I/O, clock or environment header in the core")
                elif header not in STANDARD_HEADERS:
                    problems.append(f"{where}: not a standard header on the core's list")
            elif not (header.startswith("cartwatch/core/") or header in own):
                problems.append(f"{where}: not a cartwatch/core/ header")
    return problems


def main():
    checks = {"no-private-reference": no_private_reference, "case-docs": case_docs,
              "doc-links": doc_links, "core-includes": core_includes}
    if len(sys.argv) != 3 or sys.argv[1] not in checks:
        print(__doc__, file=sys.stderr)
        return 2
    problems = checks[sys.argv[1]](pathlib.Path(sys.argv[2]).resolve())
    for problem in problems:
        print(problem)
    print(f"{sys.argv[1]}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
