"""SQLAlchemy 2 typed models. Every table here is created by an Alembic migration."""

from vault.models.agreement import (
    Agreement,
    AgreementDocument,
    Holding,
    ObservedUse,
    Payment,
    Setting,
)
from vault.models.base import Base
from vault.models.company import Company
from vault.models.recording import Recording

__all__ = ["Agreement", "AgreementDocument", "Base", "Company", "Holding", "ObservedUse",
           "Payment", "Recording", "Setting"]
