"""The command line's inputs and outputs, and the batch, against hostile and careless use.

1. Literal paths are literal: a path that exists is checked as it is, whatever [ ] * ? it
   holds; a pattern, folder or `-` that yields no dossier is exit 2, never a run of none.
2. No report replaces an input, a rule file, evidence, or anything that is not a regular
   file; --output-dir never lets one report replace another, nor one run mix with another.
3. The user's environment (read-only folder, full disk, names too long or not UTF-8, a
   closed standard output) is exit 2 with one located line, never a traceback or exit 4;
   in a batch a dossier that fails is a row with its reason, and the others still run.

Each class is tested with generated variants (hypothesis) or tables, not one example.
"""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, CliResult, rule_text, run_cli, write
from hypothesis import given, settings
from hypothesis import strategies as st

from toelating.errors import ExitCode, printable

DAY = "2027-05-15"
CHECKED = {ExitCode.COMPLIANT, ExitCode.FINDINGS, ExitCode.RULE_ERROR}  # a dossier was checked
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def dossier(agency: str, extra: str = "") -> str:
    return f"dossier_version: 1\nagency:\n  name: {agency}\n{extra}"


def check(*args: str, stdin: str | bytes = "") -> CliResult:
    return run_cli(["check", *args, "--as-of", DAY], stdin=stdin)


def clean_refusal(result: CliResult, *words: str) -> None:
    """Exit 2, every word on standard error, each error one line, no traceback."""
    assert result.exit_code == ExitCode.INPUT_REFUSED, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert all(line.startswith(("error: ", "refused: ")) for line in result.stderr.splitlines())


def agency_checked(result: CliResult) -> str:
    assert result.exit_code in CHECKED, result.stderr
    return str(json.loads(result.stdout)["dossier"]["agency"])


# --- 1. literal paths are literal ------------------------------------------------------------

# A name built of parts: plain characters, and pattern syntax with a name it would match.
_PARTS = {"[1]": "1", "[ab]": "a", "*": "z", "?": "q", "[!x]": "y", "[": "[", "]": "]"}
name_parts = st.lists(
    st.sampled_from(["a", "b", "1", " ", "-", "_", ".", "é", *_PARTS]), min_size=1, max_size=6
)


def literal_and_decoy(parts: list[str]) -> tuple[str, str]:
    """A folder name, and another that the name matches when read as a pattern."""
    literal = "d" + "".join(parts)
    decoy = "d" + "".join(_PARTS.get(part, part) for part in parts)
    return literal, decoy


@settings(max_examples=40)
@given(name_parts, st.sampled_from(["file", "folder", "stdin"]))
def test_a_path_that_exists_is_checked_as_it_is(parts: list[str], given_as: str) -> None:
    literal, decoy = literal_and_decoy(parts)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        write(root / literal / "dossier.yaml", dossier("Literal B.V."))
        if decoy != literal and fnmatch.fnmatchcase(decoy, literal):
            write(root / decoy / "dossier.yaml", dossier("Decoy B.V."))
        path = root / literal / ("dossier.yaml" if given_as == "file" else "")
        if given_as == "stdin":
            result = check("-", "--format", "json", stdin=f"{path}\n")
        else:
            result = check(str(path), "--format", "json")
        assert agency_checked(result) == "Literal B.V."


def test_a_missing_literal_path_is_read_as_a_pattern(tmp_path: Path) -> None:
    write(tmp_path / "acme1" / "dossier.yaml", dossier("Glob B.V."))
    result = check(str(tmp_path / "acme[0-9]" / "dossier.yaml"), "--format", "json")
    assert agency_checked(result) == "Glob B.V."


@pytest.mark.parametrize(
    ("arguments", "stdin", "named"),
    [
        (["nothing-*.yaml"], "", "nothing-*.yaml"),
        (["acme[0-9]/dossier.yaml"], "", "acme[0-9]/dossier.yaml"),
        (["empty/**/dossier.yaml"], "", "empty/**/dossier.yaml"),
        (["?"], "", "?"),
        (["-"], "", "-"),
        (["-"], "\n\n\n", "-"),
        (["-"], "  \n\t\n\r\n", "-"),
        (["real.yaml", "typo*.yaml"], "", "typo*.yaml"),
        (["real.yaml", "-"], "\n", "-"),
        (["empty"], "", "empty"),
        (["parent"], "", "'parent/*'"),
    ],
)
def test_what_yields_no_dossier_is_refused_never_a_run_of_none(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    stdin: str,
    named: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "real.yaml", dossier("Real B.V."))
    (tmp_path / "empty").mkdir()
    write(tmp_path / "parent" / "child" / "dossier.yaml", dossier("Child B.V."))
    result = check(*arguments, stdin=stdin)
    clean_refusal(result, "no dossier found", named)
    assert "0 dossiers" not in result.stdout and result.stdout == ""


