"""The cache of loaded rulebooks: the same rulebook as a fresh load, never stale, never foreign."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from toelating.dossier.load import DOSSIER_FILE_NAMES, load_dossier
from toelating.engine import check
from toelating.errors import RulebookError
from toelating.rulebook import cache
from toelating.rulebook.load import (
    Rulebook,
    _load_rulebook_files,
    default_rules_folder,
    load_rulebook,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = dt.date(2027, 5, 15)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TOELATING_CACHE", str(folder))
    return folder


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the shipped rulebook, to change."""
    return Path(shutil.copytree(default_rules_folder(), tmp_path / "rules"))


class CountingLoader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, folder: Path) -> Rulebook:
        self.calls += 1
        return _load_rulebook_files(folder)


def pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("rulebook-*.pickle"))


def test_a_cached_rulebook_checks_every_example_as_a_fresh_one(
    cache_folder: Path, rules: Path
) -> None:
    fresh = _load_rulebook_files(rules)
    load_rulebook(rules)  # stored
    loader = CountingLoader()
    again = cache.cached(rules, loader)
    assert loader.calls == 0, "the second load comes from the cache"
    assert again is not fresh and [c.id for c in again.rules] == [c.id for c in fresh.rules]
    for example in sorted(EXAMPLES.iterdir()):
        if not any((example / name).is_file() for name in DOSSIER_FILE_NAMES):
            continue
        dossier = load_dossier(example).dossier
        assert check(dossier, again, DAY) == check(dossier, fresh, DAY), example.name


def test_any_changed_byte_of_the_folder_is_another_rulebook(
    cache_folder: Path, rules: Path
) -> None:
    load_rulebook(rules)
    rule = next(rules.rglob("VOG-01.yaml"))
    rule.write_text(
        rule.read_text("utf-8").replace("severity: blocking", "severity: major"), "utf-8"
    )
    loader = CountingLoader()
    changed = cache.cached(rules, loader)
    assert loader.calls == 1
    assert changed.rule("VOG-01").rule.severity.value == "major"
    assert len(pickles(cache_folder)) == 2


@pytest.mark.parametrize("damage", ["truncated", "other-key", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_and_replaced(
    cache_folder: Path, rules: Path, damage: str
) -> None:
    load_rulebook(rules)
    [stored] = pickles(cache_folder)
    content = stored.read_bytes()
    head = len(cache.FORMAT) + 32
    stored.write_bytes(
        {
            "truncated": content[: len(content) // 2],
            "other-key": content[: len(cache.FORMAT)] + bytes(32) + content[head:],
            "garbage": content[:head] + b"\x80\x05not a pickle",
            "empty": b"",
        }[damage]
    )
    loader = CountingLoader()
    assert [c.id for c in cache.cached(rules, loader).rules]
    assert loader.calls == 1
    assert stored.read_bytes() != b"" and cache.cached(rules, CountingLoader()).rules


def test_a_cache_file_others_may_write_is_never_read(cache_folder: Path, rules: Path) -> None:
    load_rulebook(rules)
    [stored] = pickles(cache_folder)
    os.chmod(stored, 0o666)
    loader = CountingLoader()
    cache.cached(rules, loader)
    assert loader.calls == 1


def test_an_unwritable_cache_folder_means_no_cache_and_no_error(
    tmp_path: Path, rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("TOELATING_CACHE", str(blocker / "cache"))
    loader = CountingLoader()
    for _ in range(2):
        assert cache.cached(rules, loader).rules
    assert loader.calls == 2


def test_the_cache_can_be_turned_off(
    tmp_path: Path, rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOELATING_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rulebook(rules)
    assert cache.cache_folder() is None and not (tmp_path / "xdg").exists()


def test_a_broken_rulebook_is_refused_every_time_never_cached(
    cache_folder: Path, rules: Path
) -> None:
    (rules / "parameters.yaml").write_text("parameters: [", "utf-8")
    for _ in range(2):
        with pytest.raises(RulebookError):
            load_rulebook(rules)
    assert pickles(cache_folder) == []


def test_old_rulebooks_are_pruned(cache_folder: Path, rules: Path) -> None:
    manifest = rules / "rulebook.yaml"
    text = manifest.read_text("utf-8")
    for number in range(cache.KEPT_FILES + 3):
        manifest.write_text(f"{text}\n# edit {number}\n", "utf-8")
        load_rulebook(rules)
    assert len(pickles(cache_folder)) == cache.KEPT_FILES
