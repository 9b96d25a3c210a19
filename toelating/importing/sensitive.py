"""Citizen service numbers (BSN) and bank account numbers (IBAN): recognised by a column's
header and by the shape of its values, so they are never copied into a dossier.

Payroll exports carry both, and a dossier is shown to the inspectorate, kept in folders and
sent around: the admission rules need neither. A BSN is nine digits that pass the
"elfproef" (sometimes written with dots, 1234.56.782); an IBAN is a country code, two check
digits and the account, whose check digits make the whole number 1 modulo 97.
"""

from __future__ import annotations

import re
from enum import StrEnum

from toelating.importing.columns import normalise


class Sensitive(StrEnum):
    BSN = "BSN"
    IBAN = "IBAN"


# Normalised headers (letters and digits only) that name a BSN or a bank account.
_HEADER_WORDS: dict[Sensitive, tuple[str, ...]] = {
    Sensitive.BSN: (
        "bsn",
        "burgerservicenummer",
        "sofinummer",
        "sofinr",
        "citizenservicenumber",
        "socialsecuritynumber",
    ),
    Sensitive.IBAN: (
        "iban",
        "bankrekening",
        "rekeningnummer",
        "rekeningnr",
        "bankaccount",
        "accountnumber",
    ),
}
_EXACT_HEADERS = {"ssn": Sensitive.BSN, "sofi": Sensitive.BSN}
_BSN = re.compile(r"[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3}")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def sensitive_header(header: str) -> Sensitive | None:
    """What a header says its column holds: a BSN, an IBAN, or neither."""
    key = normalise(header)
    if key in _EXACT_HEADERS:
        return _EXACT_HEADERS[key]
    for kind, words in _HEADER_WORDS.items():
        # at either end only: "BSN-nummer" and "Nummer BSN", never "Jobsnummer"
        if any(key.startswith(word) or key.endswith(word) for word in words):
            return kind
    return None


def sensitive_value(cell: str) -> Sensitive | None:
    """What a cell looks like: a valid BSN, a valid IBAN, or neither."""
    text = cell.strip()
    if _BSN.fullmatch(text) and is_bsn(re.sub(r"[^0-9]", "", text)):
        return Sensitive.BSN
    compact = text.replace(" ", "").upper()
    if _IBAN.fullmatch(compact) and is_iban(compact):
        return Sensitive.IBAN
    return None


def is_bsn(digits: str) -> bool:
    """The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def is_iban(compact: str) -> bool:
    """ISO 13616: the country and check digits moved to the end, letters as 10..35, mod 97 is 1."""
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1
