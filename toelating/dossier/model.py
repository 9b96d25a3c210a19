"""The dossier format, versions 1 and 2, as pydantic models (the executable form of dossier.md).

Almost every field is optional: an absent field is not a format error but data a rule
needs, which that rule reports as `missing_data`. Identity fields (ids and the
references between items) are required, because without them nothing can be checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

# Each field takes the JSON types its exported schema names and no other: pydantic's lax mode
# would read "yes" and 1 as true, "8" and 8.0 as 8, text as an amount, and 20270101 as seconds
# since 1970. A value of another type is refused with what was expected and what was found
# (its type, never the value: messages may not echo what a dossier holds).


def _kind(value: Any) -> str:
    """The JSON type of a value, in words."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, Decimal | float):
        return "a number with a decimal point or exponent"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of type {type(value).__name__}"


def _only(expected: str, *kinds: type) -> BeforeValidator:
    """Refuse a value of any type but kinds (a bool is not an int here)."""

    def check(value: Any) -> Any:
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ValueError(f"expected {expected}, not {_kind(value)}")
        return value

    return BeforeValidator(check)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: Any) -> dt.date:
    """A date written YYYY-MM-DD (or a date the import already made): no number of seconds,
    no date-time, no week date or other ISO 8601 form, as the schema's format "date"."""
    if type(value) is dt.date:
        return value
    expected = "expected a date as YYYY-MM-DD (e.g. 2027-01-15)"
    if not isinstance(value, str):
        raise ValueError(f"{expected}, not {_kind(value)}")
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{expected}; another form (a time, a week date, seconds) is not read")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{expected}: this date does not exist") from None


def _decimal(places: int) -> Callable[[Any], Decimal]:
    def exact(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ValueError(f"expected a number (e.g. 118.50), not {_kind(value)}")
        if isinstance(value, Decimal) and value.is_finite() and _places(value) > places:
            # never rounded: 99999.999999999999 is not 100000.00
            raise ValueError(
                f"expected at most {places} decimal places; this number has more, and is"
                " never rounded"
            )
        return Decimal(value)

    return exact


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _number_schema(maximum: int, places: int) -> WithJsonSchema:
    """A number in the JSON Schema (pydantic would also allow text), decimals as multipleOf."""
    return WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": maximum, "multipleOf": 10.0**-places}
    )


_MONEY_MAXIMUM, _MEASURE_MAXIMUM = 10**12, 10**9

