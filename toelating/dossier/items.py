"""The item a JSON pointer names, in words a person recognises (worker, hirer, location, ...).

Reports show this beside the pointer, which stays for tools: "worker W-004 (Piotr Nowak), pay
period 2026-11-02..2026-11-08" says more to an office worker than `/workers/3/payslips/0`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel

from toelating.dossier.model import Dossier


class ItemName(NamedTuple):
    """The same words in Dutch and English."""

    nl: str
    en: str


Namer = Callable[[Any], ItemName]  # the item -> its name


def _named(text: str | None, detail: str | None = None) -> str:
    """`text (detail)`, leaving out what is not there."""
    parts = [part for part in (text, f"({detail})" if detail else None) if part]
    return " ".join(parts)


def _date(value: Any) -> str:
    return value.isoformat() if value is not None else "?"


def _worker(worker: Any) -> ItemName:
    who = _named(worker.id, worker.name)
    return ItemName(f"werknemer {who}", f"worker {who}")


def _payslip(payslip: Any) -> ItemName:
    period = f"{_date(payslip.period_start)}..{_date(payslip.period_end)}"
    return ItemName(f"loonperiode {period}", f"pay period {period}")


def _hirer(hirer: Any) -> ItemName:
    return ItemName(f"inlener {hirer.name}", f"hirer {hirer.name}")


def _placement(placement: Any) -> ItemName:
    start = _date(placement.start)
    return ItemName(
        f"plaatsing van {placement.worker} vanaf {start}",
        f"placement of {placement.worker} from {start}",
    )


def _location(location: Any) -> ItemName:
    where = _named(location.id, location.address)
    return ItemName(f"locatie {where}", f"location {where}")


def _vog(vog: Any) -> ItemName:
    kind = vog.kind.value.upper() if vog.kind else ""
    issued = _date(vog.issued_on)
    return ItemName(f"VOG-{kind} van {issued}", f"VOG-{kind} of {issued}")


def _fine(fine: Any) -> ItemName:
    reference = _named(fine.reference, fine.authority.value if fine.authority else None)
    return ItemName(f"boete {reference}", f"fine {reference}")


def _payment(payment: Any) -> ItemName:
    paid = _date(payment.paid_on)
    return ItemName(f"betaling van {paid}", f"payment of {paid}")


def _nonconformity(item: Any) -> ItemName:
    return ItemName(f"non-conformiteit {item.id}", f"nonconformity {item.id}")


def _director(director: Any) -> ItemName:
    return ItemName(f"bestuurder {director.name}", f"director {director.name}")


def _supplier(supplier: Any) -> ItemName:
    return ItemName(f"uitlener {supplier.name}", f"lender {supplier.name}")


def _accident(accident: Any) -> ItemName:
    when = _date(accident.date)
    return ItemName(
        f"ongeval van {when} ({accident.worker})", f"accident of {when} ({accident.worker})"
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
