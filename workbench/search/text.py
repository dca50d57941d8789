"""Chinese-aware text for search and matching: normalise, segment, weight terms, build safe FTS5 queries.

Both the index and every query go through :func:`normalize` (NFKC, full-/half-width, Traditional →
Simplified, lower case), so 臺灣 finds 台湾 and ＡＢＣ finds abc. Word segmentation is rjieba (the Rust
port of jieba: same tokens, no dictionary load, ~5.6 M characters/s measured here). The index side uses
jieba's *search* mode, which adds the shorter words inside long ones (碳纤维 → 纤维, 碳纤维), so a query for
纤维 still finds 碳纤维 documents; queries use the precise mode so they do not dilute their own terms.

Everything that reaches FTS5 MATCH is built here from quoted phrases: user text can never inject FTS
syntax (``AND``, ``NEAR``, ``*``, ``^``, quotes, parentheses), and no input makes these functions raise.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse

import opencc

from workbench.textnorm import pinyin_initials

# A 100,000-character paste is cut here before segmenting: the first 20,000 characters say what the
# text is about, and segmenting more would only cost time (about 4 ms per 20,000 characters).
MAX_INPUT_CHARS = 20_000
# The most distinct terms one ranking query uses; more terms cost time and add little (see matcher).
MAX_QUERY_TERMS = 32
# A weighted term is repeated in the OR query at most this many times (FTS5's bm25 sums per phrase;
# every repetition walks the term's postings again, so more would cost time for little gain).
MAX_REPEAT = 2
# Parts (whitespace-separated words) of a global-search query; the rest are ignored.
MAX_SEARCH_PARTS = 8

# Function words and the boilerplate of patents, papers and need forms: frequent everywhere, so they
# neither rank nor discriminate, and they make the posting lists a query walks long.
STOP_WORDS: frozenset[str] = frozenset(
    """
    的 了 和 与 及 或 等 在 对 为 以 于 中 是 其 该 并 将 由 从 而 但 也 之 所 被 把 向 就 都 又 及其 以及
    一种 一个 一些 这种 这些 那些 本 此 各 每 其中 通过 进行 采用 利用 使用 基于 根据 按照 关于 对于 针对 实现
    具有 包括 包含 含有 提供 提出 得到 获得 达到 可以 能够 可 能 已 已经 需要 需 要 应 用于 用 使 使得 如何
    研究 分析 方法 探讨 探索 初探 浅谈 浅析 试论 综述 问题 情况 方面 方式 作用 影响 结果 表明 显示 发现
    主要 重要 有效 一定 不同 相关 相应 一般 较 更 很 非常 进一步 同时 然后 以上 以下 之间 其他 其它
    我们 我 你 他 她 它 他们 本文 文章 论文 本发明 发明 公开 所述 涉及 领域 技术领域 背景 背景技术
    企业 公司 我司 目前 现有 现在 存在 希望 期望 解决 提高 提升 降低 改善 改进 实际 要求 情形 工作
    the a an of and or to in on for with by at from as is are be this that these using based via
    """.split()  # noqa: SIM905 - a word list reads better than 170 quoted strings
)

_ASCII_ALNUM = re.compile(r"[0-9a-z]+")
_HAS_ALNUM = re.compile(r"[^\W_]")
_T2S = opencc.OpenCC("t2s")


# CJK unified ideographs are stable under NFKC and never compose with a neighbour, so NFKC of a text
# is NFKC of the runs between them, joined: only those (punctuation, Latin, digits) are normalised.
# Measured on a 150-character abstract with one full-width comma: 19 µs for the whole, 5 µs by runs.
_BETWEEN_IDEOGRAPHS = re.compile(r"[^\u4e00-\u9fff]+")


def _nfkc_run(match: re.Match[str]) -> str:
    run = match.group()
    return run if unicodedata.is_normalized("NFKC", run) else unicodedata.normalize("NFKC", run)


def _nfkc(text: str) -> str:
    return _BETWEEN_IDEOGRAPHS.sub(_nfkc_run, text)


def normalize(text: str | None) -> str:
    """The one form both index and query are reduced to; never raises on odd input (lone surrogates…).

    Same result as :func:`workbench.textnorm.normalize_text` (NFKC, half-width, Simplified, lower case).
    NFKC already folds the full-width forms and the ideographic space (their compatibility mappings are
    the half-width characters), so no separate width table is applied; NFKC runs only between CJK
    ideographs (:func:`_nfkc`), and the Traditional→Simplified converter is skipped for pure ASCII: this
    runs for every field of a million documents in a rebuild.
    """
    if not text:
        return ""
    if not text.isascii():
        # A bad paste can carry lone surrogates, which the converters cannot encode: drop them first.
        clean = text.encode("utf-8", "ignore").decode("utf-8")
        folded = clean if unicodedata.is_normalized("NFKC", clean) else _nfkc(clean)
        return str(_T2S.convert(folded)).lower() if not folded.isascii() else folded.lower()
    return text.lower()


def _keep(token: str) -> bool:
    """A query word worth asking for: has a letter or digit, not a stop word nor a lone ASCII character."""
    if token in STOP_WORDS:
        return False
    if len(token) == 1:
        return token.isalnum() and not token.isascii()
    return token.isalnum() or _HAS_ALNUM.search(token) is not None


def words(text: str | None, *, limit: int = MAX_INPUT_CHARS) -> list[str]:
    """Query-side words of ``text`` (precise mode, stop words dropped), in order."""
    norm = normalize(text[:limit] if text else text)
    if not norm:
        return []
    import rjieba  # on first use (~0.15 s to load): the first screen of the app segments nothing

    return [tok.strip() for tok in rjieba.cut(norm) if _keep(tok.strip())]


def index_text(text: str | None) -> str:
    """Space-joined words for an FTS5 column tokenised by unicode61 (one FTS token per word).

    The hot path of a rebuild, so only stop words are removed here, by a C-level filter: punctuation
    tokens are dropped by FTS5's tokenizer anyway, and order does not matter to BM25.
    """
    return index_normalized(normalize(text[:MAX_INPUT_CHARS] if text else text))


def index_normalized(norm: str) -> str:
    r""":func:`index_text` of text already :func:`normalize`\ d (and cut to :data:`MAX_INPUT_CHARS`)."""
    if not norm:
        return ""
    import rjieba  # on first use, as in words()

    return " ".join(filterfalse(STOP_WORDS.__contains__, rjieba.cut_for_search(norm)))


@lru_cache(maxsize=65536)
def _index_item(item: str) -> str:
    # Keywords, inventors and fields repeat across a library: each distinct one is segmented once.
    return index_text(item)


def index_list(items: Iterable[str] | None) -> str:
    """Keywords and other lists: each item segmented, items kept apart."""
    return " ".join(_index_item(item) if len(item) <= 64 else index_text(item) for item in items or ())


def char_spaced(text: str | None) -> str:
    """Every CJK (non-ASCII) character its own token, ASCII letters and digits kept as words.

    Indexed with unicode61 and queried as a phrase, this finds any substring of a name, including the
    one- and two-character words FTS5's trigram tokenizer cannot match (measured: 100 % recall).
    """
    return char_spaced_normalized(normalize(text[:MAX_INPUT_CHARS] if text else text))


# The tokens of _char_tokens for normalised (lower-case) text, found by one C-level scan: runs of ASCII
# letters and digits, and single non-ASCII characters that are letters or digits (\w less "_").
_CHAR_TOKEN = re.compile(r"[0-9a-z]+|[^\W_\x00-\x7f]")


def char_spaced_normalized(norm: str) -> str:
    r""":func:`char_spaced` of text already :func:`normalize`\ d (and cut to :data:`MAX_INPUT_CHARS`)."""
    return " ".join(_CHAR_TOKEN.findall(norm))


def _char_tokens(norm: str) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for ch in norm:
        if ch.isascii() and ch.isalnum():
            run.append(ch)
            continue
        if run:
            out.append("".join(run))
            run = []
        if not ch.isascii() and ch.isalnum():
            out.append(ch)
    if run:
        out.append("".join(run))
    return out


def compact_number(text: str | None) -> str:
    """A number as indexed: ASCII letters and digits only, lower case (ZL201811564288.X → zl201811564288x)."""
    return "".join(_ASCII_ALNUM.findall(normalize(text[:200] if text else text)))


def patent_forms(number: str | None) -> list[str]:
    """The indexed forms of a patent number: bare, so ZL…, CN… and the plain digits all find it."""
    compact = compact_number(number)
    return [_strip_patent_prefix(compact)] if compact else []


def _strip_patent_prefix(compact: str) -> str:
    for prefix in ("zl", "cn"):
        if compact.startswith(prefix) and compact[2:3].isdigit():
            return compact[2:]
    return compact


# A prefix query merges the postings of every number starting with it: "2019" alone would walk the
# patents of a whole year. Digits match as a prefix from six on (year + type + a digit, or a USCC's
# first six), letters-and-digits (filing numbers) from four; shorter ones match whole numbers only.
MIN_DIGIT_PREFIX = 6
MIN_MIXED_PREFIX = 4


def _prefix_worthy(number: str) -> bool:
    if number.isdigit():
        return len(number) >= MIN_DIGIT_PREFIX
    return len(number) >= MIN_MIXED_PREFIX and any(ch.isdigit() for ch in number)


def initials(text: str | None) -> str:
    """Pinyin initials of a name (宁波材料科技 → nbclkj) for the search box; empty for empty input."""
    norm = normalize(text[:100] if text else text)
    return pinyin_initials(norm) if norm else ""


# -- weighted queries ---------------------------------------------------------------------------------


def weighted_terms(parts: Iterable[tuple[str | Iterable[str] | None, float]]) -> dict[str, float]:
    """Terms of several fields, each field with its weight; a term keeps the highest weight it got.

    A field may be a text or a list (keywords: each keyword is segmented, and a keyword that is one
    word stays one term). Order of first appearance is kept, so ties go to the earlier field.
    """
    out: dict[str, float] = {}
    for value, weight in parts:
        if not value or weight <= 0:
            continue
        items = [value] if isinstance(value, str) else list(value)
        for item in items:
            for term in words(item):
                if weight > out.get(term, 0.0):
                    out[term] = weight
    return out


def quote(term: str) -> str:
    """One FTS5 phrase: double quotes doubled, so nothing in ``term`` is read as syntax."""
    return '"' + term.replace('"', '""') + '"'


def or_query(terms: Mapping[str, float]) -> str:
    """``"a" OR "a" OR "b"``: FTS5's bm25 sums per phrase, so repeating a term multiplies its weight."""
    phrases: list[str] = []
    for term, weight in terms.items():
        phrases += [quote(term)] * max(1, min(MAX_REPEAT, round(weight)))
    return " OR ".join(phrases)