line_names = st.text(st.sampled_from("ab [*?]- "), min_size=1, max_size=8).filter(str.strip)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            line_names,
            st.booleans(),  # the dossier exists
            st.booleans(),  # the line has spaces around it
            st.sampled_from(["\n", "\r\n", "\n \n", "\n\n\t\n"]),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda entry: entry[0],
    )
)
def test_paths_on_standard_input_are_literal_and_missing_ones_are_rows(
    entries: list[tuple[str, bool, bool, str]],
) -> None:
    """Blank lines are skipped; a line is a path as it is, spaces and brackets included
    (a line with stray spaces names a dossier that is missing); order stays; a listed
    dossier that is missing is a refused row, and the others are checked."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        lines, expected = [], []
        for name, exists, padded, ending in entries:
            folder = root / name
            if exists:
                write(folder / "dossier.yaml", dossier("Listed B.V."))
            listed = f"  {folder} " if padded else str(folder)
            lines.append(f"{listed}{ending}")
            expected.append((listed, exists and not padded))
        out = root / "out"
        result = check("-", "--output-dir", str(out), "--jobs", "1", stdin="".join(lines))
        rows = json.loads((out / "summary.json").read_text("utf-8"))["dossiers"]
        assert [(row["dossier"], row["verdict"] != "refused") for row in rows] == expected
        for row, (_, checked) in zip(rows, expected, strict=True):
            assert checked or "file not found" in row["reason"]
        if not all(checked for _, checked in expected):
            assert result.exit_code == ExitCode.INPUT_REFUSED


# --- 2. no report replaces what it must not ---------------------------------------------------

EVIDENCE = (
    "evidence:\n"
    "  - {id: contract, file: evidence/contract.json}\n"
    "  - {id: later, file: evidence/missing.json}\n"
)


@pytest.fixture
def scene(tmp_path: Path) -> Path:
    """Dossiers with evidence, a waiver file, a rule overlay, and places a report must not
    go: links, a pipe, a device, a folder."""
    write(tmp_path / "dossiers" / "acme" / "dossier.yaml", dossier("Acme B.V.", EVIDENCE))
    write(tmp_path / "dossiers" / "acme" / "evidence" / "contract.json", "{}")
    write(tmp_path / "dossiers" / "beta.yaml", dossier("Beta B.V."))
    write(tmp_path / "waivers.yaml", "waivers: []\n")
    write(tmp_path / "overlay" / "TST-01.yaml", rule_text("TST-01", 'dossier.agency.name != "X"'))
    write(tmp_path / "victim.json", "precious")
    (tmp_path / "link.json").symlink_to(tmp_path / "victim.json")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "folder.json").mkdir()
    if IS_ROOT:
        os.mknod(tmp_path / "device.json", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    return tmp_path


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry below root: kind and bytes, or a link's target (pipes are not opened)."""
    state: dict[str, tuple[object, ...]] = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        name = str(path.relative_to(root))
        if stat.S_ISLNK(mode):
            state[name] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            state[name] = ("file", path.read_bytes())
        else:
            state[name] = ("other", stat.S_IFMT(mode))
    return state


FORBIDDEN = [
    ("a dossier file", "dossiers/beta.yaml", "is the dossier"),
    ("a dossier given as its folder", "dossiers/acme/dossier.yaml", "dossier file name of"),
    ("the waiver file", "waivers.yaml", "is the waiver file"),
    ("a rule file of the overlay", "overlay/TST-01.yaml", "lies in the rule folder"),
    ("a new file among the rules", "overlay/report.json", "lies in the rule folder"),
    ("evidence", "dossiers/acme/evidence/contract.json", "is evidence of the dossier"),
    ("missing evidence", "dossiers/acme/evidence/missing.json", "is evidence of the dossier"),
    ("a symbolic link", "link.json", "is a symbolic link"),
    ("a dangling link", "dangling.json", "is a symbolic link"),
    ("a pipe", "fifo.json", "not a regular file"),
    ("a device", "device.json", "not a regular file"),
    ("a folder", "folder.json", "is a folder"),
    ("below a file", "victim.json/report.json", "victim.json is a file, not a folder"),
]


