"""The shared vocabulary (DESIGN.md): one spelling across code, command line and app."""

from __future__ import annotations

from vault.media import DATA_KINDS

PERMITTED_USES = (
    "generative-training", "non-generative-training", "evaluation-only", "derived-data-only",
    "synthetic-replica", "commercial-products", "advertising", "resale-sublicensing",
    "research-only", "internal-only",
)
PAY_MODELS = ("one-time", "per-item", "hourly", "royalty", "credits")
REVOCABLE = ("yes", "no", "notice")
DELETION_CLAUSES = ("days-after-end", "on-request", "not-stated")
DOCUMENT_KINDS = ("contract", "terms-snapshot", "email", "other")
AGREEMENT_STATUSES = ("not-started", "active", "expiring", "ended", "revoked",
                      "deletion-requested", "deletion-confirmed")

__all__ = ["AGREEMENT_STATUSES", "DATA_KINDS", "DELETION_CLAUSES", "DOCUMENT_KINDS",
           "PAY_MODELS", "PERMITTED_USES", "REVOCABLE"]
