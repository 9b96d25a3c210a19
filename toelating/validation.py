"""pydantic validation errors as located problems: file, line, field path, what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from toelating.errors import InputError, Problem, ToelatingError
from toelating.source import Document, pointer_of

ModelT = TypeVar("ModelT", bound=BaseModel)
Message = Callable[[Any], str]


def plain_message(item: Any) -> str:
    """pydantic's message without its "Value error, " prefix, starting in lower case."""
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def problems_of(
    error: ValidationError, document: Document, message: Message = plain_message
) -> list[Problem]:
    """One Problem per error, at the position of the field (or its nearest ancestor)."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        problems.append(document.problem(pointer_of(item["loc"]), message(item)))
    return problems


def validated(
    model: type[ModelT], document: Document, error_class: type[ToelatingError] = InputError
) -> ModelT:
    """The document as the model, or error_class listing every problem at once."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise error_class(problems_of(error, document)) from None