@pytest.mark.parametrize("batch", [False, True], ids=["one dossier", "batch"])
@pytest.mark.parametrize(("what", "target", "reason"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_a_report_never_goes_where_it_must_not(
    scene: Path, what: str, target: str, reason: str, batch: bool
) -> None:
    if target == "device.json" and not IS_ROOT:
        pytest.skip("making a device needs root")
    acme, beta = scene / "dossiers" / "acme", scene / "dossiers" / "beta.yaml"
    dossiers = [acme, beta] if batch else [beta if target == "dossiers/beta.yaml" else acme]
    before = snapshot(scene)
    # The overlay only where it is the point: loading one compiles the rulebook again.
    rules = ("--rules", str(scene / "overlay")) if target.startswith("overlay/") else ()
    result = check(
        *map(str, dossiers),
        *rules,
        "--waivers",
        str(scene / "waivers.yaml"),
        "--output",
        f"json={scene / 'safe.json'}",
        "--output",
        f"json={scene / target}",
    )
    clean_refusal(result, f"{scene / target}: ", reason)
    assert snapshot(scene) == before  # refused before anything was written, the good one too


@pytest.mark.parametrize("name", ["rulebook.yaml", "vog/VOG-01.yaml", "new-report.json"])
def test_the_shipped_rules_are_protected_without_touching_them(name: str) -> None:
    """Checked on the guard itself: a test that wrote into the shipped rules to see it
    refused would damage them the day it failed."""
    from toelating.checking import CheckOptions
    from toelating.rulebook.load import default_rules_folder

    guard = CheckOptions(dossiers=(), as_of=dt.date(2027, 5, 15), outputs=()).protected()
    assert "lies in the rule folder" in str(guard.why(default_rules_folder() / name))
    assert guard.why(default_rules_folder().parent / "report.json") is None


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("overlay/TST-01.yaml", "lies in the rule folder"),
        ("overlay/junit.xml", "lies in the rule folder"),
        ("link.json", "is a symbolic link"),
        ("fifo.json", "not a regular file"),
        ("victim.json/junit.xml", "is a file, not a folder"),
    ],
)
def test_rules_test_never_writes_its_result_where_it_must_not(
    scene: Path, target: str, reason: str
) -> None:
    before = snapshot(scene)
    result = run_cli(["rules", "test", str(scene / "overlay"), "--output", str(scene / target)])
    clean_refusal(result, f"{scene / target}: ", reason)
    assert snapshot(scene) == before


@pytest.mark.parametrize("batch", [False, True], ids=["one dossier", "batch"])
def test_one_place_named_twice_is_refused(tmp_path: Path, batch: bool) -> None:
    write(tmp_path / "a.yaml", dossier("A B.V."))
    write(tmp_path / "b.yaml", dossier("B B.V."))
    inputs = [str(tmp_path / "a.yaml")] + ([str(tmp_path / "b.yaml")] if batch else [])
    result = check(
        *inputs, "--output", str(tmp_path / "r.json"), "--output", f"markdown={tmp_path}/./r.json"
    )
    clean_refusal(result, "is named twice")
    assert not (tmp_path / "r.json").exists()


# Dossier places: a parent folder, then the file (dossier.yaml names it by its folder).
dossier_places = st.tuples(
    st.sampled_from(["p", "q", "Q", "p/deeper"]),
    st.sampled_from(
        [
            "acme/dossier.yaml",
            "ACME/dossier.json",
            "acme.yaml",
            "summary/dossier.yaml",
            "summary.yaml",
            "Summary.json",
            "dossier.yaml",
            ".hidden.yaml",
            "x" * 200 + ".yaml",
            "tab\there.yaml",
        ]
    ),
)


