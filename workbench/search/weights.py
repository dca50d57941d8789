"""Every weight of search and matching, in one documented place (change them here and nowhere else).

A candidate's score is a sum of points, and each addend is one explained reason:

* **text** (and **related**) — up to ``text_points`` together: the BM25 relevance of the candidate's words
  to the query (and, weighted by ``feedback_weight``, to the related words that relevance feedback found),
  relative to the best candidate in the pool (the best text match gets all ``text_points``).
  Text dominates on purpose:
  a broker first wants technologies that are *about* the need; the structured signals below then re-order
  candidates of comparable relevance, and together they are worth at most about a third of the text.
* **industry** — the enterprise's GB/T 4754 industry against the technology's IPC codes (mapping table in
  :mod:`workbench.search.taxonomy`): a same-division fit earns ``industry_division``, a fit at the level
  of the broad field (e.g. both chemical) ``industry_section``.
* **field** — the technology's technical field against the need's field or the enterprise's Ningbo cluster.
* **maturity** — how close the technology is to production (a need is usually a production problem).
* **mode** — the technology's transfer modes against the need's solution mode (transfer ↔ 转让/许可,
  commissioned or cooperative R&D ↔ 合作开发, consulting ↔ 技术服务); a clash costs ``mode_clash``.
* **price** — the asking price against the need's own funds.
* **region** — the owner is in Ningbo (the brokers' city) or elsewhere in Zhejiang: easier to visit.

Weights are points; a negative number is a penalty. The numbers were set by judgement, then the text
part (column weights, term weights, pool size) was tuned on the CSL sample with scripts/match_quality.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class TextWeights:
    """How the words of a query and of a document count in BM25."""

    # FTS5 bm25() column weights of tech_fts / need_fts: (title, keywords, body).
    title: float = 4.0
    keywords: float = 3.0
    body: float = 1.0
    # Query-side weight of each field of a need (the issue: keywords above prose). A weight is applied
    # by repeating the term in the OR query (bm25 sums per phrase), so only whole numbers count, and at
    # most text.MAX_REPEAT (2): each repetition costs a posting-list walk, and on the CSL sample weighting
    # keywords above the title lost quality (P@10 0.30 → 0.28), so title and keywords weigh the same.
    need_keywords: float = 2.0
    need_title: float = 2.0
    need_key_technology: float = 1.0
    need_problem: float = 1.0
    need_goals: float = 1.0
    need_field: float = 1.0
    # The same for a technology used as the query (who might want it).
    tech_keywords: float = 2.0
    tech_title: float = 2.0
    tech_abstract: float = 1.0
    # Free text (workbench match --text): every word counts once.
    free_text: float = 1.0


@dataclass(frozen=True)
class Weights:
    """Points of each structured signal, and the sizes that trade quality for speed."""

    text: TextWeights = field(default_factory=TextWeights)
    text_points: float = 70.0

    industry_division: float = 12.0
    industry_section: float = 5.0
    field_match: float = 6.0
    maturity: MappingProxyType[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"lab": -3.0, "prototype": 0.0, "pilot": 2.0, "small_batch": 3.0, "industrialised": 4.0}
        )
    )
    mode_match: float = 6.0
    mode_clash: float = -3.0
    price_within_funds: float = 5.0
    price_within_reach: float = 2.0  # asking price up to ``price_reach_factor`` × own funds
    price_reach_factor: float = 1.5
    price_far_beyond: float = -5.0  # asking price above ``price_far_factor`` × own funds
    price_far_factor: float = 3.0
    region_ningbo: float = 5.0
    region_zhejiang: float = 2.0

    # Candidates taken from BM25 before re-ranking. 200 keeps every text-relevant candidate a broker
    # would look at (top 20) while re-ranking stays a few milliseconds.
    pool: int = 200
    # Query terms kept after ranking them by weight × idf, and the posting-list budget: terms are added
    # while the documents they occur in sum to at most ``max_postings``. Query time grows with the
    # postings walked, not with the library, so the budget is absolute: very common words cost the most
    # and rank the least. The ``min_terms`` best terms are kept unless one alone is above the budget.
    max_terms: int = 24
    min_terms: int = 2
    max_postings: int = 20_000
    # Relevance feedback (pseudo-relevance feedback, Rocchio-style): the words shared by the
    # ``feedback_docs`` best text matches (in at least ``feedback_min_docs`` of them) form a second query
    # of ``feedback_terms`` terms, whose BM25 adds ``feedback_weight`` × its score. It bridges the
    # vocabulary gap between a need in plain words and technologies in technical words. 0 docs = off.
    feedback_docs: int = 5
    feedback_min_docs: int = 2
    feedback_terms: int = 15
    feedback_weight: float = 1.0
    feedback_max_postings: int = 10_000


WEIGHTS: Final = Weights()
