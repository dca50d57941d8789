"""Record ids: random UUIDs, or a seeded sequence for reproducible data (the demo).

Every record gets its id from :func:`new_id`. Generated data that must come out the same on every run
asks for ids from its own factory for the span of one unit of work (:func:`ids_from`), instead of
swapping out ``uuid.uuid4`` for the whole process: the factory is bound to the current context (thread
or task) only, so a search-index worker or a UI thread creating records at the same time keeps getting
random ids.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

IdFactory = Callable[[], str]

_factory: ContextVar[IdFactory | None] = ContextVar("workbench_id_factory", default=None)


def random_id() -> str:
    return str(uuid.uuid4())


def new_id() -> str:
    """A new record id: from the factory set by :func:`ids_from` in this context, else random."""
    factory = _factory.get()
    return factory() if factory is not None else random_id()


class SeededIds:
    """Version-4-shaped UUIDs drawn from a seeded generator: the same seed gives the same ids."""

    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(seed)

    def __call__(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


@contextmanager
def ids_from(factory: IdFactory) -> Iterator[None]:
    """Within the block, records created in this context take their ids from ``factory``."""
    token = _factory.set(factory)
    try:
        yield
    finally:
        _factory.reset(token)
