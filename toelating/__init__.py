"""toelating: compliance checker for the Dutch admission system for staffing agencies."""

__version__ = "0.1.0"
