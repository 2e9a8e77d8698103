"""The database tables as JSON and CSV rows, and back: the data/ folder of a bundle.

Rows are exported as they are stored (same ids, same timestamps), so a bundle
restores exactly. Blob ids are internal to one vault and are replaced by the
path of the file inside the bundle.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, select
from sqlalchemy.orm import Session

from vault.models import (
    Agreement,
    AgreementDocument,
    Company,
    DataRequest,
    Holding,
    ObservedUse,
    Payment,
    Recording,
    ReminderState,
    RequestDocument,
    RequestEvent,
    Setting,
    UserReminder,
    request_recording,
)


@dataclass(frozen=True)
class TableSpec:
    name: str  # data/<name>.json and .csv
    table: Table
    key: str  # a stable sort key


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


# In foreign-key order: importing in this order never points at a missing row.
TABLES = (
    TableSpec("companies", _table(Company), "id"),
    TableSpec("recordings", _table(Recording), "id"),
    TableSpec("agreements", _table(Agreement), "id"),
    TableSpec("agreement_documents", _table(AgreementDocument), "id"),
    TableSpec("holdings", _table(Holding), "id"),
    TableSpec("payments", _table(Payment), "id"),
    TableSpec("observed_uses", _table(ObservedUse), "id"),
    TableSpec("requests", _table(DataRequest), "id"),
    TableSpec("request_recordings", request_recording, "request_id"),
    TableSpec("letters", _table(RequestDocument), "id"),
    TableSpec("request_history", _table(RequestEvent), "id"),
    TableSpec("reminder_states", _table(ReminderState), "key"),
    TableSpec("user_reminders", _table(UserReminder), "id"),
    TableSpec("settings", _table(Setting), "key"),
)


def _to_json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump_rows(session: Session, spec: TableSpec) -> list[dict[str, object]]:
    rows = session.execute(select(spec.table).order_by(spec.table.c[spec.key])).mappings()
    return [{k: _to_json_value(v) for k, v in row.items()} for row in rows]


def load_row(spec: TableSpec, data: dict[str, Any]) -> dict[str, object]:
    """A JSON row back into column values; unknown columns are an error."""
    values: dict[str, object] = {}
    for name, raw in data.items():
        if name not in spec.table.c:
            raise ValueError(f"data/{spec.name}.json has an unknown column {name!r}")
        column_type = spec.table.c[name].type
        if raw is not None and isinstance(column_type, DateTime):
            values[name] = datetime.fromisoformat(str(raw))
        elif raw is not None and isinstance(column_type, Date):
            values[name] = date.fromisoformat(str(raw))
        else:
            values[name] = raw
    return values


def to_json_bytes(rows: object) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def to_csv_bytes(rows: Iterable[dict[str, object]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
    return out.getvalue().encode("utf-8")


def _csv_cell(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value