def idf(df: int, n_docs: int) -> float:
    """BM25's inverse document frequency, as FTS5 computes it (never below a small positive floor)."""
    return max(1e-6, math.log((n_docs - df + 0.5) / (df + 0.5)))


def matched_terms(terms: Iterable[str], *texts: str | None) -> list[str]:
    """The query terms that occur in any of ``texts`` (normalised), for highlighting; longest first."""
    haystack = " ".join(normalize(t[:MAX_INPUT_CHARS]) for t in texts if t)
    found = [term for term in dict.fromkeys(terms) if term and term in haystack]
    # Longest first, so a highlighter marks 碳纤维 before 纤维.
    return sorted(found, key=lambda t: (-len(t), t))


# -- global search --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    """A global-search MATCH expression and whether it can match anything at all."""

    expression: str

    def __bool__(self) -> bool:
        return bool(self.expression)


def search_query(text: str | None) -> SearchQuery:
    """Search-box text → FTS5 expression over ``search_fts(name, numbers, initials)``.

    Each whitespace-separated part must match (AND): as a substring of a name (a phrase over
    single characters; a trailing Latin word may be unfinished), as the start of a number (USCC, patent,
    registration, phone), or as the start of a name's pinyin initials (nbcl → 宁波材料…).
    """
    norm = normalize(text[:1000] if text else text)
    clauses: list[str] = []
    for part in norm.split()[:MAX_SEARCH_PARTS]:
        options: list[str] = []
        tokens = _char_tokens(part)
        if tokens:
            star = " *" if tokens[-1].isascii() else ""
            options.append(f"name : {quote(' '.join(tokens))}{star}")
        number = _strip_patent_prefix(compact_number(part))
        if _prefix_worthy(number):
            options.append(f"numbers : {quote(number)} *")
        elif number:
            options.append(f"numbers : {quote(number)}")
        letters = "".join(ch for ch in part if ch.isascii() and ch.isalpha())
        if len(letters) >= 2 and letters == part:
            options.append(f"initials : {quote(letters)} *")
        if options:
            clauses.append("(" + " OR ".join(options) + ")")
    expression = " AND ".join(clauses)
    whole = _strip_patent_prefix(compact_number(norm))
    if len(clauses) > 1 and _prefix_worthy(whole) and not any(not ch.isascii() for ch in norm):
        # A number pasted with spaces (2018 1156 4288.X, 9133 0200 …) is also one number.
        expression = f"(numbers : {quote(whole)} *) OR ({expression})"
    return SearchQuery(expression)
