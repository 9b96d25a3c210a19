"""Where each inspection finding stands on a day: closed, open, past its repair deadline, or a
remark. A description for reports; whether the dossier passes is INS-02's to say."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from toelating.dossier.model import Nonconformity, NonconformitySeverity


class Standing(StrEnum):
    CLOSED = "closed"  # the inspection body closed it on or before the day
    OPEN = "open"  # not closed; its repair deadline (if any) not passed
    OVERDUE = "overdue"  # not closed and its repair deadline has passed
    REMARK = "remark"  # a warning, not a nonconformity


def standing(finding: Nonconformity, day: dt.date) -> Standing:
    if finding.severity is NonconformitySeverity.REMARK:
        return Standing.REMARK
    if finding.resolved_on is not None and finding.resolved_on <= day:
        return Standing.CLOSED
    if finding.deadline is not None and finding.deadline < day:
        return Standing.OVERDUE
    return Standing.OPEN
