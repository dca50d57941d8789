"""QR codes for printed forms: reportlab's QR encoding, computed faster, drawn as one filled path.

An encoder turns the text into code words with error correction, lays them out on the matrix, tries all
eight data masks and keeps the one whose matrix scores lowest on the standard's penalty rules. reportlab
builds the whole matrix nine times with per-module Python loops and recomputes the Reed–Solomon generator
for every block; together that took a quarter of a claim form's render.

Here everything that depends only on the version is computed once per version and kept: the matrix of
fixed patterns, where each data bit goes, which modules each mask flips, and the format and version
information each mask adds. Lines of the matrix are integers (the first module the highest bit), so a
code is its data bits OR-ed in, each mask a few dozen XORs, and the penalty rules are bit operations.
The penalty rules run on the whole matrix at once, its lines packed side by side in one integer. Text
modes, capacity, error correction, placement, masks and penalty quirks are reportlab's own, so the result
is identical for the same segments (the tests compare the matrices with reportlab's over many payloads
and versions).

Unlike reportlab, which takes one mode for the whole text, a text that would be all bytes is split into
byte and alphanumeric segments when that gives a smaller code: the claim QR carries the applicant's
Chinese name, which alone made its 64-digit fingerprint and uppercase fields bytes too (version 9; split,
version 8).

Why not a maintained encoder: segno 1.6.6 was measured in place of this one with
``python scripts/bench_claim_pdf.py --runs 20 --count 40 --qr-compare`` (CPU time, shared 2-core machine,
200 distinct claim payloads of 95 characters: alphanumeric mode, version 5, level M). Per code this
module takes 1.03 ms and segno 4.45 ms; the whole claim form's median is 19.0 ms with this module and
22.5 ms with segno, against a floor of 11.1 ms: 1.71× and 2.02× the floor (three runs: segno 2.01–2.05×).
segno would take the form past its budget of 2× the floor, so this module stays.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import black
from reportlab.platypus import Flowable

_FINDER_LIKE = "10111010000"
_DARK_RUN = re.compile("1+")
LEVEL_M = qrencoder.QRErrorCorrectLevel.M


def _lines(modules: list[list[bool]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A matrix as (row integers, column integers), the first module of each line the highest bit."""
    rows = tuple(int("".join("1" if m else "0" for m in row), 2) for row in modules)
    cols = tuple(int("".join("1" if m else "0" for m in col), 2) for col in zip(*modules, strict=True))
    return rows, cols


