"""Who issues a report: --inspector and --organisation, else the user's config file.

The config file is TOML, `config.toml` in the user's config folder (Linux
~/.config/toelating, macOS ~/Library/Application Support/toelating, Windows
%APPDATA%\\toelating; the command line finds the folder), or the file
TOELATING_CONFIG names:

    [inspector]
    name = "Ingrid de Jong"
    organisation = "Keurmerk Toetsing B.V."

The inspector is a person who checks many agencies' dossiers, so the setting lives with
the user, not in any dossier's folder.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Any

from toelating.errors import InputError, Text
from toelating.report import Issue, Issuer
from toelating.targets import display

CONFIG_VARIABLE = "TOELATING_CONFIG"
CONFIG_FILE = "config.toml"


def config_path(config_folder: Path) -> Path:
    """TOELATING_CONFIG when set, else config.toml in the user's config folder."""
    named = os.environ.get(CONFIG_VARIABLE)
    return Path(named) if named else config_folder / CONFIG_FILE


def load_issuer(path: Path) -> Issuer:
    """The [inspector] table of the config file; no file is no issuer. A file that is not
    TOML, or names anything but text, is refused with its place (exit 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if os.environ.get(CONFIG_VARIABLE):  # named on purpose: its absence is a mistake
            raise InputError.single(display(path), Text.of("issuing.not_found")) from None
        return Issuer()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError.single(
            display(path), Text.of("issuing.unreadable", reason=reason)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError.single(
            display(path), Text.of("issuing.not_toml", reason=str(error))
        ) from None
    return _issuer(data.get("inspector", {}), path)


def _issuer(table: Any, path: Path) -> Issuer:
    if not isinstance(table, dict):
        raise InputError.single(display(path), Text.of("issuing.not_a_table"), path="/inspector")
    values: dict[str, str | None] = {}
    for key in ("name", "organisation"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            pointer = f"/inspector/{key}"
            raise InputError.single(display(path), Text.of("issuing.not_text"), path=pointer)
        values[key] = value.strip() if isinstance(value, str) else None
    return Issuer(values["name"], values["organisation"])


def build_issue(
    configured: Issuer,
    inspector: str | None,
    organisation: str | None,
    draft: bool,
    today: dt.date | None = None,
) -> Issue:
    """The options first, the config file for what they leave out; issued today."""
    issuer = Issuer(
        (inspector or "").strip() or configured.inspector,
        (organisation or "").strip() or configured.organisation,
    )
    return Issue(issuer, today or dt.date.today(), draft)
