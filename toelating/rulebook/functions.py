"""The functions rule expressions may call: our helpers and the CEL built-ins we allow."""

from __future__ import annotations

# Implemented in toelating.expressions (Scope); a test keeps the two in step.
HELPERS = frozenset(
    {
        "date",
        "add_days",
        "add_months",
        "months_between",
        "days_between",
        "period_days",
        "days_in_month",
        "age_on",
        "cents",
        "sum",
        "latest",
        "earliest",
        "param_on",
    }
)
# The CEL standard functions and timestamp methods the library provides.
CEL_FUNCTIONS = frozenset(
    {
        "size",
        "contains",
        "startsWith",
        "endsWith",
        "matches",
        "int",
        "uint",
        "double",
        "string",
        "bytes",
        "bool",
        "timestamp",
        "duration",
        "type",
        "dyn",
        "max",
        "min",
        "getFullYear",
        "getMonth",
        "getDate",
        "getDayOfMonth",
        "getDayOfWeek",
        "getDayOfYear",
        "getHours",
        "getMinutes",
        "getSeconds",
        "getMilliseconds",
    }
)
