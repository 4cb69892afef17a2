"""Validation time grows linearly with the size of a bad file; see bench/README.md.

    python bench/linear.py                       # 10 KB to 1 MB, about two minutes
    python bench/linear.py --sizes 10,40 -q      # smoke run (CI)

Three kinds of hostile file, each a valid case plus one thing repeated to the size asked:

  regex     `(1-(1-(1-...` in `what_happened`, which a backtracking phone-number pattern
            takes quadratic time over
  keys      thousands of unknown fields, each one a problem whose line must be found
  flood     thousands of misspelt channels, each one a problem with a "did you mean"

Each file is validated the way `casebook validate` does it (`casefiles.load` and
`format_text`, in process), best of --repeat, the sizes taken in turn so that a burst of
load on the machine hits all of them. The figure that matters is the time per KB at the
largest size over the time per KB at the smallest: about 1 when the work is linear, and
about 100 from 10 KB to 1 MB if it were quadratic.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import yaml

from casebook.link import casefiles
from casebook.problems import format_text
from casebook.read.yamlfile import MAX_BYTES

KB = 1000
SIZES_KB = (10, 30, 100, 300, 990)  # the largest stays under the 1 MB file limit
#: A linear check costs at most this much more per KB at the largest size than at the smallest.
TARGET = 2.0

LESSON = """\
title: Reply the same day
theme: responsiveness
summary: Answer within the working day.
why: Waiting makes a small problem bigger.
do: [Reply the same day.]
avoid: [Leaving emails for a week.]
"""

CASE_HEAD = """\
title: A shop answers a late-order email
summary: A customer asked where a late order was; the shop answered within the hour.
verdict: good
business: {name: Example Shop, sector: retail}
response: The shop apologised first, then explained the delay.
outcome: The customer ordered again the next month.
lessons: [reply-same-day]
discussion: [What made the reply work?]
sources: [{title: A good reply, url: "https://example.com/a-good-reply", published: 2012-03}]
"""


def regex_case(size: int) -> str:
    head = CASE_HEAD + "channels: [email]\nwhat_happened: \""
    body = "(1-" * ((size - len(head) - 2) // 3)
    return head + body + '"\n'


def _repeated(head: str, size: int, line) -> str:
    """`head`, then `line(n)` for n = 0, 1, ... until the text is about `size` characters."""
    lines, length, n = [], len(head), 0
    while length < size - 40:
        lines.append(line(n))
        length += len(lines[-1])
        n += 1
    return head + "".join(lines)


def keys_case(size: int) -> str:
    head = CASE_HEAD + "channels: [email]\nwhat_happened: The order was late.\n"
    return _repeated(head, size, lambda n: f"unknown_field_{n:06d}: x\n")


def flood_case(size: int) -> str:
    head = CASE_HEAD + "what_happened: The order was late.\nchannels:\n"
    return _repeated(head, size, lambda n: f"  - emial-{n:06d}\n")


KINDS = {"regex": regex_case, "keys": keys_case, "flood": flood_case}


def write_project(folder: str, text: str) -> str:
    cases = os.path.join(folder, "cases")
    os.makedirs(os.path.join(cases, "lessons"))
    with open(os.path.join(cases, "lessons", "reply-same-day.yml"), "w", encoding="utf-8") as f:
        f.write(LESSON)
    with open(os.path.join(cases, "late-order.yml"), "w", encoding="utf-8") as f:
        f.write(text)
    return cases


def validate(cases: str, root: str) -> tuple[float, int]:
    start = time.process_time()
    _, problems = casefiles.load(cases, root=root)
    out = format_text(problems)
    return time.process_time() - start, out.count("\n")


def yaml_floor(path: str) -> float:
    start = time.process_time()
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_KB)), help="file sizes in KB (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each size; the best is kept")
    parser.add_argument("--kinds", default=",".join(KINDS), help="which files: %(default)s")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the table")
    args = parser.parse_args(argv)
    sizes = [int(s) * KB for s in args.sizes.split(",")]
    failed = False
    rows = ["| file | size | validate | per KB | yaml.load | lines printed |", "| --- | --- | --- | --- | --- | --- |"]
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            projects = []
            for size in sizes:
                text = KINDS[kind](min(size, MAX_BYTES - 100))
                folder = os.path.join(tmp, f"{kind}-{size}")
                projects.append((size, folder, write_project(folder, text), len(text.encode())))
            best = {size: float("inf") for size in sizes}
            floor = {size: float("inf") for size in sizes}
            printed = {}
            for _ in range(args.repeat):
                for size, folder, cases, _bytes in projects:  # interleaved
                    took, printed[size] = validate(cases, folder)
                    best[size] = min(best[size], took)
                    floor[size] = min(floor[size], yaml_floor(os.path.join(cases, "late-order.yml")))
            for size, _folder, _cases, nbytes in projects:
                rows.append(f"| {kind} | {nbytes / KB:.0f} KB | {best[size] * 1000:.1f} ms | "
                            f"{best[size] * 1e6 / (nbytes / KB):.0f} µs | {floor[size] * 1000:.1f} ms | {printed[size]} |")
                if not args.quiet:
                    print(f"{kind} {nbytes} bytes: {best[size]:.4f} s", file=sys.stderr)
            small, large = projects[0], projects[-1]
            ratio = (best[large[0]] / large[3]) / (best[small[0]] / small[3])
            ok = ratio <= TARGET
            failed |= not ok and len(sizes) > 1 and large[3] >= 100 * small[3] * 0.9
            summary.append(f"| {kind} | {small[3] / KB:.0f} KB → {large[3] / KB:.0f} KB | "
                           f"{best[large[0]] / best[small[0]]:.1f}x | {ratio:.2f} | ≤ {TARGET} | {'PASS' if ok else 'MISS'} |")
    print("\n".join(rows))
    print()
    print("| file | sizes | time ratio | per-KB ratio | target | result |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
