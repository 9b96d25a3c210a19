"""How much a dossier holds, counted for the report's "what was checked" summary."""

from __future__ import annotations

from toelating.dossier.model import Dossier

# The kinds of item a report counts, in the order it shows them.
CONTENT_KINDS = (
    "workers",
    "payslips",
    "hirers",
    "placements",
    "locations",
    "evidence",
)


def count_contents(dossier: Dossier) -> dict[str, int]:
    """Number of workers, payslips, hirers, placements, housing locations and evidence files."""
    workers = dossier.workers or []
    hirers = dossier.hirers or []
    locations = dossier.housing.locations if dossier.housing else None
    return {
        "workers": len(workers),
        "payslips": sum(len(worker.payslips or []) for worker in workers),
        "hirers": len(hirers),
        "placements": sum(len(hirer.placements or []) for hirer in hirers),
        "locations": len(locations or []),
        "evidence": len(dossier.evidence or []),
    }
