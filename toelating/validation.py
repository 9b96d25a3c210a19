"""pydantic validation errors as located problems: file, line, field path, what is wrong and
how to fix it, in the command's language (toelating.hints), never pydantic's own words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from toelating.errors import InputError, Problem, ToelatingError
from toelating.hints import validation_text
from toelating.source import Document, pointer_of

ModelT = TypeVar("ModelT", bound=BaseModel)
Message = Callable[[Any], str]

# Hints whose English words the caller's own message says as well or better (the dossier
# model's checks name what they found): English keeps those; other languages get the hint.
_CALLERS_ENGLISH = frozenset(
    {
        "hints.missing",
        "hints.unknown_key",
        "hints.date",
        "hints.date_does_not_exist",
        "hints.number",
        "hints.decimal_places",
        "hints.true_false",
        "hints.whole_number",
        "hints.yes_no",
        "hints.dossier_version",
    }
)


def plain_message(item: Any) -> str:
    """pydantic's message without its "Value error, " prefix, starting in lower case."""
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def problems_of(
    error: ValidationError,
    document: Document,
    message: Message = plain_message,
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """One Problem per error, at the position of the field (or its nearest ancestor). model
    is what was validated: its field names give "did you mean" for a misspelt key."""
    problems = []
    for item in error.errors(include_url=False):
        pointer = pointer_of(item["loc"])
        text = validation_text(item, document.data, document.text, model or BaseModel)
        if text.key in _CALLERS_ENGLISH:
            text = text.with_english(message(item))
        position = document.position_of(pointer)
        line, column = position if position else (None, None)
        problems.append(Problem.of(document.file, pointer, text, line, column))
    return problems


def validated(
    model: type[ModelT], document: Document, error_class: type[ToelatingError] = InputError
) -> ModelT:
    """The document as the model, or error_class listing every problem at once."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise error_class(problems_of(error, document, model=model)) from None
