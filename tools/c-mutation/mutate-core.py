#!/usr/bin/env python3
"""Mutation testing of the firmware's portable core against its cmocka suite.

    tools/c-mutation/mutate-core.py                       every file of the core
    tools/c-mutation/mutate-core.py hb_cobs.c hb_frame.c  some files
    tools/c-mutation/mutate-core.py --min-score 90        exit 1 when a file scores lower

Each mutant is one small change to the core (see mutants.py): the core is rebuilt with it in a scratch copy under
firmware/target/mutation/ and the unit tests run (with AddressSanitizer and UBSan, as in the normal build). A mutant
is killed when a test fails, crashes or runs past its deadline; it survives when every test passes; a mutant that
does not compile is not viable and is left out of the score, as PIT does. The committed sources are never written.
Needs: python3, cmake, gcc, make, pkg-config, libcmocka-dev (the same as the host build).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutants import mutants  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORE_SRC = Path("firmware/components/hilbridge_core/src")
COPIED = ["firmware/host", "firmware/components/hilbridge_core", "protocol-spec/vectors"]
TESTS = ["test_vectors", "test_core", "test_light", "test_debounce"]


def run(cmd, cwd, timeout=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)


def prepare(work: Path) -> Path:
    tree = work / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    for rel in COPIED:
        shutil.copytree(REPO / rel, tree / rel)
    build = work / "build"
    shutil.rmtree(build, ignore_errors=True)
    r = run(["cmake", "-S", str(tree / "firmware/host"), "-B", str(build), "-DCMAKE_BUILD_TYPE=Debug",
             "-DHB_SANITIZE=ON"], REPO)
    if r.returncode != 0:
        sys.exit("cmake failed:\n" + r.stdout.decode(errors="replace"))
    return tree


def build(build_dir: Path) -> bool:
    return run(["cmake", "--build", str(build_dir), "-j", "2", "--target", *TESTS], REPO).returncode == 0


def tests_pass(build_dir: Path, deadline_s: float) -> str:
    """'pass', 'fail' or 'timeout' for the whole suite."""
    for t in TESTS:
        try:
            if run([str(build_dir / t)], build_dir, timeout=deadline_s).returncode != 0:
                return "fail"
        except subprocess.TimeoutExpired:
            return "timeout"
    return "pass"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="core source files (default: all of " + str(CORE_SRC) + ")")
    ap.add_argument("--min-score", type=float, default=None, help="fail when a file's score is lower (percent)")
    ap.add_argument("--work", default=str(REPO / "firmware/target/mutation"), help="scratch folder")
    args = ap.parse_args()
    for tool in ("cmake", "gcc", "make", "pkg-config"):
        if shutil.which(tool) is None:
            sys.exit(f"mutate-core: {tool} is missing: apt-get install cmake gcc make pkg-config libcmocka-dev")

    work = Path(args.work)
    tree = prepare(work)
    build_dir = work / "build"
    started = time.monotonic()
    if not build(build_dir):
        sys.exit("the unmutated core does not build")
    t0 = time.monotonic()
    if tests_pass(build_dir, 60) != "pass":
        sys.exit("the unmutated core fails its tests: fix that first")
    # A mutant may loop forever: ten times the clean suite's time, and never less than 5 s, ends it.
    deadline_s = max(5.0, 10 * (time.monotonic() - t0))

    files = args.files or sorted(p.name for p in (REPO / CORE_SRC).glob("*.c"))
    rows, survivors = [], []
    for name in files:
        target = tree / CORE_SRC / name
        original = target.read_text()
        counts = {"killed": 0, "timed out": 0, "survived": 0, "not viable": 0}
        found = mutants(name, original)
        try:
            for m in found:
                target.write_text(m.apply(original))
                if not build(build_dir):
                    counts["not viable"] += 1
                    continue
                verdict = tests_pass(build_dir, deadline_s)
                if verdict == "pass":
                    counts["survived"] += 1
                    survivors.append(m)
                else:
                    counts["timed out" if verdict == "timeout" else "killed"] += 1
        finally:
            target.write_text(original)
        viable = len(found) - counts["not viable"]
        killed = counts["killed"] + counts["timed out"]
        rows.append((name, len(found), viable, killed, counts, 100.0 * killed / viable if viable else 100.0))
        print(f"[mutation] {name}: {killed}/{viable} killed", flush=True)

    print()
    print("| file | mutants | not viable | killed | timed out | survived | score |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total_viable = total_killed = 0
    for name, n, viable, killed, c, score in rows:
        total_viable += viable
        total_killed += killed
        print(f"| {name} | {n} | {c['not viable']} | {c['killed']} | {c['timed out']} | {c['survived']} "
              f"| {score:.1f} % |")
    total = 100.0 * total_killed / total_viable if total_viable else 100.0
    print(f"| all | | | | | {total_viable - total_killed} | {total:.1f} % |")
    print(f"\n{len(survivors)} survivors (each is a change no test notices):")
    for m in survivors:
        print("  " + m.describe())
    print(f"\n[mutation] {time.monotonic() - started:.0f} s")
    low = [r[0] for r in rows if args.min_score is not None and r[5] < args.min_score]
    if low:
        print(f"[mutation] ERROR: below {args.min_score} %: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
