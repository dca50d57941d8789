"""Matching quality on the CSL sample: the matcher's P@1 and P@10 next to a character-bigram TF-IDF baseline.

Usage: python scripts/match_quality.py [--csl PATH] [--queries N]
Reads ../shared/data/csl/csl-2000.jsonl in place (never copied); exits 0 with a note when it is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.search.quality import DEFAULT_PATH, compare, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csl", type=Path, default=DEFAULT_PATH, help="the CSL jsonl file")
    parser.add_argument("--queries", type=int, default=None, help="use only the first N records as queries")
    args = parser.parse_args(argv)
    if not args.csl.is_file():
        print(f"CSL sample not found at {args.csl}; nothing to measure.")
        return 0
    records = load(args.csl)
    result = compare(records, queries=args.queries)
    print(f"library: {result.records} records; queries: {result.matcher.queries} (title + keywords only)")
    print(f"{'method':<34}{'P@1':>8}{'P@10':>8}{'seconds':>10}")
    for name, s in (
        ("matcher (BM25 + signals)", result.matcher),
        ("baseline (char-bigram TF-IDF)", result.baseline),
    ):
        print(f"{name:<34}{s.p_at_1:>8.3f}{s.p_at_10:>8.3f}{s.seconds:>10.1f}")
    print(
        "matcher beats the baseline on both" if result.matcher_wins else "matcher does NOT beat the baseline"
    )
    return 0 if result.matcher_wins else 1


if __name__ == "__main__":
    sys.exit(main())