@settings(max_examples=30)
@given(
    st.lists(dossier_places, min_size=2, max_size=6, unique=True),
    st.sampled_from(["json", "junit"]),
)
def test_output_dir_gives_every_dossier_a_report_of_its_own(
    places: list[tuple[str, str]], report_format: str
) -> None:
    """Names that would collide (two folders named acme, case, a dossier named summary,
    over-long or hidden names) still give one distinct report per dossier, beside the
    summary, and the summary names each."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        paths = [root / parent / name for parent, name in places]
        for index, path in enumerate(paths):
            agency = f"Agency {index}"
            as_json = json.dumps({"dossier_version": 1, "agency": {"name": agency}})
            write(path, as_json if path.suffix == ".json" else dossier(agency))
        out = root / "out"
        result = check(
            *map(str, paths), "--output-dir", str(out), "--format", report_format, "--jobs", "1"
        )
        assert result.exit_code in CHECKED, result.stderr
        rows = json.loads((out / "summary.json").read_text("utf-8"))["dossiers"]
        names = [row["report"] for row in rows]
        assert len({name.casefold() for name in names}) == len(paths)
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [*names, "index.html", "summary.csv", "summary.json"]
        )
        for name in names:
            assert not name.startswith(".") and len(name.encode("utf-8")) + 15 <= 255
            assert printable(name) == name
        if report_format == "json":
            for index, row in enumerate(rows):
                report = json.loads((out / row["report"]).read_text("utf-8"))
                assert report["dossier"]["agency"] == f"Agency {index}"


def batch_into(out: Path, *paths: Path, extra: tuple[str, ...] = ()) -> CliResult:
    return check(*map(str, paths), "--output-dir", str(out), *extra)


def test_a_second_run_into_a_folder_is_refused_unless_overwrite(tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.yaml", dossier("A B.V."))
    b = write(tmp_path / "in" / "b.yaml", dossier("B B.V."))
    out = tmp_path / "out"
    assert batch_into(out, a, b).exit_code in CHECKED
    before = snapshot(out)
    clean_refusal(batch_into(out, a), f"{out}: is not empty", "--overwrite", "new or empty folder")
    assert snapshot(out) == before
    again = batch_into(out, a, extra=("--overwrite",))
    assert again.exit_code in CHECKED, again.stderr
    rows = json.loads((out / "summary.json").read_text("utf-8"))["dossiers"]
    assert [row["report"] for row in rows] == ["a.json"]  # the summary names this run's only


@pytest.mark.parametrize(
    ("prepare", "reason"),
    [
        (lambda out: write(out / "a.json", "the user's own"), "is no report of an earlier run"),
        (lambda out: write(out / "A.JSON", "the user's own"), "is no report of an earlier run"),
        (lambda out: write(out / "summary.json", "[]"), "is no report of an earlier run"),
        (lambda out: write(out / ".toelating-running", ""), "another toelating run"),
        (lambda out: (out / "b.json").symlink_to(out / "elsewhere"), "is a symbolic link"),
    ],
)
def test_overwrite_replaces_only_an_earlier_runs_regular_files(
    tmp_path: Path, prepare: Callable[[Path], Any], reason: str
) -> None:
    a = write(tmp_path / "in" / "a.yaml", dossier("A B.V."))
    b = write(tmp_path / "in" / "b.yaml", dossier("B B.V."))
    out = tmp_path / "out"
    out.mkdir()
    write(out / "summary.json", json.dumps({"dossiers": [{"report": "b.json"}]}))
    prepare(out)  # may replace the earlier summary, which names b.json only
    before = snapshot(out)
    clean_refusal(batch_into(out, a, b, extra=("--overwrite",)), reason)
    assert snapshot(out) == before


@pytest.mark.parametrize(
    ("where", "extra", "reason"),
    [
        ("victim.json", (), "is a file, not a folder"),
        ("victim.json/out", (), "victim.json is a file, not a folder"),
        ("overlay/out", (), "lies in the rule folder"),
        ("out", ("--output", "OUT/summary.json"), "is named twice"),
        ("out", ("--output", "OUT/beta.json"), "is named twice"),
    ],
)
def test_output_dir_places_that_are_refused(
    scene: Path, where: str, extra: tuple[str, ...], reason: str
) -> None:
    before = snapshot(scene)
    out = scene / where
    extra = tuple(part.replace("OUT", str(out)) for part in extra)
    dossiers = (scene / "dossiers" / "acme", scene / "dossiers" / "beta.yaml")
    rules = ("--rules", str(scene / "overlay")) if where.startswith("overlay/") else ()
    clean_refusal(batch_into(out, *dossiers, extra=(*rules, *extra)), reason)
    assert snapshot(scene) == before  # not even the folder is left behind


def test_overwrite_goes_with_output_dir(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", dossier("A B.V."))
    clean_refusal(check(str(a), "--overwrite"), "--overwrite", "--output-dir")


# --- 3. the user's environment -----------------------------------------------------------------

ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.ENAMETOOLONG, errno.EIO, errno.EDQUOT]


def failing(stage: str, code: int, only: str = "") -> tuple[Any, str, Callable[..., Any]]:
    """A monkeypatch (object, attribute, replacement) making one stage of a write fail
    with code, for files whose name contains `only`."""
    import tempfile as tempfile_module

    def refuse(name: str) -> None:
        if only in name:
            raise OSError(code, os.strerror(code))

    if stage == "create":
        real = tempfile_module.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> Any:
            refuse(str(kwargs.get("prefix", "")))
            return real(*args, **kwargs)

        return tempfile_module, "mkstemp", mkstemp
    if stage == "write":
        real_fsync = os.fsync

        def fsync(descriptor: int) -> None:
            refuse(os.readlink(f"/proc/self/fd/{descriptor}"))
            real_fsync(descriptor)

        return os, "fsync", fsync
    real_replace = os.replace

    def replace(source: Any, destination: Any) -> None:
        refuse(str(destination))
        real_replace(source, destination)

    return os, "replace", replace


STAGES = ["create", "write", "rename"]


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("stage", STAGES)
def test_a_write_that_fails_is_one_located_line_and_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, code: int
) -> None:
    a = write(tmp_path / "in" / "a.yaml", dossier("A B.V."))
    target = write(tmp_path / "report.json", "the previous report")
    monkeypatch.setattr(*failing(stage, code))
    result = check(str(a), "--output", str(target))
    clean_refusal(result, f"error: {target}: ")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json"]
    assert target.read_text("utf-8") == "the previous report"


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_report_that_cannot_be_written_is_a_row_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, jobs: str
) -> None:
    paths = [write(tmp_path / "in" / f"{n}.yaml", dossier(f"{n} B.V.")) for n in "abcd"]
    monkeypatch.setattr(*failing(stage, errno.ENOSPC, only="c.json"))
    out = tmp_path / "out"
    result = batch_into(out, *paths, extra=("--jobs", jobs))
    clean_refusal(result, f"error: report not written: {out / 'c.json'}: ")
    rows = json.loads((out / "summary.json").read_text("utf-8"))["dossiers"]
    assert [row["report"] for row in rows] == ["a.json", "b.json", None, "d.json"]
    assert "no space left" in rows[2]["reason"].lower()
    assert sorted(p.name for p in out.iterdir()) == [
        "a.json",
        "b.json",
        "d.json",
        "index.html",
        "summary.csv",
        "summary.json",
    ]
    assert "no space left" in result.stdout.splitlines()[3].lower()  # the reason column


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_failing_dossier_is_a_row_with_its_reason(tmp_path: Path, jobs: str) -> None:
    """Missing, invalid, not a regular file, a name too long, a folder without a dossier:
    each is a row of the summary with its reason (table, CSV, JSON); the others are checked."""
    good = [write(tmp_path / f"good{n}.yaml", dossier(f"Good {n}")) for n in range(2)]
    bad = {
        "missing.yaml": "file not found",
        "invalid.yaml": "invalid YAML",
        "fifo.yaml": "not a regular file",
        "x" * 300 + ".yaml": "too long",
        "nested": "holds no dossier file",
    }
    write(tmp_path / "invalid.yaml", "agency: [\n")
    os.mkfifo(tmp_path / "fifo.yaml")
    write(tmp_path / "nested" / "inner" / "dossier.yaml", dossier("Inner"))
    listing = [str(good[0]), *(str(tmp_path / name) for name in bad), str(good[1])]
    out = tmp_path / "out"
    result = check("-", "--output-dir", str(out), "--jobs", jobs, stdin="\n".join(listing))
    clean_refusal(result)
    rows = json.loads((out / "summary.json").read_text("utf-8"))["dossiers"]
    assert [row["verdict"] == "refused" for row in rows] == [False, *[True] * len(bad), False]
    for row, reason in zip(rows[1:-1], bad.values(), strict=True):
        assert reason in row["reason"]
    csv_lines = (out / "summary.csv").read_text("utf-8").splitlines()
    assert csv_lines[0].endswith(",report,calendar,reason") and "file not found" in csv_lines[2]
    table = result.stdout.splitlines()
    assert table[0].split()[-1] == "reason" and "file not found" in table[2]


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        ("n" * 300 + ".json", "too long"),
        ("/".join(["deep"] * 1200) + "/r.json", "too long"),
        ("victim.json/r.json", "is a file, not a folder"),
        ("no/such/folder/r.json", "does not exist"),
    ],
)
@pytest.mark.parametrize("option", ["--output", "--output-dir"])
def test_output_places_the_system_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: str, reason: str, option: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "victim.json", "precious")
    a = write(tmp_path / "a.yaml", dossier("A B.V."))
    if option == "--output-dir" and reason == "does not exist":
        pytest.skip("--output-dir makes its folder")
    clean_refusal(check(str(a), option, place), reason)
    assert (tmp_path / "victim.json").read_text("utf-8") == "precious"


def test_a_read_only_folder_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder as the system says it (os.access; root is never refused, so the
    answer is simulated when the tests run as root)."""
    a = write(tmp_path / "a.yaml", dossier("A B.V."))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if IS_ROOT:
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode: False if "locked" in str(path) else real_access(path, mode),
        )
    try:
        for option, place in [("--output", locked / "r.json"), ("--output-dir", locked / "out")]:
            clean_refusal(check(str(a), option, str(place)), "not writable")
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    "name", [b"\xff.yaml", b"caf\xe9.yaml", b"\x1b[2J.yaml", b"new\nline.yaml"]
)
def test_names_that_are_not_utf8_or_hold_controls_are_shown_escaped(
    tmp_path: Path, name: bytes
) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/" + name))
    write(path, dossier("Odd Name B.V."))
    shown = printable(str(path))
    single = check(str(path))
    assert single.exit_code in CHECKED and shown in single.stdout, single.stderr
    if b"\n" not in name:  # standard input lists one path a line
        listed = check("-", "--output-dir", str(tmp_path / "out"), stdin=os.fsencode(path) + b"\n")
        assert listed.exit_code in CHECKED, listed.stderr  # the table could be written
        (row,) = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))["dossiers"]
        assert row["dossier"] == shown and printable(row["report"]) == row["report"]
    missing = check(str(path) + "-missing", str(path))
    clean_refusal(missing, printable(str(path) + "-missing"))
    assert all("\x1b" not in line for line in missing.stderr.splitlines())


