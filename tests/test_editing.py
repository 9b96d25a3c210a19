"""The commands that edit a dossier (`evidence hash`, `import`, `upgrade`) never turn a link
into a copy, never overrule a read-only file or folder, and leave no temporary file or partial
copy behind, whatever stops them."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Cli, write

HEAD = "dossier_version: 2\nagency:\n  name: Test B.V.\n"


@dataclass(frozen=True)
class Edit:
    """A command that wants to write the dossier in folder, and how to run it."""

    name: str
    dossier: str  # the dossier's text before the command
    setup: Callable[[Path], None]  # what else the folder (or its parent) needs
    args: Callable[[Path, Path], list[str]]  # the command line, for a dossier path and tmp


def _evidence(folder: Path) -> None:
    write(folder / "evidence" / "a.pdf", "scan")


def _csv(folder: Path) -> None:
    write(folder.parent / "in" / "workers.csv", "personeelsnummer;naam\nW-1;Ana\n")


EDITS = [
    Edit(
        "evidence hash",
        HEAD + "evidence:\n  - {id: a, file: evidence/a.pdf}\n",
        _evidence,
        lambda dossier, tmp: ["evidence", "hash", str(dossier)],
    ),
    Edit(
        "import",
        HEAD,
        _csv,
        lambda dossier, tmp: [
            "import",
            "workers",
            str(tmp / "in" / "workers.csv"),
            "--dossier",
            str(dossier),
        ],
    ),
    Edit(
        "upgrade",
        HEAD.replace("version: 2", "version: 1"),
        lambda folder: None,
        lambda dossier, tmp: ["upgrade", str(dossier)],
    ),
]


def prepared(edit: Edit, folder: Path) -> Path:
    dossier = write(folder / "dossier.yaml", edit.dossier)
    edit.setup(folder)
    return dossier


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def assert_refused(cli: Cli, args: list[str], *words: str) -> None:
    result = cli(args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert all(word in result.stderr for word in words), result.stderr


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_each_command_edits_a_plain_dossier(cli: Cli, tmp_path: Path, edit: Edit) -> None:
    """The baseline of the refusals below: with nothing in the way the command writes."""
    dossier = prepared(edit, tmp_path / "dossier")
    result = cli(edit.args(dossier, tmp_path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert dossier.read_text("utf-8") != edit.dossier
    assert not any(name.endswith(".tmp") for name in listing(tmp_path))


@pytest.mark.parametrize("by_folder", [False, True], ids=["file", "folder"])
@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_a_symbolic_link_stays_a_link_and_its_target_unchanged(
    cli: Cli, tmp_path: Path, edit: Edit, by_folder: bool
) -> None:
    target = write(tmp_path / "real" / "dossier.yaml", edit.dossier)
    folder = tmp_path / "linked"
    folder.mkdir()
    edit.setup(folder)
    link = folder / "dossier.yaml"
    link.symlink_to(target)
    assert_refused(
        cli, edit.args(folder if by_folder else link, tmp_path), "is a symbolic link", str(target)
    )
    assert link.is_symlink() and target.read_text("utf-8") == edit.dossier


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_a_link_to_a_folder_is_followed_to_edit_the_file_in_it(
    cli: Cli, tmp_path: Path, edit: Edit
) -> None:
    """Only the dossier file itself must not be a link: a linked folder holds the real file."""
    dossier = prepared(edit, tmp_path / "real")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    result = cli(edit.args(tmp_path / "linked" / "dossier.yaml", tmp_path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert not dossier.is_symlink() and dossier.read_text("utf-8") != edit.dossier


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        path.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_a_read_only_dossier_or_folder_is_refused_and_left_alone(
    cli: Cli, tmp_path: Path, edit: Edit, what: str
) -> None:
    dossier = prepared(edit, tmp_path / "dossier")
    before = listing(dossier.parent)
    with read_only(dossier if what == "file" else dossier.parent):
        assert_refused(cli, edit.args(dossier, tmp_path), "read-only", "chmod u+w")
    assert dossier.read_text("utf-8") == edit.dossier and listing(dossier.parent) == before


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.name)
def test_a_dossier_with_two_names_is_refused(cli: Cli, tmp_path: Path, edit: Edit) -> None:
    dossier = prepared(edit, tmp_path / "dossier")
    other = tmp_path / "other-name.yaml"
    os.link(dossier, other)
    assert_refused(cli, edit.args(dossier, tmp_path), "2 names (hard links)")
    assert other.read_text("utf-8") == dossier.read_text("utf-8") == edit.dossier


def test_a_read_only_dossier_is_still_checked_by_evidence_hash(cli: Cli, tmp_path: Path) -> None:
    """Only writing is refused: verifying a read-only dossier's hashes writes nothing."""
    dossier = prepared(EDITS[0], tmp_path)
    with read_only(dossier):
        result = cli(["evidence", "hash", str(dossier), "--check"])
    assert result.exit_code == 1 and "unhashed" in result.stdout, result.stderr


def test_import_into_a_new_file_in_a_read_only_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    dossier = prepared(EDITS[1], tmp_path / "dossier")
    output = tmp_path / "locked" / "merged.yaml"
    output.parent.mkdir()
    with read_only(output.parent):
        assert_refused(
            cli, [*EDITS[1].args(dossier, tmp_path), "--output", str(output)], "read-only"
        )
    assert not output.exists()


# --- whatever stops a write, nothing is left behind -------------------------------------------


class Stop(Exception):
    """A failure nobody foresaw, in the middle of a write."""


FAILURES: dict[str, Callable[[], BaseException]] = {
    "disk full": lambda: OSError(errno.ENOSPC, "No space left on device"),
    "interrupted": KeyboardInterrupt,
    "unforeseen": Stop,
}
# Before anything is written, with the data in the temporary file, and at the rename.
STEPS = ["fchmod", "fsync", "replace"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize(
    ("edit", "to_output"),
    [*((edit, False) for edit in EDITS), (EDITS[1], True)],
    ids=[*(edit.name for edit in EDITS), "import --output"],
)
def test_a_write_stopped_midway_leaves_no_temporary_file_and_no_partial_copy(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Edit,
    to_output: bool,
    failure: str,
    step: str,
) -> None:
    dossier = prepared(edit, tmp_path / "dossier")
    before = listing(dossier.parent)
    real = getattr(os, step)

    def fail(*args: object) -> object:
        if step == "replace" or args:  # the temporary file is open: stop here
            raise FAILURES[failure]()
        return real(*args)

    monkeypatch.setattr(os, step, fail)
    args = edit.args(dossier, tmp_path)
    if to_output:
        args += ["--output", str(dossier.parent / "merged.yaml")]
    result = cli(args)
    monkeypatch.undo()
    assert result.exit_code in (2, 4), result.stdout + result.stderr  # 4: Stop is a bug
    assert "Traceback" not in result.stderr
    assert dossier.read_text("utf-8") == edit.dossier
    assert listing(dossier.parent) == before, "a temporary file or partial copy was left"
    assert listing(tmp_path / "dossier") == before
