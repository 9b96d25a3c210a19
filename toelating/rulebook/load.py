"""Find, validate and compile a rulebook folder; every problem is reported with file and path."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from toelating.cel.environment import RULE_VARIABLES
from toelating.cel.fast_scope import translate_all
from toelating.errors import Problem, RulebookError, Text
from toelating.rulebook.cache import cache_folder, cached
from toelating.rulebook.compile import CompiledRule, RuleCompileError, check_text, compile_rule
from toelating.rulebook.model import (
    Override,
    OverridesFile,
    Parameter,
    ParameterFile,
    Rule,
    RulebookManifest,
    rule_id_from_file_name,
)
from toelating.rulebook.provenance import RulebookOrigin, overlay_record
from toelating.rulebook.validate import static_problems, text_problems
from toelating.source import Document, load_document, pointer_of
from toelating.validation import problems_of

ModelT = TypeVar("ModelT", bound=BaseModel)

MANIFEST_FILE = "rulebook.yaml"
PARAMETERS_FILE = "parameters.yaml"
OVERRIDES_FILE = "overrides.yaml"
CASES_SUFFIX = ".cases.yaml"


@dataclass(frozen=True)
class Rulebook:
    """A validated, compiled rulebook: manifest, parameters and rules sorted by id."""

    folder: Path
    manifest: RulebookManifest
    parameters: ParameterFile
    rules: tuple[CompiledRule, ...]
    origin: RulebookOrigin = field(default_factory=RulebookOrigin)  # official, or what changed

    @property
    def version(self) -> str:
        return self.manifest.rulebook_version

    def rule(self, rule_id: str) -> CompiledRule:
        for compiled in self.rules:
            if compiled.id == rule_id:
                return compiled
        raise KeyError(rule_id)

    def parameter_on(self, name: str, day: dt.date) -> Any:
        if name not in self.parameters.parameters:
            raise LookupError(f"unknown parameter {name!r}")
        return self.parameters.parameters[name].value_on(day)

    def parameters_on(self, day: dt.date) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, parameter in self.parameters.parameters.items():
            try:
                values[name] = parameter.value_on(day)
            except LookupError:
                continue  # not in force yet: reading it is missing data
        return values

    @cached_property
    def content_sha256(self) -> str:
        """SHA-256 of what the rulebook says once overlays are applied (manifest, parameters,
        rules as canonical JSON): a report names exactly the rules it was checked against,
        whatever the files' comments or layout."""
        content = {
            "manifest": self.manifest.model_dump(mode="json", by_alias=True),
            "parameters": self.parameters.model_dump(mode="json", by_alias=True),
            "rules": [c.rule.model_dump(mode="json", by_alias=True) for c in self.rules],
        }
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @cached_property
    def variables(self) -> frozenset[str]:
        """The top-level CEL variables some rule reads."""
        return frozenset().union(*(compiled.variables for compiled in self.rules))


def default_rules_folder() -> Path:
    """The shipped rulebook: inside the wheel, or the repository's rules/ in a checkout."""
    packaged = Path(str(resources.files("toelating"))) / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


@cache
def load_default_rulebook() -> Rulebook:
    return load_rulebook(default_rules_folder())


def load_rulebook(folder: Path) -> Rulebook:
    """Load and validate every file of a rulebook folder; raise RulebookError with all problems.
    A folder loaded before, byte for byte the same, comes from the cache (rulebook/cache.py)."""
    if not folder.is_dir():
        raise RulebookError.say(str(folder), "rule_files.folder_not_found")
    return cached(folder, _load_and_translate)


def _load_and_translate(folder: Path) -> Rulebook:
    """The rulebook, its programs translated for the fast path when it is about to be cached
    (later runs read them from the cache; without a cache each is translated on first use)."""
    rulebook = _load_rulebook_files(folder)
    if cache_folder() is not None:
        translate_all(
            expression
            for compiled in rulebook.rules
            for expression in (
                compiled.applies_when,
                compiled.batch,
                compiled.any_evaluated,
                compiled.item,
                *compiled.facts.values(),
            )
        )
    return rulebook


def _load_rulebook_files(folder: Path) -> Rulebook:
    problems: list[Problem] = []
    manifest = _load_model(folder / MANIFEST_FILE, RulebookManifest, "rulebook", problems)
    parameters = _load_model(folder / PARAMETERS_FILE, ParameterFile, "parameters", problems)
    rules: list[CompiledRule] = []
    shared = manifest.define if manifest else {}
    problems.extend(shared_step_problems(folder / MANIFEST_FILE, shared))
    for path in rule_files(folder, problems):
        compiled = _load_rule(path, problems, shared)
        if compiled:
            rules.append(compiled)
    if manifest and parameters:
        problems.extend(_cross_check(folder, manifest, parameters, rules))
    if problems:
        raise RulebookError(problems)
    assert manifest is not None and parameters is not None
    return Rulebook(folder, manifest, parameters, tuple(sorted(rules, key=lambda r: r.id)))


