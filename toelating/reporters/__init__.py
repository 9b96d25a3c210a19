"""Output formats, registered in one place; a format's module is imported only when used."""

from __future__ import annotations

from importlib import import_module

from toelating.reporters.base import RenderOptions, Reporter

# name -> "module:class"; modules load lazily so `toelating --help` never imports reportlab.
REGISTRY: dict[str, str] = {
    "json": "toelating.reporters.json_report:JsonReporter",
    "text": "toelating.reporters.text:TextReporter",
}

# File endings that choose a format when an output path names none explicitly.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".txt": "text",
}


def reporter(name: str) -> Reporter:
    module_name, class_name = REGISTRY[name].split(":")
    cls = getattr(import_module(module_name), class_name)
    instance: Reporter = cls()
    return instance


def format_names() -> list[str]:
    return sorted(REGISTRY)


__all__ = ["EXTENSIONS", "REGISTRY", "RenderOptions", "Reporter", "format_names", "reporter"]
