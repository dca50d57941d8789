"""Type-ahead choices for reference fields, as the forms name them; the answers come from the read layer."""

from __future__ import annotations

from workbench.queries.common import LIMIT
from workbench.queries.sources import brokers, enterprises, institutions, needs, technologies

__all__ = ["LIMIT", "brokers", "enterprises", "institutions", "needs", "technologies"]
