"""A worker process that builds index rows while a bulk writer inserts: word segmentation in parallel.

Segmenting a technology's title and abstract (rjieba, text normalisation) costs about as much as writing
the technology, so a big import builds its index rows in a second process while the first one writes:
on two cores the two halves overlap. The worker is started with ``spawn`` (the only method Windows and
macOS have, and safe with threads), imports only :mod:`workbench.search.docs`, and is given batches of plain
tuples, so pickling costs little (measured in ``scripts/bench_import.py``). A frozen build must call
``multiprocessing.freeze_support()`` first thing in its entry point (``ui/app.py`` does).

If the worker cannot start or dies, the rows are built in this process instead: slower, never wrong.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from workbench.search import docs

log = logging.getLogger(__name__)

T = TypeVar("T")

# Below this many rows the worker's start (~0.3 s to spawn and load the segmenter) is not paid back.
PARALLEL_MIN_ROWS = 5000


def _start() -> None:
    """In the worker: leave when the parent does, and load the segmenter before the first batch arrives."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        # A worker blocks on its task queue, which never reports the end of a parent that was killed
        # (each side holds both ends of the pipe): without this it would outlive a crashed import.
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    docs.technology_rows(("预热", ["预热"], "预热碳纤维", None, None, []))


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def worth_a_worker(rows: int) -> bool:
    """Whether ``rows`` new records are enough to pay for a worker, and there is a core to run it on."""
    return rows >= PARALLEL_MIN_ROWS and (os.cpu_count() or 1) > 1


class Pending(Generic[T]):
    """A batch being built: in the worker, or (no worker) when its result is asked for."""

    def __init__(self, fn: Callable[[Sequence[docs.TechInput]], T], items: Sequence[docs.TechInput]) -> None:
        self.fn = fn
        self.items = items
        self.future: Future[T] | None = None

    def done(self) -> bool:
        """Whether :meth:`result` would return at once (without a worker it computes, so counts as ready)."""
        return self.future is None or self.future.done()

    def result(self) -> T:
        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                log.warning("index worker died; building this batch's index rows here")
        return self.fn(self.items)


class DocWorker:
    """One worker process for :func:`docs.technology_batch`; :meth:`close` it (also on failure)."""

    def __init__(self, *, parallel: bool) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if parallel:
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_start
                )
            except (OSError, ValueError, RuntimeError) as exc:  # no processes allowed here: build in-process
                log.warning("no index worker (%s); building index rows in this process", exc)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def technologies(
        self, items: Sequence[docs.TechInput]
    ) -> Pending[list[tuple[docs.TextRow, docs.SearchRow]]]:
        pending = Pending(docs.technology_batch, items)
        if self._pool is not None:
            try:
                pending.future = self._pool.submit(docs.technology_batch, items)
            except (BrokenProcessPool, RuntimeError) as exc:
                log.warning("index worker unavailable (%s); building index rows here", exc)
                self._pool = None
        return pending

    def close(self) -> None:
        """Stop the worker without waiting for batches nobody will read (a cancelled import)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