def rule_files(folder: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every rule file below folder; a YAML file that is not one is reported, not skipped."""
    for path in sorted(folder.rglob("*.y*ml")):
        relative = path.relative_to(folder)
        if str(relative) in (MANIFEST_FILE, PARAMETERS_FILE, OVERRIDES_FILE) or path.name.endswith(
            CASES_SUFFIX
        ):
            continue
        if relative.parts[0].startswith(("_", ".")) or path.parent.name == "examples":
            continue
        if rule_id_from_file_name(path.name) is None:
            if path.name.startswith("example"):
                continue
            problems.append(Problem.of(str(path), "", Text.of("rule_files.not_rule_file_name")))
            continue
        yield path


def json_compatible(value: Any) -> Any:
    """YAML data as JSON would have it, so JSON Schema sees strings for dates."""
    if isinstance(value, dict):
        return {k: json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_compatible(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def shared_step_problems(manifest: Path, shared: Mapping[str, str]) -> Iterator[Problem]:
    """Each of the rulebook's steps compiles on its own, reading only the rule variables and
    the steps before it, and reads only fields the dossier format has."""

    names: list[str] = list(RULE_VARIABLES)
    for name, text in shared.items():
        pointer = f"/define/{name}"
        try:
            check_text(pointer, text, tuple(names))
        except RuleCompileError as error:
            yield Problem(str(manifest), pointer, str(error))
        yield from text_problems(str(manifest), pointer, text, "rulebook")
        names.append(name)


def _load_rule(
    path: Path, problems: list[Problem], shared: Mapping[str, str]
) -> CompiledRule | None:
    rule = _load_model(path, Rule, "rule", problems)
    if rule is None:
        return None
    expected_id = rule_id_from_file_name(path.name)
    if rule.id != expected_id:
        mismatch = Text.of("rule_files.id_mismatch", rule=rule.id)
        problems.append(Problem.of(str(path), "/id", mismatch))
    try:
        return compile_rule(rule, path, shared)
    except RuleCompileError as error:
        pointer = f"/{error.field_path}"
        if error.text is not None:  # says which rule itself, in the user's language
            problems.append(Problem.of(str(path), pointer, error.text))
        else:
            problems.append(Problem(str(path), pointer, f"{rule.id}: {error}"))
        return None


def _load_model(
    path: Path, model: type[ModelT], schema_name: str, problems: list[Problem]
) -> ModelT | None:
    from toelating.errors import ToelatingError

    try:
        document = load_document(path)
    except ToelatingError as error:
        problems.extend(error.problems)
        return None
    broken = list(schema_problems(document, schema_name))
    if broken:
        problems.extend(broken)
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(problems_of(error, document))
        return None


def schema_problems(document: Document, schema_name: str) -> Iterator[Problem]:
    """Every way the document breaks the shipped schema, each at its place."""
    validator = _validator(schema_name)
    errors = sorted(
        validator.iter_errors(json_compatible(document.data)),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    for error in errors:
        pointer = pointer_of(error.absolute_path)
        said = _schema_message(error)
        if isinstance(said, str):
            yield document.problem(pointer, said)
        else:
            position = document.position_of(pointer)
            line, column = position if position else (None, None)
            yield Problem.of(document.file, pointer, said, line, column)


def _schema_message(error: Any) -> str | Text:
    """What is wrong, from the catalogue where we say it ourselves; jsonschema's own words
    for the rest (a type, a pattern, an enum: they quote the rule file's values)."""
    if error.validator in ("oneOf", "anyOf"):  # its own message prints the whole value
        from jsonschema.exceptions import best_match

        closest = best_match(error.context) if error.context else None
        return _schema_message(closest) if closest else Text.of("rule_files.no_allowed_form")
    if error.validator == "additionalProperties":
        names = str(error.message).split("(")[-1].rstrip(")")
        return Text.of("rule_files.unknown_field", names=names)
    if error.validator == "required":
        name = str(error.message).replace(" is a required property", "")
        return Text.of("rule_files.required", name=name)
    return str(error.message)


@cache
def _validator(schema_name: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(packaged_schema(schema_name))


@cache
def packaged_schema(name: str) -> dict[str, Any]:
    from toelating.schema import shipped

    return shipped(name)


def _cross_check(
    folder: Path, manifest: RulebookManifest, parameters: ParameterFile, rules: list[CompiledRule]
) -> Iterator[Problem]:
    yield from _rule_cross_check(manifest, parameters, rules)
    if not (folder / manifest.example_base).is_file():
        missing = Text.of("rule_files.example_base_missing")
        yield Problem.of(str(folder / MANIFEST_FILE), "/example_base", missing)


def _rule_cross_check(
    manifest: RulebookManifest, parameters: ParameterFile, rules: list[CompiledRule]
) -> Iterator[Problem]:
    """Unique ids, known themes, known parameters, and only fields the dossier format has (a
    misspelt field would otherwise be missing data on every dossier, blamed on the agency)."""

    yield from static_problems(rules, parameters.parameters)
    themes = {theme.id for theme in manifest.themes}
    seen: dict[str, CompiledRule] = {}
    for compiled in rules:
        rule = compiled.rule
        if rule.id in seen:
            twice = Text.of("rule_files.duplicate_id", rule=rule.id, other=seen[rule.id].source)
            yield Problem.of(str(compiled.source), "/id", twice)
        seen[rule.id] = compiled
        if rule.theme not in themes:
            theme = Text.of("rule_files.unknown_theme", rule=rule.id, theme=rule.theme)
            yield Problem.of(str(compiled.source), "/theme", theme)
        for name in sorted(rule.parameter_names()):
            if name not in parameters.parameters:
                unknown = Text.of("rule_files.unknown_parameter", rule=rule.id, name=name)
                yield Problem.of(str(compiled.source), "/parameters", unknown)


def is_complete_rulebook(folder: Path) -> bool:
    return (folder / MANIFEST_FILE).is_file()


def load_rules(folders: list[Path]) -> Rulebook:
    """The shipped rulebook with each overlay folder on top; a first folder that holds its own
    rulebook.yaml replaces the shipped rulebook instead."""
    layers = list(folders)
    base = layers.pop(0) if layers and is_complete_rulebook(layers[0]) else default_rules_folder()
    rulebook = load_rulebook(base)
    if base.resolve() != default_rules_folder().resolve():  # reports say so
        rulebook = replace(rulebook, origin=RulebookOrigin(replaced_by=str(base)))
    for overlay in layers:
        rulebook = apply_overlay(rulebook, overlay)
    return rulebook


def apply_overlay(rulebook: Rulebook, overlay: Path) -> Rulebook:
    """Add or replace rules, parameters and severities from a certifier's overlay folder."""
    if not overlay.is_dir():
        raise RulebookError.say(str(overlay), "rule_files.folder_not_found")
    problems: list[Problem] = []
    parameters = rulebook.parameters
    extra_parameters: dict[str, Parameter] = {}
    if (overlay / PARAMETERS_FILE).is_file():
        extra = _load_model(overlay / PARAMETERS_FILE, ParameterFile, "parameters", problems)
        if extra:
            extra_parameters = extra.parameters
            merged = {**parameters.parameters, **extra.parameters}
            parameters = parameters.model_copy(update={"parameters": merged})
    shared = rulebook.manifest.define
    loaded = (_load_rule(path, problems, shared) for path in rule_files(overlay, problems))
    added = [compiled for compiled in loaded if compiled]
    problems.extend(_rule_cross_check(rulebook.manifest, parameters, added))
    rules = {compiled.id: compiled for compiled in rulebook.rules}
    rules.update({compiled.id: compiled for compiled in added})
    applied: list[Override] = []
    if (overlay / OVERRIDES_FILE).is_file():
        overrides = _load_model(overlay / OVERRIDES_FILE, OverridesFile, "overrides", problems)
        applied = overrides.overrides if overrides else []
        for index, override in enumerate(applied):
            if override.rule not in rules:
                pointer = f"/overrides/{index}/rule"
                unknown = Text.of("rule_files.no_rule", rule=override.rule)
                problems.append(Problem.of(str(overlay / OVERRIDES_FILE), pointer, unknown))
            elif override.disable:
                del rules[override.rule]
            else:
                compiled = rules[override.rule]
                changed = compiled.rule.model_copy(update={"severity": override.severity})
                rules[override.rule] = replace(compiled, rule=changed)
    if problems:
        raise RulebookError(problems)
    manifest = rulebook.manifest.model_copy(
        update={"rulebook_version": f"{rulebook.version}+{overlay.name}"}
    )
    ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
    record = overlay_record(
        overlay,
        {compiled.id: compiled.rule for compiled in rulebook.rules},
        rulebook.parameters.parameters,
        [compiled.rule for compiled in added],
        extra_parameters,
        applied,
    )
    origin = rulebook.origin.with_overlay(record)
    return Rulebook(rulebook.folder, manifest, parameters, ordered, origin)
