#!/usr/bin/env python3
"""Mutation testing of the firmware's portable core against its cmocka suite.

    tools/c-mutation/mutate-core.py                       every file of the core
    tools/c-mutation/mutate-core.py hb_cobs.c hb_frame.c  some files
    tools/c-mutation/mutate-core.py --jobs 2 -v           two mutants at a time, one line per mutant
    tools/c-mutation/mutate-core.py --min-score 90        exit 1 when a file scores lower
    tools/c-mutation/mutate-core.py hb_core.c --lines 181,210 -v   only the mutants on those lines

Each mutant is one small change to the core (see mutants.py). The host build (Debug, AddressSanitizer and UBSan, as
build-and-test.sh makes it) is built once under firmware/target/mutation/; per mutant only the mutated file is
recompiled and only the tests that link it are relinked and run (suite.py). A mutant is killed when a test fails,
crashes or runs past its deadline (ten times its clean run, at least 5 s); it survives when every test passes; a
mutant that does not compile is not viable and is left out of the score, as PIT does. The committed sources are
never written. Needs: python3, cmake, gcc, make, pkg-config, binutils, libcmocka-dev (the host build's tools).
"""

import argparse
import queue
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutants import mutants  # noqa: E402
from suite import Baseline, Scratch  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORE_SRC = Path("firmware/components/hilbridge_core/src")
# Copied to the scratch folder first, so that edits made during a long run do not leak into it.
COPIED = ["firmware/host", "firmware/components/hilbridge_core", "protocol-spec/vectors"]
VERDICTS = ("killed", "timed out", "survived", "not viable")


def snapshot(work: Path) -> Path:
    tree = work / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    for rel in COPIED:
        shutil.copytree(REPO / rel, tree / rel)
    return tree


def mutate_file(name, source, base, scratches, jobs, verbose, lines):
    """Counts of each verdict, and the survivors."""
    tests = base.tests_linking(name)
    found = [m for m in mutants(name, source) if not lines or m.line in lines]
    kills = {t.name: 0 for t in tests}  # a file's mutants tend to die in the same test: it goes first

    def one(m):
        scratch = scratches.get()
        try:
            started = time.monotonic()
            order = sorted(tests, key=lambda t: (-kills[t.name], t.clean_s))
            v, killer = scratch.verdict(name, m.apply(source), order)
            if killer is not None:
                kills[killer] += 1
        finally:
            scratches.put(scratch)
        if verbose:
            print(f"  {v:10} {time.monotonic() - started:5.1f} s  {m.describe()}", flush=True)
        return v

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        verdicts = list(pool.map(one, found))
    counts = {v: verdicts.count(v) for v in VERDICTS}
    return counts, [m for m, v in zip(found, verdicts) if v == "survived"], [t.name for t in tests]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="core source files (default: all of " + str(CORE_SRC) + ")")
    ap.add_argument("--min-score", type=float, default=None, help="fail when a file's score is lower (percent)")
    ap.add_argument("--jobs", type=int, default=1, help="mutants built and tested at the same time (default 1)")
    ap.add_argument("--lines", default="", help="only the mutants on these lines, e.g. 181,210 (to recheck survivors)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per mutant: verdict, seconds, change")
    ap.add_argument("--work", default=str(REPO / "firmware/target/mutation"), help="scratch folder")
    args = ap.parse_args()
    for tool in ("cmake", "gcc", "make", "pkg-config", "ar", "nm"):
        if shutil.which(tool) is None:
            sys.exit(f"mutate-core: {tool} is missing: apt-get install cmake gcc make pkg-config binutils "
                     "libcmocka-dev")

    started = time.monotonic()
    work = Path(args.work)
    tree = snapshot(work)
    base = Baseline(tree / "firmware/host", work / "build")
    scratches = queue.Queue()
    for j in range(args.jobs):
        scratches.put(Scratch(base, work / f"job{j}"))
    print(f"[mutation] baseline built and tested in {time.monotonic() - started:.0f} s; test deadlines: "
          + ", ".join(f"{t.name} {t.timeout_s:.0f} s" for t in base.tests), flush=True)

    files = args.files or sorted(p.name for p in (REPO / CORE_SRC).glob("*.c"))
    rows, survivors = [], []
    for name in files:
        t0 = time.monotonic()
        counts, lost, tests = mutate_file(name, (tree / CORE_SRC / name).read_text(), base, scratches, args.jobs,
                                          args.verbose, {int(n) for n in args.lines.split(",") if n})
        seconds = time.monotonic() - t0
        survivors += lost
        n = sum(counts.values())
        viable = n - counts["not viable"]
        killed = counts["killed"] + counts["timed out"]
        score = 100.0 * killed / viable if viable else 100.0
        rows.append((name, n, counts, score, seconds))
        print(f"[mutation] {name}: {killed}/{viable} killed in {seconds:.0f} s ({seconds / max(n, 1):.1f} s per "
              f"mutant, {args.jobs} job(s), tests: {' '.join(tests)})", flush=True)

    print()
    print("| file | mutants | killed | timed out | survived | not viable | score | wall time |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, c, score, seconds in rows:
        print(f"| {name} | {n} | {c['killed']} | {c['timed out']} | {c['survived']} | {c['not viable']} "
              f"| {score:.1f} % | {seconds:.0f} s |")
    print(f"\n{len(survivors)} survivors (each is a change no test notices):")
    for m in survivors:
        print("  " + m.describe())
    print(f"\n[mutation] {time.monotonic() - started:.0f} s")
    low = [r[0] for r in rows if args.min_score is not None and r[3] < args.min_score]
    if low:
        print(f"[mutation] ERROR: below {args.min_score} %: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