@settings(max_examples=200)
@given(st.text())
def test_printable_text_is_one_safe_line(text: str) -> None:
    shown = printable(text)
    shown.encode("utf-8")  # never a lone surrogate
    assert "\n" not in shown and "\x1b" not in shown and "\u202e" not in shown
    if text.isprintable() and all(not 0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert shown == text


def in_subprocess_to_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run toelating with a standard output whose reader has gone (as `| head -1` leaves)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        command = [sys.executable, "-m", "toelating", *args, "--as-of", DAY]
        return subprocess.run(
            command, stdout=writer, stderr=subprocess.PIPE, cwd=ROOT, timeout=120, check=False
        )
    finally:
        os.close(writer)


def test_a_closed_standard_output_is_exit_2_with_one_line(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", dossier("A B.V."))
    b = write(tmp_path / "b.yaml", dossier("B B.V."))
    out = tmp_path / "out"
    for args in [
        (str(a), "--format", "json"),
        (str(a), str(b), "--jobs", "2", "--output-dir", str(out)),
    ]:
        done = in_subprocess_to_closed_pipe("check", *args)
        assert done.returncode == 2
        (line,) = done.stderr.decode().splitlines()
        assert line.startswith("error: <stdout>: closed before the whole report was written")
    assert (out / "summary.json").exists()  # the files are written before the table
