"""Chinese line breaking for the claim form: words stay whole, numbers keep their units, kinsoku rules.

reportlab's CJK wrapping breaks between any two characters ("技术经/纪人", "财/政局", "71,700./00 元");
its word wrapping breaks only at spaces. Here text is cut into atoms that must not be split:

- a number with its sign and unit ("¥15,000.00", "15,000.00 元", "1.5%") and a Latin code ("ZL2018…");
- a Chinese word, as the segmenter (jieba) sees it, with the form's own terms added (技术经纪人, 财政局…);
- punctuation joined to its neighbour, so no line starts with a closing mark (，。）」…) and no line ends
  with an opening one (（「《…) — the basic 禁则 (kinsoku) of Chinese and Japanese typesetting.

Lines are then filled greedily with whole atoms; an atom longer than a line is cut between characters,
a closing mark hanging past the edge rather than starting the next line. ``balanced_lines`` sets a label
on lines of even length without cutting a word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import rjieba

# May not start a line (closing brackets, pause and stop marks, units that follow a number).
NO_START = frozenset("，。、；：！？）》」』】〕〉’”…·%％,.;:!?)]}>")
# May not end a line (opening brackets, currency signs that precede a number).
NO_END = frozenset("（《「『【〔〈‘“([{<¥￥")
# Terms of the form that the segmenter's dictionary would cut ("技术|经纪人", "法定代表|人").
FORM_WORDS = (
    "技术经纪人",
    "经纪组织",
    "财政局",
    "科学技术局",
    "科技局",
    "法定代表人",
    "盖章",
    "签字",
    "统一社会信用代码",
    "身份证号",
    "合同登记编号",
    "认定登记",
    "营业执照",
)
_UNIT = r"(?:\s?(?:万元|亿元|元|万|%|％|个月|年|月|日|天|项|件|人|mm|MB))?"
_TOKEN = re.compile(
    r"(?P<num>[¥￥]?\d[\d,]*(?:\.\d+)?" + _UNIT + r")"
    r"|(?P<latin>[A-Za-z0-9][A-Za-z0-9._\-/@:#]*)"
    r"|(?P<space>\s+)"
    r"|(?P<cjk>[^\sA-Za-z0-9¥￥]+)"
)

Measure = Callable[[str], float]


@functools.cache
def _segmenter() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in FORM_WORDS:
        jieba.add_word(word, 100000, None)
    return jieba


@functools.lru_cache(maxsize=4096)
def atoms(text: str) -> tuple[str, ...]:
    """``text`` as the pieces a line may not be broken inside; joined they give ``text`` back."""
    pieces: list[str] = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "space":
            if pieces:
                pieces[-1] += value  # a break after the space; trailing spaces are dropped at a line end
            else:
                pieces.append(value)
        elif kind == "cjk":
            pieces.extend(_segmenter().cut(value, True))
        else:
            pieces.append(value)
    merged: list[str] = []
    carry = ""
    for raw in pieces:
        piece, carry = carry + raw, ""
        if merged and piece[0] in NO_START:
            merged[-1] += piece
        else:
            merged.append(piece)
        if merged[-1].rstrip() and merged[-1].rstrip()[-1] in NO_END:
            carry = merged.pop()
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    return tuple(_glue_brackets(merged))


def _glue_brackets(pieces: list[str]) -> list[str]:
    """A short bracketed note written straight after a code stays with it: "ZL201811564288.X（发明）"
    (the note says what the number is). After Chinese text a break before the bracket is allowed.
    """
    glued: list[str] = []
    for piece in pieces:
        if (
            glued
            and piece[0] in "（("
            and glued[-1][-1].isascii()
            and glued[-1][-1].isalnum()
            and len(piece.rstrip()) <= 8
            and piece.rstrip()[-1] in "）)；，、"
        ):
            glued[-1] += piece
        else:
            glued.append(piece)
    return glued


def break_lines(text: str, room: float, width: Measure) -> list[str]:
    """``text`` on lines at most ``room`` wide (``width`` measures a string); kept newlines stay."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_fill(atoms(paragraph), room, width) or [""])
    return lines


def _fill(pieces: tuple[str, ...], room: float, width: Measure) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in pieces:
        candidate = line + piece
        if width(candidate.rstrip()) <= room or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip())
            line = piece.lstrip()
        if width(line.rstrip()) > room:  # one atom longer than a line: cut it between characters
            *full, line = _cut(line, room, width)
            lines.extend(full)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _cut(text: str, room: float, width: Measure) -> list[str]:
    lines: list[str] = []
    line = ""
    for char in text:
        # A closing mark hangs past the edge (悬挂) rather than start a line.
        if line and width(line + char) > room and char not in NO_START:
            if line[-1] in NO_END and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += char
    lines.append(line)
    return lines


def balanced_lines(text: str, room: float, width: Measure) -> list[str]:
    """As few lines as ``break_lines`` gives, of the most even length: 镇海区财政局|意见 reads worse than
    镇海区|财政局意见, and 技术经纪人 is never cut to balance them.
    """
    lines = break_lines(text, room, width)
    if len(lines) < 2:
        return lines
    low, high = max(width(a.strip()) for a in atoms(text)), room
    best = lines
    for _ in range(12):
        if high - low < 0.5:
            break
        middle = (low + high) / 2
        trial = break_lines(text, middle, width)
        if len(trial) <= len(lines):
            best, high = trial, middle
        else:
            low = middle
    return best


def widest_atom(text: str, width: Measure) -> float:
    """The width of the longest piece of ``text`` that may not be broken (a column's least width)."""
    return max((width(a.strip()) for a in atoms(text)), default=0.0)
