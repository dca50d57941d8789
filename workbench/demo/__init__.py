"""Deterministic demo data: a Zhenhai broker's year of visits, needs, matches, contracts and claims.

Everything is generated from one seed, ids included, so two runs with the same seed (and clock) give the
same records. Dates are relative to the demo's own "today" (:data:`ANCHOR`, through :func:`demo_clock`),
never to the computer's, so screenshots and tests do not drift. All codes (USCC, ID card, patent
numbers) are synthetic but pass their check characters; the names of universities and institutes are
real, their codes are not.

The records a broker would type in go through the services (validation, change log, stage history);
the bulk of the technology library is reference data inserted with SQLAlchemy Core in batches.

Modules: ``vocabulary`` (the word tables in ``resources/demo/vocabulary.json``), ``common`` (calendar,
pools, storyline, small generators), ``technologies``, ``story`` (people, enterprises, visits), ``deals``
(needs, matches, contracts, claims), ``generator`` (the entry point).
"""

from workbench.demo.common import ANCHOR, LOCAL, MIN_ENTERPRISES, MIN_TECHNOLOGIES, DemoError, demo_clock
from workbench.demo.generator import generate

__all__ = ["ANCHOR", "LOCAL", "MIN_ENTERPRISES", "MIN_TECHNOLOGIES", "DemoError", "demo_clock", "generate"]
