"""The read layer: what every list, board and panel of the desktop app shows, as small frozen rows.

Screens never build SQL; they call these functions with an open session (an opaque handle to them) and
explicit keyword arguments, and get plain values back that are safe to hand across threads. The CLI,
exports and tests can ask the same questions.
"""

from __future__ import annotations

from workbench.queries.common import LIMIT, Session, as_local, like_pattern

__all__ = ["LIMIT", "Session", "as_local", "like_pattern"]