def _xor(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x ^ y for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every code of one version and level shares."""

    size: int
    fixed: tuple[tuple[int, ...], tuple[int, ...]]  # finder, timing and alignment patterns
    places: tuple[tuple[int, int, int, int], ...]  # per data bit: row, its bit, column, its bit
    flips: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # per mask: the data modules it inverts
    info: tuple[tuple[int, ...], ...]  # per mask: the dark format and version modules, as rows


@functools.cache
def _layout(version: int, level: int) -> _Layout:
    n = version * 4 + 17
    probe = qrencoder.QRCode(version, level)
    probe.dataCache = [0] * sum(b.totalCount for b in qrencoder.QRRSBlock.getRSBlocks(version, level))
    probe.moduleCount = n  # the data position walk reads it before any matrix exists
    positions = probe.dataPosIterator()
    places = tuple((row, 1 << (n - 1 - col), col, 1 << (n - 1 - row)) for col, row in positions)
    flips = []
    for mask in range(8):
        rule = qrencoder.QRUtil.getMask(mask)
        rows, cols = [0] * n, [0] * n
        for row, row_bit, col, col_bit in places:
            if rule(row, col):
                rows[row] |= row_bit
                cols[col] |= col_bit
        flips.append((tuple(rows), tuple(cols)))
    info, fixed = [], None
    for mask in range(8):
        # With all-zero data a matrix is its fixed patterns plus the mask; "test" mode leaves the
        # format and version information light, so the two modes differ in exactly those modules.
        probe.makeImpl(True, mask)
        trial_rows, trial_cols = _lines(probe.modules)
        if mask == 0:
            fixed = (_xor(trial_rows, flips[0][0]), _xor(trial_cols, flips[0][1]))
        probe.makeImpl(False, mask)
        info.append(_xor(_lines(probe.modules)[0], trial_rows))
    assert fixed is not None
    return _Layout(n, fixed, places, tuple(flips), tuple(info))


@functools.cache
def _packed_flips(version: int, level: int) -> tuple[tuple[int, int], ...]:
    """Per mask, the modules it inverts as packed rows and packed columns."""
    layout = _layout(version, level)
    return tuple((_pack(r, layout.size), _pack(c, layout.size)) for r, c in layout.flips)


def _pack(lines: Iterable[int], n: int) -> int:
    """Lines of ``n`` modules side by side in one integer, each in ``n + 1`` bits (the top one a light gap),
    the first line highest: the penalty rules then run on the whole matrix in a few integer operations.
    """
    packed = 0
    for line in lines:
        packed = (packed << (n + 1)) | line
    return packed


@functools.cache
def _packed_masks(n: int) -> tuple[int, int]:
    """Per line's n + 1 bits: the modules that have a right-hand neighbour; and the same without the
    first line (which has no line above it).
    """
    inner = _pack([(1 << (n - 1)) - 1] * n, n)
    return inner, inner & ((1 << ((n + 1) * (n - 1))) - 1)


def _packed_penalty(rows: int, cols: int, n: int) -> int:
    """``mask_penalty`` of a matrix given as packed rows and packed columns (see ``_pack``)."""
    inner, below = _packed_masks(n)
    score = 0
    for lines in (rows, cols):
        # Runs of ≥ 5 equal modules: ``equal`` marks each module equal to its right-hand neighbour, ``five``
        # each start of 5 equal modules; a run of k ≥ 5 modules gives k − 4 starts and costs (k − 4) + 2.
        equal = ~(lines ^ (lines >> 1)) & inner
        five = equal & (equal >> 1) & (equal >> 2) & (equal >> 3)
        score += five.bit_count() + 2 * (five & ~(five >> 1)).bit_count()
    above = rows >> (n + 1)  # each row moved onto the next one
    same = ~(above ^ (above >> 1)) & ~(rows ^ (rows >> 1)) & ~(above ^ rows) & below
    score += 3 * same.bit_count()
    text = format(rows, f"0{(n + 1) * n}b")  # each row after its gap bit, the last module left out
    score += 40 * sum(text.count(_FINDER_LIKE, (n + 1) * r + 1, (n + 1) * r + n) for r in range(n))
    return score + 10 * (abs(100 * rows.bit_count() // (n * n) - 50) // 5)


def mask_penalty(rows: list[int], cols: list[int], n: int) -> int:
    """The score of reportlab's ``QRUtil.getLostPoint`` for a matrix given as row and column bits.

    Runs of ≥5 equal modules in rows and columns cost length − 2; each 2×2 block of one colour 3; the
    finder-like 1011101 0000 pattern 40 (reportlab looks for it in rows only and stops one module short
    of the end); and 10 per 5 % the dark share is off 50 %.
    """
    return _packed_penalty(_pack(rows, n), _pack(cols, n), n)


@functools.cache
def _generator(ec_count: int) -> tuple[tuple[int, int], ...]:
    """The Reed–Solomon generator polynomial of degree ``ec_count`` as (position, log of coefficient)
    for its non-zero terms after the leading 1; reportlab recomputes it for every block of every code.
    """
    poly = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count).num
    return tuple((i, qrencoder.LOG_TABLE[c]) for i, c in enumerate(poly[1:], start=1) if c)


def _error_correction(data: list[int], ec_count: int) -> list[int]:
    """The remainder of data·x^ec_count divided by the generator: the block's error correction bytes."""
    exp, log = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    generator = _generator(ec_count)
    rem = [*data, *([0] * ec_count)]
    for i in range(len(data)):
        if rem[i]:
            factor = log[rem[i]]
            for offset, coefficient in generator:
                rem[i + offset] ^= exp[(factor + coefficient) % 255]
    return rem[len(data) :]


@functools.cache
def _capacity(version: int, level: int) -> int:
    """Data bits a code of this version and level holds."""
    return 8 * int(sum(block.dataCount for block in qrencoder.QRRSBlock.getRSBlocks(version, level)))


_ALNUM_INDEX = {char: n for n, char in enumerate(qrencoder.QRAlphaNum.chars)}


def _segment_bits(segment: qrencoder.QR, version: int) -> str:
    """One segment as reportlab's ``write`` puts it in the bit buffer, as a string of 0 and 1."""
    if isinstance(segment, qrencoder.QR8bitByte | qrencoder.QRAlphaNum):
        header = f"{segment.mode:04b}{len(segment.data):0{segment.getLengthBits(version)}b}"
    if isinstance(segment, qrencoder.QR8bitByte):
        data = bytes(segment.data)
        return header + (f"{int.from_bytes(data, 'big'):0{8 * len(data)}b}" if data else "")
    if isinstance(segment, qrencoder.QRAlphaNum):
        index = [_ALNUM_INDEX[c] for c in segment.data]
        pairs = [f"{45 * a + b:011b}" for a, b in zip(index[::2], index[1::2], strict=False)]
        tail = f"{index[-1]:06b}" if len(index) % 2 else ""
        return header + "".join(pairs) + tail
    buffer = qrencoder.QRBitBuffer()  # numeric and kanji: reportlab writes them
    segment.write(buffer, version)
    n = buffer.getLengthInBits()
    return "".join(f"{byte:08b}" for byte in buffer.buffer)[:n]


def _bit_length(segments: list[qrencoder.QR], version: int) -> int:
    return sum(4 + s.getLengthBits(version) + s.bitlength for s in segments)


def _version(segments: list[qrencoder.QR], level: int) -> int:
    """The smallest version the segments fit, as reportlab's ``calculate_version`` finds it."""
    for version in range(1, 40):
        if _bit_length(segments, version) <= _capacity(version, level):
            return version
    return 39  # reportlab's answer when nothing fits; ``codewords`` then says the data are too long


def codewords(version: int, level: int, data_list: list[qrencoder.QR]) -> list[int]:
    """The code's bytes in placement order, as reportlab's ``QRCode.createData`` makes them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(version, level)
    capacity = _capacity(version, level)
    bits = "".join(_segment_bits(segment, version) for segment in data_list)
    if len(bits) > capacity:
        raise ValueError(f"QR data too long: {len(bits)} > {capacity} bits")
    if len(bits) + 4 <= capacity:
        bits += "0000"  # terminator
    bits += "0" * (-len(bits) % 8)
    data = list(int(bits, 2).to_bytes(len(bits) // 8, "big")) if bits else []
    pads = itertools.cycle((qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1))
    data += [next(pads) for _ in range(capacity // 8 - len(data))]
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        chunk = data[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_error_correction(chunk, block.totalCount - block.dataCount))
    interleaved = itertools.chain(itertools.zip_longest(*data_blocks), itertools.zip_longest(*ec_blocks))
    return [byte for group in interleaved for byte in group if byte is not None]


_ALNUM = frozenset(qrencoder.QRAlphaNum.chars)
# Bits of a segment's mode and character count, by version group (1–9, 10–26, 27–40): bytes, alphanumeric.
_HEADER_BITS = ((4 + 8, 4 + 9), (4 + 16, 4 + 11), (4 + 16, 4 + 13))


def _split(payload: str, group: int) -> list[qrencoder.QR]:
    """The cheapest split of ``payload`` into byte and alphanumeric segments, for one version group.

    A shortest path over the runs of alphanumeric and other characters, in half-bits: an alphanumeric
    character costs 11 (two take 11 bits), a byte 16 per UTF-8 byte, and each new segment its header. A
    run is best taken whole in one mode (its costs are even along it), so runs are the steps.
    """
    headers = tuple(2 * h for h in _HEADER_BITS[group])
    never = 1 << 40  # a run alphanumeric mode cannot hold
    runs = ["".join(chars) for _alnum, chars in itertools.groupby(payload, _ALNUM.__contains__)]
    cost = [0, 0]  # the best split so far ending in bytes (0) or alphanumeric (1)
    back: list[tuple[int, int]] = []  # per run and mode: the mode of the run before
    for n, text in enumerate(runs):
        own = (16 * len(text.encode("utf-8")), 11 * len(text) if text[0] in _ALNUM else never)
        step: list[int] = []
        new: list[int] = []
        for mode in (0, 1):
            stay = cost[mode] + (headers[mode] if n == 0 else 0)
            switch = cost[1 - mode] + headers[mode]
            step.append(mode if stay <= switch else 1 - mode)
            new.append(min(stay, switch) + own[mode])
        back.append((step[0], step[1]))
        cost = new
    modes, mode = [], 0 if cost[0] <= cost[1] else 1
    for steps in reversed(back):
        modes.append(mode)
        mode = steps[mode]
    modes.reverse()
    segments: list[qrencoder.QR] = []
    for mode, pairs in itertools.groupby(zip(modes, runs, strict=True), key=lambda x: x[0]):
        text = "".join(run for _mode, run in pairs)
        segments.append(qrencoder.QRAlphaNum(text) if mode else qrencoder.QR8bitByte(text))
    return segments


def qr_segments(payload: str, level: int = LEVEL_M) -> list[qrencoder.QR]:
    """The segments ``payload`` is encoded in: reportlab's own single segment, unless splitting the text
    into byte and alphanumeric segments gives a smaller code.

    reportlab picks one mode for the whole text, so one Chinese character makes it all bytes (8 bits a
    character); the claim form's QR is mostly uppercase letters, digits and a 64-digit hex fingerprint,
    which alphanumeric mode packs into 5.5 bits a character: version 9 becomes 7.
    """
    code = qrencoder.QRCode(None, level)
    code.addData(payload)  # reportlab picks the mode: numeric, alphanumeric, kanji or bytes
    whole = list(code.dataList)
    if not isinstance(whole[0], qrencoder.QR8bitByte):
        return whole  # one numeric, alphanumeric or kanji segment: nothing to gain
    best, best_version = whole, _version(whole, level)
    for group, top in enumerate((9, 26, 40)):
        split = _split(payload, group)
        version = _version(split, level)
        if version <= top:  # the version group the headers were counted for
            if version < best_version:
                best, best_version = split, version
            break
    return best


def qr_modules(payload: str, level: int = LEVEL_M) -> list[list[bool]]:
    """The module matrix of ``payload``; level M by default (15 % of the code may be damaged)."""
    segments = qr_segments(payload, level)
    version = _version(segments, level)
    layout = _layout(version, level)
    rows, cols = list(layout.fixed[0]), list(layout.fixed[1])
    bits = "".join(format(byte, "08b") for byte in codewords(version, level, segments))
    for (row, row_bit, col, col_bit), bit in zip(layout.places, bits, strict=False):
        if bit == "1":  # positions past the data (remainder bits) stay light before masking
            rows[row] |= row_bit
            cols[col] |= col_bit
    n = layout.size
    packed_rows, packed_cols = _pack(rows, n), _pack(cols, n)
    flips = _packed_flips(version, level)

    def penalty(mask: int) -> tuple[int, int]:
        flip_rows, flip_cols = flips[mask]
        return _packed_penalty(packed_rows ^ flip_rows, packed_cols ^ flip_cols, n), mask

    best = min(range(8), key=penalty)  # the first of equally good masks, as reportlab chooses
    width = f"0{n}b"
    final = (x ^ f ^ i for x, f, i in zip(rows, layout.flips[best][0], layout.info[best], strict=True))
    return [[bit == "1" for bit in format(x, width)] for x in final]


class QrCode(Flowable):
    """A QR code of ``size`` points square, drawn as one filled path of module runs.

    reportlab's QrCodeWidget encodes the data twice and draws each run as a validated shape; the same
    encoder used once, drawn as one path, costs a fraction of that.
    """

    def __init__(self, payload: str, *, size: float) -> None:
        super().__init__()
        self.modules = qr_modules(payload)
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        """Each run of dark modules, continued down while the rows below repeat it, is one rectangle.

        Drawn in module units, rows downwards, so every coordinate is a small whole number: the path is
        written as PDF operators directly (``addLiteral``), without formatting each number as a float.
        """
        count = len(self.modules)
        rects: list[str] = []
        open_runs: dict[tuple[int, int], int] = {}
        lines = ["".join("1" if m else "0" for m in row) for row in self.modules]
        for r, line in enumerate([*lines, ""]):
            runs = {(m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(line)}
            for run in [run for run in open_runs if run not in runs]:
                top = open_runs.pop(run)
                rects.append(f"{run[0]} {top} {run[1]} {r - top} re")
            for run in runs:
                open_runs.setdefault(run, r)
        cell = self.size / count
        self.canv.saveState()
        self.canv.transform(cell, 0, 0, -cell, 0, self.size)
        self.canv.setFillColor(black)
        self.canv.addLiteral("\n".join(rects) + "\nf")
        self.canv.restoreState()
