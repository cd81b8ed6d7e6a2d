#!/usr/bin/env python3
"""Per-package mutation scores from a Maven log of `-Pmutation verify`, and the gate CI applies to them.

CI runs every PIT execution with the threshold at 0 (`-Dmutation.threshold=0`) so that one package below the line
does not stop the others from being measured, then this script prints one table row per execution (mutants, killed,
score, wall time, the classes with the most survivors) and exits 1 if a package is below --min. Run by hand:

    ./mvnw -B -Pmutation -Dmutation.threshold=0 -pl bridge,client,junit verify | tee mutation.log
    python3 tools/mutation/scores.py mutation.log

Survivors per class come from each execution's mutations.xml (its reportsDirectory, named in the log).
"""
import argparse
import collections
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EXECUTION = re.compile(r"--- pitest(?:-maven)?:[\d.]+:mutationCoverage \(mutation-([\w-]+)\) @ ([\w-]+) ---")
COMPLETED = re.compile(r"Completed in (\d+) seconds")
GENERATED = re.compile(r">> Generated (\d+) mutations Killed (\d+) \((\d+)%\)")
MODULE_DIR = {"hilbridge-bridge": "bridge", "hilbridge-client": "client", "hilbridge-junit5": "junit"}


def read_log(path):
    """Yields (package, module, mutants, killed, seconds) for each PIT execution that finished."""
    package = module = seconds = None
    for line in Path(path).read_text(errors="replace").splitlines():
        m = EXECUTION.search(line)
        if m:
            package, module, seconds = m.group(1), m.group(2), None
            continue
        m = COMPLETED.search(line)
        if m and package:
            seconds = int(m.group(1))
        m = GENERATED.search(line)
        if m and package:
            yield package, module, int(m.group(1)), int(m.group(2)), seconds
            package = None


def weakest_classes(root, module, package, most=3):
    """The classes with the most surviving mutants, as 'Class killed/mutants'."""
    xml = Path(root, MODULE_DIR.get(module, module), "target", "pit-reports", package, "mutations.xml")
    if not xml.is_file() or xml.stat().st_size == 0:
        return "(no mutations.xml)"
    counts = collections.defaultdict(lambda: [0, 0])
    for m in ET.parse(xml).getroot().iter("mutation"):
        name = m.findtext("mutatedClass").split("$")[0].rsplit(".", 1)[-1]
        counts[name][1] += 1
        counts[name][0] += m.get("detected") == "true"
    worst = sorted(counts.items(), key=lambda kv: kv[1][0] - kv[1][1])[:most]
    return ", ".join(f"{c} {k}/{n}" for c, (k, n) in worst if k < n) or "none survive"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("log", help="the Maven log of the -Pmutation run")
    p.add_argument("--min", type=float, default=90.0, help="lowest score a package may have (percent)")
    p.add_argument("--root", default=".", help="the project's root folder")
    p.add_argument("--not-gated", default="", help="comma-separated packages measured and printed but not failed "
                   "(each must be named in docs/benchmarks.md with what it is missing)")
    args = p.parse_args()
    rows = list(read_log(args.log))
    if not rows:
        print(f"scores.py: no finished PIT execution in {args.log}", file=sys.stderr)
        return 1
    print("| package | module | mutants | killed | score | wall time | most survivors |")
    print("|---|---|---:|---:|---:|---:|---|")
    below = []
    not_gated = {x for x in args.not_gated.split(",") if x}
    for package, module, mutants, killed, seconds in rows:
        score = 100.0 * killed / mutants if mutants else 100.0
        wall = f"{seconds} s" if seconds is not None else "?"
        label = package + (" (not gated)" if package in not_gated else "")
        print(f"| {label} | {module} | {mutants} | {killed} | {score:.1f} % | {wall} | "
              f"{weakest_classes(args.root, module, package)} |")
        if score < args.min and package not in not_gated:
            below.append(f"{package} {score:.1f} %")
    total = sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] or 0 for r in rows)
    print(f"| all | | {total[0]} | {total[1]} | {100.0 * total[1] / total[0]:.1f} % | {total[2]} s | |")
    if below:
        print(f"below {args.min:g} % killed: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
