"""Matching quality on the CSL sample: P@1 and P@10 of same-discipline results, matcher vs a TF-IDF baseline.

The CSL file (2,000 real abstracts of Chinese core-journal papers with 67 discipline labels) is loaded as
technologies into a temporary, encrypted store. Each record then becomes a need made of its title and
keywords only, and is ranked against the whole library with the real matcher (need path: keywords
weighted above title). A result counts as relevant when it has the query's discipline; the record itself
is excluded. The baseline, computed in the same run on the same queries, is a plain character-bigram
TF-IDF cosine search over title + keywords + abstract.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from workbench.models import Enterprise, Need, Technology, utcnow
from workbench.search import text as tx

DEFAULT_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "csl" / "csl-2000.jsonl"


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    abstract: str
    keywords: tuple[str, ...]
    discipline: str


@dataclass(frozen=True)
class Scores:
    p_at_1: float
    p_at_10: float
    queries: int
    seconds: float


@dataclass(frozen=True)
class Comparison:
    matcher: Scores
    baseline: Scores
    records: int

    @property
    def matcher_wins(self) -> bool:
        return self.matcher.p_at_1 > self.baseline.p_at_1 and self.matcher.p_at_10 > self.baseline.p_at_10


def load(path: Path = DEFAULT_PATH) -> list[Record]:
    """The CSL records; raises FileNotFoundError when the file is absent (callers skip)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r: dict[str, Any] = json.loads(line)
            out.append(
                Record(
                    id=str(r["id"]),
                    title=str(r["title"]),
                    abstract=str(r.get("abstract", "")),
                    keywords=tuple(str(k) for k in r.get("keywords", [])),
                    discipline=str(r["discipline"]),
                )
            )
    return out


def precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the first ``k`` results that are relevant (fewer than ``k`` results count as misses)."""
    return sum(1 for ident in ranked[:k] if ident in relevant) / k


# -- the baseline -----------------------------------------------------------------------------------------


def _bigrams(text: str) -> Counter[str]:
    chars = [ch for ch in tx.normalize(text) if ch.isalnum()]
    return Counter(a + b for a, b in pairwise(chars))


class BigramTfidf:
    """Plain character-bigram TF-IDF with cosine similarity, pure Python, over an inverted index."""

    def __init__(self, docs: Iterable[tuple[str, str]]) -> None:
        counts = {ident: _bigrams(body) for ident, body in docs}
        n = len(counts)
        df: Counter[str] = Counter()
        for c in counts.values():
            df.update(c.keys())
        self.idf = {g: math.log(n / d) for g, d in df.items()}
        self.postings: dict[str, list[tuple[str, float]]] = {}
        for ident, c in counts.items():
            vec = {g: tf * self.idf[g] for g, tf in c.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for g, v in vec.items():
                self.postings.setdefault(g, []).append((ident, v / norm))

    def search(self, query: str, k: int) -> list[str]:
        q = {g: tf * self.idf.get(g, 0.0) for g, tf in _bigrams(query).items()}
        norm = math.sqrt(sum(v * v for v in q.values())) or 1.0
        acc: dict[str, float] = {}
        for g, qv in q.items():
            for ident, dv in self.postings.get(g, ()):
                acc[ident] = acc.get(ident, 0.0) + qv / norm * dv
        return [ident for ident, _ in sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


# -- the run ---------------------------------------------------------------------------------------------


def _query_text(r: Record) -> str:
    return " ".join([r.title, *r.keywords])


def load_library(store: Any, records: Sequence[Record]) -> dict[str, str]:
    """Technologies from the records, and one need per record (title + keywords); returns record → need id."""
    from workbench.search.index import rebuild

    now = utcnow()
    need_ids = {r.id: f"need-{r.id}"[:36] for r in records}
    with store.session(actor="quality") as session:
        session.execute(insert(Enterprise), [{"id": "quality-enterprise", "name": "质量评估企业"}])
        session.execute(
            insert(Technology),
            [
                {
                    "id": r.id,
                    "title": r.title,
                    "abstract": r.abstract,
                    "keywords": list(r.keywords),
                    "created_at": now,
                    "updated_at": now,
                }
                for r in records
            ],
        )
        session.execute(
            insert(Need),
            [
                {
                    "id": need_ids[r.id],
                    "enterprise_id": "quality-enterprise",
                    "title": r.title,
                    "keywords": list(r.keywords),
                    "created_at": now,
                    "updated_at": now,
                }
                for r in records
            ],
        )
    rebuild(store, kinds=("technology", "need"))
    return need_ids


def compare(
    records: Sequence[Record],
    *,
    queries: int | None = None,
    workdir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Run matcher and baseline on the first ``queries`` records (all by default) against all records."""
    import time

    from workbench.search.matcher import rank_technologies
    from workbench.store import Store

    asked = list(records[: queries or len(records)])
    same: dict[str, set[str]] = {}
    for r in records:
        same.setdefault(r.discipline, set()).add(r.id)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = Store.open(Path(tmp) / "quality.db", key=os.urandom(32))
        try:
            need_ids = load_library(store, records)
            started = time.perf_counter()
            p1 = p10 = 0.0
            with store.session() as session:
                for i, r in enumerate(asked):
                    found = [c.id for c in rank_technologies(session, need_ids[r.id], top=11) if c.id != r.id]
                    p1 += precision(found, same[r.discipline], 1)
                    p10 += precision(found, same[r.discipline], 10)
                    if progress:
                        progress(i + 1, len(asked))
            matcher = Scores(p1 / len(asked), p10 / len(asked), len(asked), time.perf_counter() - started)
        finally:
            store.close()
    started = time.perf_counter()
    tfidf = BigramTfidf((r.id, " ".join([r.title, *r.keywords, r.abstract])) for r in records)
    b1 = b10 = 0.0
    for r in asked:
        found = [ident for ident in tfidf.search(_query_text(r), 11) if ident != r.id]
        b1 += precision(found, same[r.discipline], 1)
        b10 += precision(found, same[r.discipline], 10)
    baseline = Scores(b1 / len(asked), b10 / len(asked), len(asked), time.perf_counter() - started)
    return Comparison(matcher, baseline, len(records))
