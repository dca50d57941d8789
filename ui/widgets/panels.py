"""Tabs that plug in a panel from ``ui.match_panels`` (candidates, who might want it) when it exists."""

from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def plug_in_panel(class_name: str, ctx: Any, record_id: str) -> QWidget | None:
    """A panel from ``ui.match_panels`` when it exists, else None (then no tab at all).

    The panel's constructor is inspected, so it may take the context or the store first, then the id.
    """
    try:
        module = importlib.import_module("ui.match_panels")
    except ImportError:
        return None
    cls = getattr(module, class_name, None)
    if cls is None:
        return None
    try:
        params = list(inspect.signature(cls).parameters)
    except (TypeError, ValueError):
        params = []
    first = ctx.store if params and params[0] == "store" else ctx
    try:
        widget = cls(first, record_id)
    except Exception:  # a broken plug-in must not take the workspace down with it
        log.exception("%s could not be created", class_name)
        return None
    return widget if isinstance(widget, QWidget) else None
