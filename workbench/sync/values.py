"""Field values between the local store (Python types, change-log text) and the server (JSON)."""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime
from typing import Any

from workbench.models import ENTITY_TABLES, Record

# Columns that are the laptop's own bookkeeping, not the record's content.
LOCAL_ONLY = frozenset({"id", "created_at", "updated_at", "deleted_at"})


def _base_type(model: type[Record], name: str) -> Any:
    info = model.model_fields.get(name)
    if info is None:
        return None
    annotation = info.annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else annotation
    return typing.get_origin(annotation) or annotation


def model_for(kind: str) -> type[Record] | None:
    return ENTITY_TABLES.get(kind)


def content_fields(model: type[Record]) -> list[str]:
    return [name for name in model.model_fields if name not in LOCAL_ONLY]


def to_json(value: Any) -> Any:
    """A Python value of a model field as JSON (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_log(model: type[Record], name: str, text: str | None) -> Any:
    """A change-log value (text) back to JSON: strings and dates stay text, the rest was JSON-encoded."""
    if text is None:
        return None
    base = _base_type(model, name)
    if base in (str, datetime, date):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def snapshot(obj: Record) -> dict[str, Any]:
    """A record's content as the server stores it."""
    return {name: to_json(getattr(obj, name)) for name in content_fields(type(obj))}


def to_python(model: type[Record], name: str, value: Any) -> Any:
    """A JSON value from the server as the model field's Python type."""
    if value is None:
        return None
    base = _base_type(model, name)
    if base is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if base is date and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if base is bool and not isinstance(value, bool):
        return bool(value)
    return value
