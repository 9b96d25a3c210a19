"""Evidence is opened once, by a walk from the dossier folder that never lets the kernel
follow a link: what is hashed is what was checked, and a file swapped for a link, a FIFO
or a folder while the tool runs never leads it outside the folder or hangs it."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, write

from toelating.evidence import EvidenceStatus, evidence_digest, opened_folder

HEAD = "dossier_version: 2\nagency:\n  name: Test B.V.\n"
SCAN = b"the real scan"
SECRET = b"a secret outside the dossier folder"


def status(folder: Path, relative: str) -> str | EvidenceStatus:
    """The digest of relative, or its status, run in a thread: a hang fails, not blocks."""
    found: list[str | EvidenceStatus] = []

    def run() -> None:
        with opened_folder(folder) as root:
            found.append(evidence_digest(root, relative))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert found, f"reading {relative} hung"
    return found[0]


def _scan(path: Path) -> None:
    path.write_bytes(SCAN)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # the socket file stays after the socket is closed
    server.close()


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("making a device needs root")


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


OUTSIDE_ABSOLUTE = "/tmp/toelating-test-outside-secret"

# What stands at evidence/x.pdf (the folder also holds evidence/real.pdf and, beside the
# dossier folder, ../secret.txt), and the status it must get.
KINDS: list[tuple[str, Callable[[Path], None], str | EvidenceStatus]] = [
    ("a regular file", _scan, hashlib.sha256(SCAN).hexdigest()),
    ("a folder", lambda path: path.mkdir(), EvidenceStatus.NOT_A_FILE),
    ("a FIFO", _fifo, EvidenceStatus.NOT_A_FILE),
    ("a socket", _socket, EvidenceStatus.NOT_A_FILE),
    ("a device", _device, EvidenceStatus.NOT_A_FILE),
    ("a link to a file beside it", _link("real.pdf"), hashlib.sha256(SCAN).hexdigest()),
    ("a link up and back in", _link("../evidence/real.pdf"), hashlib.sha256(SCAN).hexdigest()),
    ("a link out", _link("../../secret.txt"), EvidenceStatus.OUTSIDE),
    ("an absolute link out", _link(OUTSIDE_ABSOLUTE), EvidenceStatus.OUTSIDE),
    ("a link to a link out", _link("out.pdf"), EvidenceStatus.OUTSIDE),
    ("a link that points nowhere", _link("gone.pdf"), EvidenceStatus.MISSING),
    ("a link to itself", _link("x.pdf"), EvidenceStatus.UNREADABLE),
    ("nothing", lambda path: None, EvidenceStatus.MISSING),
]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    write(tmp_path / "secret.txt", SECRET.decode())
    Path(OUTSIDE_ABSOLUTE).write_bytes(SECRET)
    dossier = tmp_path / "dossier"
    (dossier / "evidence").mkdir(parents=True)
    (dossier / "evidence" / "real.pdf").write_bytes(SCAN)
    (dossier / "evidence" / "out.pdf").symlink_to("../../secret.txt")
    yield dossier
    Path(OUTSIDE_ABSOLUTE).unlink(missing_ok=True)


@pytest.mark.parametrize(("kind", "make", "expected"), KINDS, ids=[kind for kind, *_ in KINDS])
def test_what_stands_at_the_path_gets_its_status(
    folder: Path, kind: str, make: Callable[[Path], None], expected: str
) -> None:
    make(folder / "evidence" / "x.pdf")
    assert status(folder, "evidence/x.pdf") == expected


def test_an_absolute_link_into_the_folder_is_followed_within_it(folder: Path) -> None:
    (folder / "evidence" / "x.pdf").symlink_to(folder / "evidence" / "real.pdf")
    assert status(folder, "evidence/x.pdf") == hashlib.sha256(SCAN).hexdigest()


@pytest.mark.parametrize(
    ("target", "expected"),
    [("../..", EvidenceStatus.OUTSIDE), ("/tmp", EvidenceStatus.OUTSIDE), (".", SCAN)],
)
def test_a_folder_on_the_way_that_is_a_link_is_walked_within_the_folder(
    folder: Path, target: str, expected: object
) -> None:
    (folder / "linked").symlink_to(target)
    write(folder / "real.pdf", SCAN.decode())
    found = status(folder, "linked/real.pdf")
    assert found == (hashlib.sha256(SCAN).hexdigest() if expected == SCAN else expected)


def test_only_names_inside_the_folder_are_opened(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "evidence" / "x.pdf").symlink_to("../../secret.txt")
    opened: list[tuple[str, int | None]] = []
    real_open = os.open

    def spy(name: Any, flags: int, *args: Any, dir_fd: int | None = None, **kwargs: Any) -> int:
        opened.append((str(name), dir_fd))
        return real_open(name, flags, *args, dir_fd=dir_fd, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    assert status(folder, "evidence/x.pdf") == EvidenceStatus.OUTSIDE
    assert [name for name, _ in opened[1:]] == ["evidence", "x.pdf"]  # after the folder
    assert all(dir_fd is not None for _, dir_fd in opened[1:])  # each from an open folder


# --- a file swapped while the tool runs ---------------------------------------------------------


def swapped(
    evidence: Path, replacement: Callable[[Path], None], at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replace the evidence file just before the at-th call that names it (stat, lstat, open),
    as another process could at any moment."""
    touches = 0

    def touch(path: Any) -> None:
        nonlocal touches
        if isinstance(path, str | Path) and str(path).endswith(evidence.name):
            touches += 1
            if touches == at:
                evidence.unlink()
                replacement(evidence)

    def spying(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            touch(path)
            return real(path, *args, **kwargs)

        return call

    for module, name in [(os, "stat"), (os, "lstat"), (os, "open"), (io, "open")]:
        monkeypatch.setattr(module, name, spying(getattr(module, name)))


@pytest.mark.parametrize("at", [1, 2, 3, 4, 5])
def test_a_file_swapped_for_a_link_out_is_never_hashed(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    evidence = folder / "evidence" / "x.pdf"
    evidence.write_bytes(SCAN)
    dossier = write(
        folder / "dossier.yaml", HEAD + "evidence:\n  - {id: x, file: evidence/x.pdf}\n"
    )
    swapped(evidence, lambda path: path.symlink_to("../../secret.txt"), at, monkeypatch)
    result = cli(["evidence", "hash", str(folder)])
    monkeypatch.undo()
    assert hashlib.sha256(SECRET).hexdigest() not in dossier.read_text("utf-8")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 0:  # opened before the swap: the real scan's hash
        assert hashlib.sha256(SCAN).hexdigest() in dossier.read_text("utf-8")
    else:
        assert "outside x evidence/x.pdf" in " ".join(result.stdout.split())


@pytest.mark.parametrize("at", [1, 2, 3, 4, 5])
def test_a_fifo_swapped_in_cannot_hang_the_run(
    folder: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    evidence = folder / "evidence" / "x.pdf"
    evidence.write_bytes(SCAN)
    swapped(evidence, _fifo, at, monkeypatch)
    try:
        found = status(folder, "evidence/x.pdf")
    finally:
        monkeypatch.undo()
        with contextlib.suppress(OSError):  # let a reader that did block go
            os.close(os.open(evidence, os.O_WRONLY | os.O_NONBLOCK))
    assert found in (hashlib.sha256(SCAN).hexdigest(), EvidenceStatus.NOT_A_FILE)
