"""Synthetic dossiers of realistic size for benchmarks and load tests (deterministic per seed)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

FIRST_NAMES = [
    "Łukasz",
    "Małgorzata",
    "Ștefan",
    "Ioana",
    "Георги",
    "Йорданка",
    "Tomáš",
    "Erzsébet",
    "Ana",
    "Grzegorz",
]
LAST_NAMES = [
    "Wójcik",
    "Wiśniewska",
    "Țurcanu",
    "Bălănescu",
    "Димитров",
    "Петрова",
    "Dvořák",
    "Kőszegi",
    "Popescu",
    "Żółkiewski",
]
LANGUAGES = ["pl", "ro", "bg", "cs", "hu"]
NATIONALITY = {"pl": "PL", "ro": "RO", "bg": "BG", "cs": "CZ", "hu": "HU"}


def synthetic_dossier(
    seed: int = 0, workers: int = 50, hirers: int = 10, locations: int = 5, payslips: int = 200
) -> dict[str, Any]:
    """A compliant-looking dossier as plain JSON data (amounts as numbers, never text):
    `workers` workers spread over `hirers` hirers and `locations` housing locations,
    `payslips` payslips in all."""
    rng = random.Random(seed)
    kvk = f"{10000000 + seed % 89999999:08d}"
    worker_list = [_worker(rng, index, locations) for index in range(workers)]
    for index in range(payslips):
        worker_list[index % workers]["payslips"].append(_payslip(index // workers))
    return {
        "dossier_version": 2,
        "purpose": "application",
        "application_date": "2027-05-12",
        "agency": {
            "name": f"Synthetisch Uitzendbureau {seed} B.V.",
            "kvk_number": kvk,
            "legal_form": "bv",
            "seat_country": "NL",
            "registered_as_lender": True,
            "registered_as_lender_since": "2023-06-01",
            "founded_on": "2015-03-01",
            "starter": False,
            "lending_scope": "standard",
            "cao": "abu",
            "nau": {"status": "applied", "since": "2027-05-12"},
        },
        "directors": [{"name": "Łukasz Wójcik", "since": "2019-01-01", "resident_country": "NL"}],
        "vog": [{"kind": "rp", "subject": kvk, "issued_on": "2027-03-01"}],
        "deposit": {
            "payee": "NAU",
            "payments": [{"amount_eur": 100000, "paid_on": "2027-04-20"}],
        },
        "fines": [],
        "tax": {"payment_behaviour_statement": {"issued_on": "2027-04-02", "arrears": False}},
        "inspection": {
            "body": "Voorbeeld Inspecties B.V.",
            "body_appointed_by_nau": True,
            "date": "2027-03-15",
            "result": "conform",
        },
        "hirers": [_hirer(index, hirers, workers) for index in range(hirers)],
        "housing": {
            "provided": True,
            "locations": [_location(index, workers, locations) for index in range(locations)],
        },
        "workers": worker_list,
    }


def _worker(rng: random.Random, index: int, locations: int) -> dict[str, Any]:
    language = LANGUAGES[index % len(LANGUAGES)]
    return {
        "id": f"W-{index:04d}",
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "languages": [language, "en"],
        "nationality": NATIONALITY[language],
        "identity_checked_on": "2026-01-28",
        "birth_date": (dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))).isoformat(),
        "employment": {"start": "2026-02-01"},
        "housing": {
            "location": f"LOC-{index % locations}",
            "housing_required_by_employment": False,
            "rental_agreement": {
                "written": True,
                "separate_from_employment_contract": True,
                "signed_on": "2026-01-28",
                "information_language": language,
                "rent_eur": 110,
                "rent_period": "week",
                "deposit_eur": 220,
            },
            "deduction_authorisation": {"signed_on": "2026-01-28"},
        },
        "payslips": [],
    }


def _payslip(week: int) -> dict[str, Any]:
    # Weeks of 2026: the minimum wage from 2027-01-01 is not in the rulebook yet.
    start = dt.date(2026, 2, 2) + dt.timedelta(weeks=week % 47)
    return {
        "period_start": start.isoformat(),
        "period_end": (start + dt.timedelta(days=6)).isoformat(),
        "hours_paid": 40,
        "housing_deduction_eur": 110,
        "deduction_on_payslip": True,
    }


def _hirer(index: int, hirers: int, workers: int) -> dict[str, Any]:
    placements = [
        {
            "worker": f"W-{w:04d}",
            "start": "2026-02-01",
            "notified_to_hirer_on": "2026-01-25",
            "rie_description_received_on": "2026-01-20",
            "rie_description_given_on": "2026-01-30",
            "rie_description_language": LANGUAGES[w % len(LANGUAGES)],
        }
        for w in range(index, workers, hirers)
    ]
    return {
        "name": f"Inlener {index} B.V.",
        "kvk_number": f"{20000000 + index:08d}",
        "rie": {"written": True, "dated": "2025-02-01", "verified_on": "2026-01-05"},
        "placements": placements,
    }


def _location(index: int, workers: int, locations: int) -> dict[str, Any]:
    housed = len(range(index, workers, locations))
    return {
        "id": f"LOC-{index}",
        "address": f"Dorpsstraat {index + 1}, Naaldwijk",
        "scheme": "snf",
        "certificate_number": f"SNF-{100000 + index}",
        "registered": True,
        "last_inspection_on": "2027-01-10",
        "category": "wonen",
        "usable_floor_area_m2": housed * 13,
        "beds": housed,
        "occupants": housed,
        "toilets": housed // 8 + 1,
        "showers": housed // 8 + 1,
        "bedrooms": [{"area_m2": 8, "occupants": 2} for _ in range(housed // 2 + 1)],
    }
