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
from vault.models.request import (
    DataRequest,
    ReminderState,
    RequestDocument,
    RequestEvent,
    UserReminder,
    request_recording,
)

__all__ = ["Agreement", "AgreementDocument", "Base", "Company", "DataRequest", "Holding",
           "ObservedUse", "Payment", "Recording", "ReminderState", "RequestDocument",
           "RequestEvent", "Setting", "UserReminder", "request_recording"]
