"""Finding a record by id, unique id prefix, or (for named things) name."""

from __future__ import annotations

import difflib
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from vault.errors import InvalidInputError, NotFoundError

T = TypeVar("T")
MIN_PREFIX = 4


def find_one(session: Session, model: type[T], key: str, noun: str,
             name_column: InstrumentedAttribute[str] | None = None) -> T:
    """The record whose id is key, whose id starts with key, or whose name equals key.

    Like git, a short id prefix is enough when it is unique.
    """
    key = key.strip()
    id_column = model.id  # type: ignore[attr-defined]
    found = session.get(model, key)
    if found is not None:
        return found
    if name_column is not None:
        by_name = session.scalars(
            select(model).where(func.lower(name_column) == key.lower())).all()
        if len(by_name) == 1:
            return by_name[0]
        # "voicebank" for "VoiceBank AI": a unique start of a name is enough.
        starting = session.scalars(select(model).where(
            func.lower(name_column).startswith(key.lower(), autoescape=True)).limit(2)).all()
        if len(starting) == 1 and len(key) >= 3:
            return starting[0]
    if len(key) >= MIN_PREFIX and key.isalnum():
        matches = session.scalars(
            select(model).where(id_column.startswith(key.lower())).limit(2)).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidInputError(
                f"More than one {noun} id starts with {key!r}; give more of it.")
    if name_column is not None:
        names = list(session.scalars(select(name_column)))
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.6) or [
            n for n in names if key.lower() in n.lower()][:3]
        if close:
            suggestion = " or ".join(repr(n) for n in close)
            raise NotFoundError(f"There is no {noun} {key!r}. Did you mean {suggestion}?")
    raise NotFoundError(f"There is no {noun} {key!r}.")
