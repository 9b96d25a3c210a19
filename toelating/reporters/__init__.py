"""Output formats: one module each behind the Reporter protocol, registered in toelating.formats."""

from __future__ import annotations

from importlib import import_module

from toelating.formats import EXTENSIONS, REGISTRY, format_names
from toelating.reporters.base import RenderOptions, Reporter


def reporter(name: str) -> Reporter:
    module_name, class_name = REGISTRY[name].split(":")
    cls = getattr(import_module(module_name), class_name)
    instance: Reporter = cls()
    return instance


__all__ = ["EXTENSIONS", "REGISTRY", "RenderOptions", "Reporter", "format_names", "reporter"]
