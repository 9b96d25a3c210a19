"""The item a JSON pointer names, in words a person recognises (worker, hirer, location, ...).

Reports show this beside the pointer, which stays for tools: "worker W-004 (Piotr Nowak), pay
period 2-8 November 2026" says more to an office worker than `/workers/3/payslips/0`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel

from toelating.dossier.model import Dossier
from toelating.i18n import format_date, format_period
from toelating.text import Language


class ItemName(NamedTuple):
    """The same words in Dutch and English."""

    nl: str
    en: str


Namer = Callable[[Any], ItemName]  # the item -> its name


def _named(text: str | None, detail: str | None = None) -> str:
    """`text (detail)`, leaving out what is not there."""
    parts = [part for part in (text, f"({detail})" if detail else None) if part]
    return " ".join(parts)


def _dates(value: Any) -> ItemName:
    """A date in words in both languages (`15 mei 2027`), "?" when the dossier has none."""
    if value is None:
        return ItemName("?", "?")
    return ItemName(format_date(value, Language.NL), format_date(value, Language.EN))


def _period(start: Any, end: Any) -> ItemName:
    """`30 juni - 6 juli 2026` (an en dash); each end by itself when the other is missing."""
    if start is None or end is None:
        first, last = _dates(start), _dates(end)
        return ItemName(f"{first.nl} \u2013 {last.nl}", f"{first.en} \u2013 {last.en}")
    return ItemName(format_period(start, end, Language.NL), format_period(start, end, Language.EN))


def _worker(worker: Any) -> ItemName:
    who = _named(worker.id, worker.name)
    return ItemName(f"werknemer {who}", f"worker {who}")


def _payslip(payslip: Any) -> ItemName:
    period = _period(payslip.period_start, payslip.period_end)
    return ItemName(f"loonperiode {period.nl}", f"pay period {period.en}")


def _hirer(hirer: Any) -> ItemName:
    return ItemName(f"inlener {hirer.name}", f"hirer {hirer.name}")


def _placement(placement: Any) -> ItemName:
    start = _dates(placement.start)
    return ItemName(
        f"plaatsing van {placement.worker} vanaf {start.nl}",
        f"placement of {placement.worker} from {start.en}",
    )


def _location(location: Any) -> ItemName:
    where = _named(location.id, location.address)
    return ItemName(f"locatie {where}", f"location {where}")


def _vog(vog: Any) -> ItemName:
    kind = vog.kind.value.upper() if vog.kind else ""
    issued = _dates(vog.issued_on)
    return ItemName(f"VOG-{kind} van {issued.nl}", f"VOG-{kind} of {issued.en}")


def _fine(fine: Any) -> ItemName:
    reference = _named(fine.reference, fine.authority.value if fine.authority else None)
    return ItemName(f"boete {reference}", f"fine {reference}")


def _payment(payment: Any) -> ItemName:
    paid = _dates(payment.paid_on)
    return ItemName(f"betaling van {paid.nl}", f"payment of {paid.en}")


def _nonconformity(item: Any) -> ItemName:
    return ItemName(f"non-conformiteit {item.id}", f"nonconformity {item.id}")


def _director(director: Any) -> ItemName:
    return ItemName(f"bestuurder {director.name}", f"director {director.name}")


def _supplier(supplier: Any) -> ItemName:
    return ItemName(f"uitlener {supplier.name}", f"lender {supplier.name}")


def _accident(accident: Any) -> ItemName:
    when = _dates(accident.date)
    return ItemName(
        f"ongeval van {when.nl} ({accident.worker})", f"accident of {when.en} ({accident.worker})"
    )


def _bedroom(position: int) -> ItemName:
    return ItemName(f"slaapkamer {position + 1}", f"bedroom {position + 1}")


def _evidence(evidence: Any) -> ItemName:
    what = _named(evidence.id, evidence.file)
    return ItemName(f"bewijsstuk {what}", f"evidence {what}")


# The lists whose items have a name, by the pointer pattern of the list (items as *).
NAMERS: dict[str, Namer] = {
    "/workers": _worker,
    "/workers/*/payslips": _payslip,
    "/hirers": _hirer,
    "/hirers/*/placements": _placement,
    "/housing/locations": _location,
    "/vog": _vog,
    "/fines": _fine,
    "/deposit/payments": _payment,
    "/inspection/nonconformities": _nonconformity,
    "/directors": _director,
    "/suppliers": _supplier,
    "/accidents": _accident,
    "/evidence": _evidence,
}


def item_name(dossier: Dossier, pointer: str) -> ItemName | None:
    """Every named item on the way to `pointer`, outermost first; None when there is none
    (a field of the agency, the deposit as a whole) or the pointer leads nowhere."""
    names: list[ItemName] = []
    node: Any = dossier
    pattern = ""
    for token in pointer.strip("/").split("/") if pointer.strip("/") else []:
        if isinstance(node, list | tuple):
            if not token.isdigit() or int(token) >= len(node):
                break
            node = node[int(token)]
            namer = NAMERS.get(pattern)
            if namer is not None:
                names.append(namer(node))
            elif pattern == "/housing/locations/*/bedrooms":  # bedrooms have no id: a number
                names.append(_bedroom(int(token)))
            pattern += "/*"
        elif isinstance(node, BaseModel) and token in type(node).model_fields:
            node = getattr(node, token)
            pattern += f"/{token}"
        else:
            break
    if not names:
        return None
    return ItemName(", ".join(n.nl for n in names), ", ".join(n.en for n in names))
