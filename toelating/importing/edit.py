"""A YAML dossier opened for editing: comments, key order, quotes, BOM and line endings kept."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from toelating.errors import InputError
from toelating.source import round_trip_yaml


@dataclass
class EditableYaml:
    """ruamel's round-trip data of one file, and how to write it back the same way."""

    yaml: Any
    data: Any
    crlf: bool
    bom: bool

    @classmethod
    def of(cls, raw: bytes, label: str) -> EditableYaml:
        """Open bytes already validated as a dossier (so safe: no tags, no aliases)."""
        from ruamel.yaml.error import YAMLError

        text = raw.decode("utf-8-sig")
        try:
            yaml, data = round_trip_yaml(text)
        except (YAMLError, ValueError) as error:
            # The round-trip loader builds dates, so 2027-02-30 under extensions fails here.
            raise InputError.single(label, f"cannot be edited: {error}") from None
        yaml.Representer = _representer()
        return cls(yaml, data, "\r\n" in text, raw.startswith(codecs.BOM_UTF8))

    def dump(self) -> str:
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        return stream.getvalue()

    def encode(self, text: str) -> bytes:
        """The text as the original file was written: its line endings, its BOM."""
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


@cache
def _representer() -> type:
    """ruamel's round-trip representer, plus exact decimals (118.50 stays 118.50)."""
    from ruamel.yaml.representer import RoundTripRepresenter

    class DecimalRepresenter(RoundTripRepresenter):
        pass

    def represent_decimal(representer: Any, value: Decimal) -> Any:
        text = format(value, "f")
        tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
        return representer.represent_scalar(tag, text)

    # On a subclass, so ruamel's own representer (used elsewhere) is left alone.
    DecimalRepresenter.add_representer(Decimal, represent_decimal)
    return DecimalRepresenter
