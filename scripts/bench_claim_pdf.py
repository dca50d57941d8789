"""Benchmark of the claim form PDF against its floor: a bare reportlab page with the same text and font.

Run from the project root: ``python scripts/bench_claim_pdf.py [--count 1000] [--runs 50] [--qr-compare]``.
Prints the median time and size of one claim PDF, the total for ``--count`` claims (rendering only, and
building the document from the store plus rendering), the same for the floor, and the ratios.
``--qr-compare`` also times the form's QR encoder (``workbench.pdf.qr``) against the maintained encoder
segno (``pip install segno``): per code, and the whole form with each, against the floor.

Times are CPU time of this process (``time.process_time``): on a shared machine other processes stretch
wall-clock times of both sides unevenly; the work here is single-threaded, so on an idle machine the two
clocks agree.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the sample claim is built by the tests' own factories

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from tests.workbench.claim_samples import normal_claim  # noqa: E402
from workbench.claimdoc import ClaimDocument, build_claim_document, qr_payload_for  # noqa: E402
from workbench.pdf.claim_form import register_fonts, render_claim_pdf  # noqa: E402
from workbench.services.policies import sync_default_policies  # noqa: E402
from workbench.store import Store  # noqa: E402


def floor_pdf(lines: list[str], font: str) -> bytes:
    """The same text in the same font, drawn line by line on bare canvas pages: no layout at all.

    ``lines`` are the form's text as a PDF reader extracts it; a row of form cells extracts as one line,
    so the floor draws about as many strings as the form has rows, the fewest it could.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=font)
    canvas.setFont(font, 9)
    y = A4[1] - 40
    for line in lines:
        if y < 40:
            canvas.showPage()
            canvas.setFont(font, 9)
            y = A4[1] - 40
        canvas.drawString(40, y, line)
        y -= 12
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def median_times(fns: list[Callable[[], bytes]], runs: int) -> list[tuple[float, int]]:
    """Median time and size of each function, run in turns so that machine noise hits all alike."""
    for fn in fns:
        fn()  # warm-up: font parsing and imports are paid once per process, not per claim
    times: list[list[float]] = [[] for _ in fns]
    sizes = [0] * len(fns)
    for _ in range(runs):
        for i, fn in enumerate(fns):
            start = time.process_time()
            sizes[i] = len(fn())
            times[i].append(time.process_time() - start)
    return [(statistics.median(ts), size) for ts, size in zip(times, sizes, strict=True)]


def total_times(fns: list[Callable[[int], object]], count: int, chunk: int = 50) -> list[float]:
    """Total time of each function over claims 0..count-1, run in alternating chunks of ``chunk``.

    Run one after the other, a batch of a thousand takes long enough for the machine's load to change
    between them; in turns, a busy spell slows both sides alike and the ratio stays honest.
    """
    totals = [0.0] * len(fns)
    for first in range(0, count, chunk):
        for i, fn in enumerate(fns):
            start = time.process_time()
            for n in range(first, min(first + chunk, count)):
                fn(n)
            totals[i] += time.process_time() - start
    return totals


def compare_qr_encoders(
    doc: ClaimDocument, payloads: list[str], floor: Callable[[], bytes], runs: int
) -> None:
    """Per-code encode time and whole-form time with workbench.pdf.qr's encoder and with segno's."""
    try:
        import segno
    except ImportError:
        print("QR comparison skipped: segno is not installed (pip install segno)")
        return
    from workbench.pdf import qr

    ours = qr.qr_modules

    def segno_modules(payload: str) -> list[list[bool]]:
        code = segno.make_qr(payload, error="m", boost_error=False)
        return [[bool(module) for module in row] for row in code.matrix]

    encoders: dict[str, Callable[[str], list[list[bool]]]] = {
        "workbench.pdf.qr": ours,
        f"segno {segno.__version__}": segno_modules,
    }
    per_code: dict[str, list[float]] = {name: [] for name in encoders}
    for fn in encoders.values():
        fn(payloads[0])
    for _ in range(5):
        for name, fn in encoders.items():
            start = time.process_time()
            for payload in payloads:
                fn(payload)
            per_code[name].append((time.process_time() - start) / len(payloads))

    def form_with(fn: Callable[[str], list[list[bool]]]) -> Callable[[], bytes]:
        counter = iter(range(10**9))

        def render() -> bytes:
            n = next(counter) % len(payloads)
            # QrCode looks the encoder up in its module for each code; segno's takes no level argument.
            qr.qr_modules = fn  # type: ignore[assignment]
            try:
                return render_claim_pdf(dataclasses.replace(doc, qr_payload=payloads[n]))
            finally:
                qr.qr_modules = ours

        return render

    results = median_times([*(form_with(fn) for fn in encoders.values()), floor], runs)
    floor_median = results[-1][0]
    print("QR encoders (distinct claim payloads, level M)")
    for (name, times), (form_median, _size) in zip(per_code.items(), results, strict=False):
        print(
            f"  {name:18} encode median {statistics.median(times) * 1000:6.2f} ms/code   "
            f"form median {form_median * 1000:6.1f} ms   form/floor {form_median / floor_median:.2f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="claims in the batch timing")
    parser.add_argument("--runs", type=int, default=50, help="renders for the median")
    parser.add_argument("--qr-compare", action="store_true", help="also time segno as the QR encoder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db", key=bytes(32))
        with store.session() as session:
            sync_default_policies(session)
            claim_id = normal_claim(session).claim_id
        with store.session() as session:
            doc = build_claim_document(session, claim_id)
        font = register_fonts()
        form = render_claim_pdf(doc)
        reader = PdfReader(io.BytesIO(form))
        lines = [ln for page in reader.pages for ln in page.extract_text().splitlines() if ln.strip()]

        def variant(n: int) -> ClaimDocument:
            # Distinct claim numbers (and QR codes of the real size), so nothing cached can flatter the batch.
            claim_no = f"ZHENHAI-2026-{n:04d}"
            return dataclasses.replace(
                doc, claim_no=claim_no, qr_payload=qr_payload_for(claim_no, doc.fingerprint)
            )

        (form_median, form_size), (floor_median, floor_size) = median_times(
            [lambda: render_claim_pdf(doc), lambda: floor_pdf(lines, font)], args.runs
        )

        def build_and_render(_n: int) -> bytes:
            with store.session() as session:
                return render_claim_pdf(build_claim_document(session, claim_id))

        form_total, floor_total, full_total = total_times(
            [
                lambda n: render_claim_pdf(variant(n)),
                lambda n: floor_pdf([f"ZHENHAI-2026-{n:04d}", *lines], font),
                build_and_render,
            ],
            args.count,
        )
        if args.qr_compare:
            payloads = [variant(n).qr_payload for n in range(200)]
        store.close()

    pages = len(reader.pages)
    print(f"claim form ({pages} pages, {len(lines)} text lines)")
    print(f"  one PDF:   median {form_median * 1000:7.1f} ms   size {form_size / 1024:6.1f} KiB")
    print(f"  {args.count} claims: {form_total:7.2f} s rendering only")
    print(f"  {args.count} claims: {full_total:7.2f} s building from the store and rendering")
    print("floor (bare reportlab canvas, same text and font)")
    print(f"  one PDF:   median {floor_median * 1000:7.1f} ms   size {floor_size / 1024:6.1f} KiB")
    print(f"  {args.count} claims: {floor_total:7.2f} s")
    print(
        f"ratio form/floor: median {form_median / floor_median:.2f}x, batch {form_total / floor_total:.2f}x"
    )
    if args.qr_compare:
        compare_qr_encoders(doc, payloads, lambda: floor_pdf(lines, font), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