Date = Annotated[dt.date, BeforeValidator(_date)]
Money = Annotated[
    Decimal,
    Field(ge=0, le=_MONEY_MAXIMUM),
    BeforeValidator(_decimal(2)),
    _number_schema(_MONEY_MAXIMUM, 2),
]
Measure = Annotated[
    Decimal,
    Field(ge=0, le=_MEASURE_MAXIMUM),
    BeforeValidator(_decimal(4)),
    _number_schema(_MEASURE_MAXIMUM, 4),
]
Count = Annotated[int, Field(ge=0, le=10_000_000), _only("a whole number (e.g. 8)", int)]
Flag = Annotated[bool, _only("true or false", bool)]
# The lengths keep "NL\n" out in every regex dialect ($ matches before a final newline in Python).
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", min_length=2, max_length=2)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", min_length=2, max_length=2)]
Identifier = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$", min_length=64, max_length=64)]
DossierVersion = Annotated[Literal[1, 2], _only("1 or 2, a whole number", int)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Purpose(StrEnum):
    REGISTRATION = "registration"
    APPLICATION = "application"
    PERIODIC = "periodic"
    SELF_CHECK = "self_check"


class LegalForm(StrEnum):
    BV = "bv"
    NV = "nv"
    COOPERATIE = "cooperatie"
    STICHTING = "stichting"
    VERENIGING = "vereniging"
    VOF = "vof"
    CV = "cv"
    MAATSCHAP = "maatschap"
    EENMANSZAAK = "eenmanszaak"
    FOREIGN = "foreign"


class LendingScope(StrEnum):
    STANDARD = "standard"
    INTRA_GROUP = "intra_group"
    COLLEGIAL = "collegial"
    EXEMPTED = "exempted"


class Cao(StrEnum):
    ABU = "abu"
    NBBU = "nbbu"
    OTHER = "other"
    NONE = "none"


class NauStatus(StrEnum):
    NONE = "none"
    REGISTERED_TRANSITIONAL = "registered_transitional"
    APPLIED = "applied"
    PROVISIONAL = "provisional"
    ADMITTED = "admitted"
    EXEMPTED = "exempted"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class Nau(_Model):
    status: NauStatus | None = None
    since: Date | None = None
    registration_number: Identifier | None = None


class Agency(_Model):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    kvk_number: Identifier | None = None
    legal_form: LegalForm | None = None
    seat_country: CountryCode | None = None
    registered_as_lender: Flag | None = None
    registered_as_lender_since: Date | None = None  # v2
    founded_on: Date | None = None
    starter: Flag | None = None
    lending_scope: LendingScope | None = None
    cao: Cao | None = None
    nau: Nau | None = None


class Director(_Model):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    since: Date | None = None
    until: Date | None = None
    resident_country: CountryCode | None = None


class VogKind(StrEnum):
    RP = "rp"
    NP = "np"


class Vog(_Model):
    kind: VogKind | None = None
    subject: Identifier | None = None
    issued_on: Date | None = None
    evidence: Identifier | None = None


class DepositPayment(_Model):
    amount_eur: Money | None = None
    paid_on: Date | None = None
    evidence: Identifier | None = None


class Deposit(_Model):
    payee: Identifier | None = None
    payments: list[DepositPayment] | None = None


class Authority(StrEnum):
    ARBEIDSINSPECTIE = "arbeidsinspectie"
    BELASTINGDIENST = "belastingdienst"
    UWV = "uwv"
    SVB = "svb"
    OTHER = "other"


class FineStatus(StrEnum):
    PAID = "paid"
    OPEN = "open"
    PAYMENT_PLAN = "payment_plan"
    OBJECTION = "objection"
    APPEAL = "appeal"


class Fine(_Model):
    authority: Authority | None = None
    reference: Identifier | None = None
    amount_eur: Money | None = None
    imposed_on: Date | None = None
    irrevocable: Flag | None = None
    status: FineStatus | None = None
    paid_on: Date | None = None


class PaymentBehaviourStatement(_Model):
    issued_on: Date | None = None
    arrears: Flag | None = None
    evidence: Identifier | None = None


class Tax(_Model):
    payment_behaviour_statement: PaymentBehaviourStatement | None = None


class InspectionResult(StrEnum):
    CONFORM = "conform"
    NON_CONFORM = "non_conform"
    PENDING = "pending"


class NonconformitySeverity(StrEnum):
    """The class of an inspection finding, as SNA practice (NEN 4400-1) writes it."""

    MINOR = "minor"
    MAJOR = "major"
    MINOR_REPAIR_3_MONTHS = "minor_repair_3_months"  # v2: a minor to be repaired in 3 months
    REMARK = "remark"  # v2: opmerking, a warning and not a nonconformity


class NonconformityResponse(_Model):
    """v2: the agency's response to a finding and its plan to repair it."""

    received_on: Date | None = None
    cause: Text | None = None  # oorzaak
    extent: Text | None = None  # omvang: what else the cause affects
    solution: Text | None = None  # oplossing: the correction and what prevents a recurrence
    effect: Text | None = None  # effect: how the agency shows the solution works


class Nonconformity(_Model):
    id: Identifier
    severity: NonconformitySeverity | None = None  # the SNA class
    description: Text | None = None  # v2: the norm and what the inspection found
    deadline: Date | None = None  # the repair deadline in the report
    response: NonconformityResponse | None = None  # v2
    resolved_on: Date | None = None  # the day the inspection body closed it


class Inspection(_Model):
    body: Text | None = None
    body_appointed_by_nau: Flag | None = None
    date: Date | None = None
    result: InspectionResult | None = None
    nonconformities: list[Nonconformity] | None = None
    evidence: Identifier | None = None


class SnaModule(StrEnum):
    """Modules of the SNA keurmerk; `tba` (ter beschikking stellen van arbeidskrachten) is the
    one for lending workers that stands in for the inspection report (Waadi art. 23b lid 2)."""

    TBA = "tba"
    OTHER = "other"


class SnaCertificate(_Model):
    registered: Flag | None = None
    last_inspection_on: Date | None = None
    modules: list[SnaModule] | None = None  # v2: tba = ter beschikking stellen van arbeidskrachten
    valid_until: Date | None = None  # v2


class Rie(_Model):
    written: Flag | None = None
    dated: Date | None = None
    verified_on: Date | None = None


class Placement(_Model):
    worker: Identifier
    start: Date | None = None
    end: Date | None = None
    notified_to_hirer_on: Date | None = None
    rie_description_received_on: Date | None = None
    rie_description_given_on: Date | None = None
    rie_description_language: LanguageCode | None = None
    worker_informed_on: Date | None = None  # v2


class Hirer(_Model):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    kvk_number: Identifier | None = None
    rie: Rie | None = None
    placements: list[Placement] | None = None


class Supplier(_Model):
    """v2: a lender this agency borrows workers from (inlenen, doorlenen)."""

    name: Annotated[str, Field(min_length=1, max_length=500)]
    kvk_number: Identifier | None = None
    nau_status: NauStatus | None = None
    nau_since: Date | None = None


class AccidentSeverity(StrEnum):
    FATAL = "fatal"
    PERMANENT_INJURY = "permanent_injury"
    HOSPITALISATION = "hospitalisation"


class Accident(_Model):
    worker: Identifier
    hirer_kvk_number: Identifier | None = None
    date: Date | None = None
    severity: AccidentSeverity | None = None
    reported_to_inspectorate_on: Date | None = None
    hirer_measures_verified_on: Date | None = None
    work_resumed_on: Date | None = None


class HousingScheme(StrEnum):
    SNF = "snf"
    AKF = "akf"
    TOEGELATEN_INSTELLING = "toegelaten_instelling"  # v2: a housing corporation (Woningwet)
    NONE = "none"


class HousingCategory(StrEnum):
    LOGIES = "logies"
    WONEN = "wonen"
    NEW_BUILD = "new_build"
    HOTEL = "hotel"


class Bedroom(_Model):
    area_m2: Measure | None = None
    occupants: Count | None = None
    written_sharing_consent: Flag | None = None


class Location(_Model):
    id: Identifier
    address: Text | None = None
    scheme: HousingScheme | None = None
    certificate_number: Identifier | None = None
    registered: Flag | None = None
    last_inspection_on: Date | None = None
    category: HousingCategory | None = None
    usable_floor_area_m2: Measure | None = None
    beds: Count | None = None
    occupants: Count | None = None
    toilets: Count | None = None
    showers: Count | None = None
    bedrooms: list[Bedroom] | None = None


class Housing(_Model):
    provided: Flag | None = None
    locations: list[Location] | None = None


class Employment(_Model):
    start: Date | None = None
    end: Date | None = None


class RentPeriod(StrEnum):
    WEEK = "week"
    MONTH = "month"


class RentalAgreement(_Model):
    written: Flag | None = None
    separate_from_employment_contract: Flag | None = None
    signed_on: Date | None = None
    information_language: LanguageCode | None = None
    rent_eur: Money | None = None
    service_costs_eur: Money | None = None  # v2
    rent_period: RentPeriod | None = None
    deposit_eur: Money | None = None


class DeductionAuthorisation(_Model):
    signed_on: Date | None = None
    revoked_on: Date | None = None


class WorkerHousing(_Model):
    location: Identifier
    housing_required_by_employment: Flag | None = None
    rental_agreement: RentalAgreement | None = None
    moved_out_on: Date | None = None
    deduction_authorisation: DeductionAuthorisation | None = None


class Payslip(_Model):
    period_start: Date | None = None
    period_end: Date | None = None
    hours_paid: Measure | None = None
    housing_deduction_eur: Money | None = None
    deduction_on_payslip: Flag | None = None


class WorkPermit(_Model):
    """v2: a work permit (tewerkstellingsvergunning or GVVA) where one is required."""

    required: Flag | None = None
    valid_until: Date | None = None


class Worker(_Model):
    id: Identifier
    name: Annotated[str, Field(max_length=500)] | None = None
    languages: list[LanguageCode] | None = None
    nationality: CountryCode | None = None  # v2
    identity_checked_on: Date | None = None  # v2
    work_permit: WorkPermit | None = None  # v2
    birth_date: Date | None = None
    employment: Employment | None = None
    housing: WorkerHousing | None = None
    payslips: list[Payslip] | None = None


class Evidence(_Model):
    id: Identifier
    file: Annotated[str, Field(min_length=1, max_length=1000)]
    sha256: Sha256 | None = None


class Dossier(_Model):
    """One lender's dossier, format version 2 (version 1 lacks the fields marked v2)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="toelating dossier, format version 2",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    dossier_version: DossierVersion
    purpose: Purpose | None = None
    application_date: Date | None = None
    agency: Agency
    directors: list[Director] | None = None
    vog: list[Vog] | None = None
    deposit: Deposit | None = None
    fines: list[Fine] | None = None
    tax: Tax | None = None
    inspection: Inspection | None = None
    sna_certificate: SnaCertificate | None = None
    hirers: list[Hirer] | None = None
    suppliers: list[Supplier] | None = None  # v2
    accidents: list[Accident] | None = None
    housing: Housing | None = None
    workers: list[Worker] | None = None
    evidence: list[Evidence] | None = None
    extensions: dict[str, Any] | None = None


# The version that tools writing a dossier write (init, import, evidence hash, upgrade).
CURRENT_DOSSIER_VERSION = 2

# The fields new in format version 2 (dossier.md, marked "(v2)"), as JSON pointer patterns.
# A version-1 dossier that uses one is refused at its place: it says version 1 but is not.
V2_FIELDS = (
    "/agency/registered_as_lender_since",
    "/sna_certificate/modules",
    "/sna_certificate/valid_until",
    "/hirers/*/placements/*/worker_informed_on",
    "/suppliers",
    "/workers/*/nationality",
    "/workers/*/identity_checked_on",
    "/workers/*/work_permit",
    "/workers/*/housing/rental_agreement/service_costs_eur",
    "/inspection/nonconformities/*/description",
    "/inspection/nonconformities/*/response",
)
V2_VALUES = {
    "/housing/locations/*/scheme": ("toegelaten_instelling",),
    "/inspection/nonconformities/*/severity": ("minor_repair_3_months", "remark"),
}
