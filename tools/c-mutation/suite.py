"""The host build of the core and its cmocka suite, built once and then rebuilt one mutated file at a time.

Baseline configures and builds firmware/host with CMake exactly as build-and-test.sh does (Debug, ASan + UBSan) and
reads back how CMake compiled each core file (compile_commands.json), how it linked each test (link.txt) and which
tests there are (ctest). A Scratch then tries one mutant the way make would after touching that one file: compile
it with the same command, put the object into a copy of the core's archive, relink only the tests that link that
object, run them. Nothing in the baseline build changes, so several Scratch folders can work side by side.
"""

import json
import os
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

CORE_ARCHIVE = "libhilbridge_core.a"
# A mutant may loop forever: ten times the test's clean run, and never less than 5 s, ends it.
TIMEOUT_FACTOR, TIMEOUT_FLOOR_S = 10.0, 5.0


# A killed mutant often leaves a failed test's allocations behind: symbolising LeakSanitizer's stack traces would
# cost seconds per mutant and says nothing the exit status does not.
QUIET_SANITIZERS = dict(os.environ, ASAN_OPTIONS="symbolize=0", UBSAN_OPTIONS="symbolize=0:print_stacktrace=0")


def run(cmd, cwd, timeout=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                          env=QUIET_SANITIZERS)


def global_symbols(binary: Path) -> set:
    """Defined global symbols, without the sanitizers' own (they start with "__")."""
    out = run(["nm", "--defined-only", "-g", str(binary)], binary.parent).stdout.decode()
    return {f[2] for f in (line.split() for line in out.splitlines()) if len(f) == 3 and not f[2].startswith("__")}


@dataclass
class Test:
    name: str
    binary: Path
    link: list  # CMake's link command, run in the build folder
    clean_s: float = 0.0  # the unmutated run's time
    timeout_s: float = 0.0


class Baseline:
    def __init__(self, source: Path, build: Path):
        self.build = build
        shutil.rmtree(build, ignore_errors=True)
        r = run(["cmake", "-S", str(source), "-B", str(build), "-DCMAKE_BUILD_TYPE=Debug", "-DHB_SANITIZE=ON",
                 "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], source)
        if r.returncode != 0:
            raise SystemExit("cmake failed:\n" + r.stdout.decode(errors="replace"))
        r = run(["cmake", "--build", str(build), "-j", "2"], source)
        if r.returncode != 0:
            raise SystemExit("the unmutated core does not build:\n" + r.stdout.decode(errors="replace"))
        self.compile = {}  # core file name -> compile command
        for entry in json.loads((build / "compile_commands.json").read_text()):
            if f"/{CORE_ARCHIVE[3:-2]}.dir/" in entry["command"]:
                self.compile[Path(entry["file"]).name] = shlex.split(entry["command"])
        ctest = json.loads(run(["ctest", "--show-only=json-v1"], build).stdout)
        self.tests = [Test(t["name"], Path(t["command"][0]),
                           shlex.split((build / "CMakeFiles" / f"{t['name']}.dir" / "link.txt").read_text()))
                      for t in ctest["tests"]]
        self._symbols = {t.name: global_symbols(t.binary) for t in self.tests}
        for t in self.tests:
            started = time.monotonic()
            r = run([str(t.binary)], build, timeout=60)
            if r.returncode != 0:
                raise SystemExit(f"the unmutated core fails {t.name}: fix that first\n" + r.stdout.decode())
            t.clean_s = time.monotonic() - started
            t.timeout_s = max(TIMEOUT_FLOOR_S, TIMEOUT_FACTOR * t.clean_s)
        self.tests.sort(key=lambda t: t.clean_s)  # the quickest first: most mutants die in the first test run

    def object_of(self, name: str) -> Path:
        argv = self.compile[name]
        return self.build / argv[argv.index("-o") + 1]

    def tests_linking(self, name: str) -> list:
        """The tests whose binary holds the file's object (the linker takes an archive member only when needed)."""
        own = global_symbols(self.object_of(name))
        linking = [t for t in self.tests if own & self._symbols[t.name]]
        return linking if own and linking else self.tests  # no way to tell: the whole suite


class Scratch:
    """One folder where mutants are built and tested, one at a time."""

    def __init__(self, base: Baseline, folder: Path):
        self.base, self.folder = base, folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def _compile(self, name: str, source: str) -> bool:
        src = self.folder / name
        src.write_text(source)
        obj = self.folder / self.base.object_of(name).name  # the archive member's name
        argv = [a for a in self.base.compile[name]]
        argv[argv.index("-o") + 1] = str(obj)
        argv[argv.index("-c") + 1] = str(src)
        for flag in ("-MD", "-MT", "-MF"):  # make's dependency files: not needed here
            if flag in argv:
                i = argv.index(flag)
                del argv[i:i + (1 if flag == "-MD" else 2)]
        if run(argv, self.base.build).returncode != 0:
            return False
        archive = self.folder / CORE_ARCHIVE
        shutil.copyfile(self.base.build / CORE_ARCHIVE, archive)
        return run(["ar", "rs", str(archive), str(obj)], self.folder).returncode == 0

    def _link(self, test: Test):
        argv = [str(self.folder / CORE_ARCHIVE) if a == CORE_ARCHIVE else a for a in test.link]
        binary = self.folder / test.name
        argv[argv.index("-o") + 1] = str(binary)
        return binary if run(argv, self.base.build).returncode == 0 else None

    def verdict(self, name: str, source: str, tests: list):
        """'not viable' (does not compile), 'killed', 'timed out' or 'survived', and the test that ended it."""
        if not self._compile(name, source):
            return "not viable", None
        for t in tests:
            binary = self._link(t)
            if binary is None:
                return "not viable", None
            try:
                if run([str(binary)], self.base.build, timeout=t.timeout_s).returncode != 0:
                    return "killed", t.name
            except subprocess.TimeoutExpired:
                return "timed out", t.name
        return "survived", None
