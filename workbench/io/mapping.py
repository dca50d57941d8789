"""Which column of a file fills which field: finding the header row, guessing, remembering corrections.

The header row is the row (among the first :data:`HEADER_SCAN_ROWS`) whose cells name the most known
fields, so a title line or a blank line above the table does not matter. A mapping the user corrected is
remembered per *header set* (the file's headings, normalised) in a JSON file in the settings folder: the
next file with the same columns maps the same way, without a schema change.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.io import fieldmap as fm
from workbench.io.cells import as_text
from workbench.io.readers import SheetData, expand_merged_header
from workbench.textnorm import fold_width

HEADER_SCAN_ROWS = 30
MAPPINGS_FILE = "import_mappings.json"
_DECOR = re.compile(r"[\s*＊:：_\-·.]|[(（\[【][^)）\]】]*[)）\]】]")


def norm_heading(text: Any) -> str:
    """Headings compared loosely: width folded, case, spaces, stars, colons and (bracketed notes) dropped."""
    return _DECOR.sub("", fold_width(as_text(text)).lower())


def _lookup(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fm.import_fields(kind):
        for h in f.headings():
            out.setdefault(norm_heading(h), f.name)
        out.setdefault(norm_heading(f.zh + f.en), f.name)
    return out


@dataclass
class Layout:
    """Where the table is in a sheet and how its columns map to fields."""

    header_row: int  # 0-based row index of the headings
    headers: list[str]
    mapping: dict[int, str]  # column index → field name
    remembered: bool = False
    merged_filled: int = 0
    unmapped: list[str] = field(default_factory=list)

    def column_of(self, field_name: str) -> int | None:
        for col, name in self.mapping.items():
            if name == field_name:
                return col
        return None


def guess_mapping(kind: str, headers: Sequence[str]) -> dict[int, str]:
    """Column → field by known headings; a field is mapped once (the leftmost column wins)."""
    lookup = _lookup(kind)
    out: dict[int, str] = {}
    used: set[str] = set()
    for col, heading in enumerate(headers):
        key = norm_heading(heading)
        name = lookup.get(key) if key else None
        if name and name not in used:
            out[col] = name
            used.add(name)
    return out


def find_header_row(kind: str, sheet: SheetData) -> int:
    lookup = _lookup(kind)
    best_row, best_score = -1, 0
    for i in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        # Merged cells count in every row they cover: a two-row heading's lower row then names everything.
        row = _with_merged(sheet, i)
        score = len({lookup[k] for c in row if (k := norm_heading(c)) in lookup})
        if score > best_score:
            best_row, best_score = i, score
    if best_row >= 0:
        return best_row
    for i, row in enumerate(sheet.rows):
        if sum(1 for c in row if as_text(c)) >= 2:
            return i
    return 0


def _with_merged(sheet: SheetData, index: int) -> list[Any]:
    row = list(sheet.rows[index])
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= index <= r1 and r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]):
            for c in range(c0, min(c1 + 1, len(row))):
                if as_text(row[c]) == "":
                    row[c] = sheet.rows[r0][c0]
    return row


def layout(kind: str, sheet: SheetData, *, config_dir: Path | None = None) -> Layout:
    """Header row and mapping of a sheet: a remembered mapping for these headings, else a guess."""
    row = find_header_row(kind, sheet)
    filled = expand_merged_header(sheet, row)
    headers = [as_text(c) for c in sheet.rows[row]] if row < len(sheet.rows) else []
    saved = load_mapping(config_dir, kind, headers) if config_dir else None
    mapping = saved if saved is not None else guess_mapping(kind, headers)
    unmapped = [h for i, h in enumerate(headers) if h and i not in mapping]
    return Layout(row, headers, mapping, saved is not None, filled, unmapped)


def header_key(kind: str, headers: Sequence[str]) -> str:
    text = "\x1f".join(norm_heading(h) for h in headers)
    return kind + ":" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _store_path(config_dir: Path) -> Path:
    return config_dir / MAPPINGS_FILE


def _read_all(config_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads(_store_path(config_dir).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_mapping(config_dir: Path | None, kind: str, headers: Sequence[str]) -> dict[int, str] | None:
    if config_dir is None:
        return None
    entry = _read_all(config_dir).get(header_key(kind, headers))
    if not isinstance(entry, dict):
        return None
    known = {f.name for f in fm.import_fields(kind)}
    return {int(c): n for c, n in entry.items() if n in known and int(c) < len(headers)}


def save_mapping(config_dir: Path, kind: str, headers: Sequence[str], mapping: Mapping[int, str]) -> None:
    """Remember this mapping for files with the same headings (written atomically)."""
    data = _read_all(config_dir)
    data[header_key(kind, headers)] = {str(c): n for c, n in sorted(mapping.items())}
    config_dir.mkdir(parents=True, exist_ok=True)
    tmp = _store_path(config_dir).with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(_store_path(config_dir))


def mapping_from_headings(kind: str, headers: Sequence[str], by_heading: Mapping[str, str]) -> dict[int, str]:
    """A mapping given as heading → field (the CLI's --mapping file); unknown fields are refused."""
    known = {f.name for f in fm.import_fields(kind)}
    out: dict[int, str] = {}
    for col, heading in enumerate(headers):
        name = by_heading.get(heading) or by_heading.get(norm_heading(heading))
        if name:
            if name not in known:
                raise KeyError(name)
            out[col] = name
    return out
