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
REQUEST_TYPES = ("erasure", "access", "withdraw-consent", "objection", "restriction",
                 "opt-out", "limit-sensitive", "biometric-destruction", "follow-up",
                 "complaint")
REQUEST_STATUSES = ("draft", "sent", "acknowledged", "extended", "answered-complete",
                    "answered-partial", "refused", "overdue", "escalated", "closed")
CHANNELS = ("email", "post", "webform")
# Request types whose fulfilment means the company deleted the data.
DELETION_TYPES = ("erasure", "biometric-destruction")
AGREEMENT_STATUSES = ("not-started", "active", "expiring", "ended", "revoked",
                      "deletion-requested", "deletion-confirmed")

__all__ = ["AGREEMENT_STATUSES", "CHANNELS", "DATA_KINDS", "DELETION_CLAUSES", "DELETION_TYPES",
           "DOCUMENT_KINDS", "PAY_MODELS", "PERMITTED_USES", "REQUEST_STATUSES", "REQUEST_TYPES",
           "REVOCABLE"]
