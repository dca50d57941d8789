"""The period report for the district's review: one workbook of what happened between two dates.

Sheets: a summary (the Today dashboard's figures as of the last day, the period's totals, per-broker
totals), then visits, needs, matches by stage, contracts, payments and claims in the period, each with a
totals row. Which date puts a record in the period: a visit's start (local day), a need's creation, a
match's creation, a contract's signing, a payment's date, a claim's date (``claimed_on``); deleted records
and claims replaced by an amendment are left out, as the dashboard does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from workbench.enums import ClaimStatus, MatchStage, NeedStatus
from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.io import fieldmap as fm
from workbench.io.export import add_sheet, close_book, new_book
from workbench.models import Broker, Claim, Contract, Enterprise, Match, Need, Payment, Visit, VisitBroker
from workbench.services.stats import dashboard_stats


class ReportError(WorkbenchError):
    """The report cannot be made (dates reversed, file not writable)."""


def _utc_bound(day: date) -> datetime:
    """Midnight local time of ``day``, in UTC."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def period_report(session: Session, start: date, end: date, path: str | Path) -> dict[str, int]:
    """Write the report for ``start``..``end`` (both included) to ``path``; returns rows per sheet."""
    if end < start:
        raise ReportError(t("结束日期早于开始日期", "The end date is before the start date"))
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise ReportError(t("报表只能保存为 .xlsx", "The report is saved as .xlsx only"))
    lo, hi = _utc_bound(start), _utc_bound(end + timedelta(days=1))
    book = new_book(p)
    counts: dict[str, int] = {}
    sheets: list[tuple[str, Sequence[str], Sequence[str], list[list[Any]], dict[int, Any]]] = []

    firm = dict(session.exec(select(Enterprise.id, Enterprise.name)).all())
    brokers = dict(session.exec(select(Broker.id, Broker.name)).all())

    visits = session.exec(
        select(Visit)
        .where(col(Visit.deleted_at).is_(None), col(Visit.started_at) >= lo, col(Visit.started_at) < hi)
        .order_by(col(Visit.started_at))
    ).all()
    visit_brokers: dict[str, list[str]] = {}
    for vid, bid in session.exec(select(VisitBroker.visit_id, VisitBroker.broker_id)).all():
        visit_brokers.setdefault(vid, []).append(bid)
    rows: list[list[Any]] = [
        [
            _aware(v.started_at),
            firm.get(v.enterprise_id, ""),
            v.place,
            v.summary[:500],
            v.follow_up_on,
            "、".join(brokers.get(b, "") for b in visit_brokers.get(v.id, [])),
        ]
        for v in visits
    ]
    sheets.append(
        (
            t("走访", "Visits"),
            [
                t("走访时间", "Time"),
                t("企业", "Enterprise"),
                t("地点", "Place"),
                t("纪要", "Summary"),
                t("回访日期", "Follow-up"),
                t("经纪人", "Brokers"),
            ],
            [fm.DATETIME, fm.TEXT, fm.TEXT, fm.TEXT, fm.DATE, fm.TEXT],
            rows,
            {1: len(rows)},
        )
    )

    needs = session.exec(
        select(Need)
        .where(col(Need.deleted_at).is_(None), col(Need.created_at) >= lo, col(Need.created_at) < hi)
        .order_by(col(Need.created_at))
    ).all()
    rows = [
        [
            _aware(n.created_at),
            n.title,
            firm.get(n.enterprise_id, ""),
            NeedStatus(n.status).label,
            n.own_funds_fen,
        ]
        for n in needs
    ]
    sheets.append(
        (
            t("需求", "Needs"),
            [
                t("登记时间", "Recorded"),
                t("需求名称", "Title"),
                t("企业", "Enterprise"),
                t("状态", "Status"),
                t("自筹资金（元）", "Own funds (yuan)"),
            ],
            [fm.DATETIME, fm.TEXT, fm.TEXT, fm.TEXT, fm.MONEY],
            rows,
            {1: len(rows), 4: sum(r[4] or 0 for r in rows)},
        )
    )

    by_stage = dict(
        session.exec(
            select(Match.stage, func.count())
            .where(col(Match.deleted_at).is_(None), col(Match.created_at) >= lo, col(Match.created_at) < hi)
            .group_by(col(Match.stage))
        ).all()
    )
    rows = [[s.label, by_stage.get(s.value, 0)] for s in MatchStage]
    sheets.append(
        (
            t("对接", "Matches"),
            [t("阶段", "Stage"), t("对接数", "Matches")],
            [fm.TEXT, fm.TEXT],
            rows,
            {1: sum(r[1] for r in rows)},
        )
    )

    contracts = session.exec(
        select(Contract)
        .where(
            col(Contract.deleted_at).is_(None),
            col(Contract.signed_on) >= start,
            col(Contract.signed_on) <= end,
        )
        .order_by(col(Contract.signed_on))
    ).all()
    rows = [
        [c.title, c.registration_no, c.buyer_name, c.seller_name, c.signed_on, c.total_fen, c.tech_amount_fen]
        for c in contracts
    ]
    sheets.append(
        (
            t("合同", "Contracts"),
            [
                t("项目名称", "Project"),
                t("登记编号", "Registration no."),
                t("买方", "Buyer"),
                t("卖方", "Seller"),
                t("签订日期", "Signed on"),
                t("成交额（元）", "Total (yuan)"),
                t("技术交易额（元）", "Technology amount (yuan)"),
            ],
            [fm.TEXT, fm.CODE, fm.TEXT, fm.TEXT, fm.DATE, fm.MONEY, fm.MONEY],
            rows,
            {1: len(rows), 5: sum(r[5] for r in rows), 6: sum(r[6] for r in rows)},
        )
    )

    titles = dict(session.exec(select(Contract.id, Contract.title)).all())
    payments = session.exec(
        select(Payment)
        .where(col(Payment.deleted_at).is_(None), col(Payment.paid_on) >= start, col(Payment.paid_on) <= end)
        .order_by(col(Payment.paid_on))
    ).all()
    rows = [
        [titles.get(p.contract_id, ""), p.paid_on, p.amount_fen, p.invoice_no, p.voucher_ref]
        for p in payments
    ]
    sheets.append(
        (
            t("到账", "Payments"),
            [
                t("合同", "Contract"),
                t("到账日期", "Paid on"),
                t("金额（元）", "Amount (yuan)"),
                t("发票号", "Invoice"),
                t("银行凭证号", "Voucher"),
            ],
            [fm.TEXT, fm.DATE, fm.MONEY, fm.CODE, fm.CODE],
            rows,
            {1: len(rows), 2: sum(r[2] for r in rows)},
        )
    )

    claims = _claims(session, start, end)
    rows = [
        [
            c.claim_no,
            titles.get(c.contract_id, ""),
            brokers.get(c.broker_id, ""),
            ClaimStatus(c.status).label,
            c.claimed_on,
            c.base_fen,
            c.amount_fen,
        ]
        for c in claims
    ]
    sheets.append(
        (
            t("奖励申请", "Claims"),
            [
                t("申请编号", "Claim no."),
                t("合同", "Contract"),
                t("经纪人", "Broker"),
                t("状态", "Status"),
                t("申请日期", "Claimed on"),
                t("计奖基数（元）", "Base (yuan)"),
                t("奖励金额（元）", "Amount (yuan)"),
            ],
            [fm.CODE, fm.TEXT, fm.TEXT, fm.TEXT, fm.DATE, fm.MONEY, fm.MONEY],
            rows,
            {1: len(rows), 5: sum(r[5] for r in rows), 6: sum(r[6] for r in rows)},
        )
    )

    _summary(
        book,
        session,
        start=start,
        end=end,
        sheets=sheets,
        visits=visits,
        visit_brokers=visit_brokers,
        claims=claims,
        brokers=brokers,
    )
    for name, headings, kinds, data, totals in sheets:
        counts[name] = add_sheet(book, name, headings, kinds, data, total_row=totals)
    close_book(book, p)
    return counts


def _claims(session: Session, start: date, end: date) -> list[Claim]:
    rows = list(
        session.exec(
            select(Claim)
            .where(
                col(Claim.deleted_at).is_(None), col(Claim.claimed_on) >= start, col(Claim.claimed_on) <= end
            )
            .order_by(col(Claim.claimed_on), col(Claim.claim_no))
        ).all()
    )
    replaced = {c.replaces_id for c in rows if c.replaces_id}
    return [c for c in rows if c.id not in replaced]


def _summary(
    book: Any,
    session: Session,
    *,
    start: date,
    end: date,
    sheets: list[Any],
    visits: Sequence[Visit],
    visit_brokers: dict[str, list[str]],
    claims: Sequence[Claim],
    brokers: dict[str, str],
) -> None:
    stats = dashboard_stats(session, today=end)
    fmts = book._workbench_formats if hasattr(book, "_workbench_formats") else None
    ws = book.add_worksheet(t("汇总", "Summary"))
    if fmts is None:
        from workbench.io.export import _formats

        fmts = _formats(book)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 4, 16)
    r = 0
    ws.write_string(r, 0, t("技术经纪人工作报表", "Broker activity report"), fmts["bold"])
    ws.write_string(
        r + 1, 0, t("期间：{a} 至 {b}", "Period: {a} to {b}", a=start.isoformat(), b=end.isoformat())
    )
    r = 3
    ws.write_string(r, 0, t("期间合计", "Period totals"), fmts["head"])
    ws.write_string(r, 1, t("数量", "Count"), fmts["head"])
    ws.write_string(r, 2, t("金额（元）", "Amount (yuan)"), fmts["head"])
    for name, _headings, kinds, data, totals in sheets:
        r += 1
        ws.write_string(r, 0, name)
        ws.write_number(r, 1, totals.get(1, 0) if kinds[1] != fm.MONEY else len(data))
        money_cols = [c for c, k in enumerate(kinds) if k == fm.MONEY]
        if money_cols:
            ws.write_number(r, 2, totals.get(money_cols[-1], 0) / 100, fmts[fm.MONEY])
    r += 2
    ws.write_string(
        r, 0, t("工作台数字（截至 {d}）", "Dashboard figures (as of {d})", d=end.isoformat()), fmts["head"]
    )
    ws.write_string(r, 1, "", fmts["head"])
    figures: list[tuple[str, Any, bool]] = [
        (t("本月走访", "Visits this month"), stats.visits_this_month, False),
        (t("上月走访", "Visits last month"), stats.visits_last_month, False),
        (t("本年走访", "Visits this year"), stats.visits_this_year, False),
        (t("本年走访企业", "Enterprises visited this year"), stats.enterprises_visited_this_year, False),
        (t("逾期回访", "Overdue follow-ups"), stats.follow_ups_overdue, False),
        (t("即将回访", "Follow-ups due soon"), stats.follow_ups_due_soon, False),
        (t("未结需求", "Open needs"), stats.open_needs, False),
        (t("进行中的对接", "Active matches"), stats.active_matches, False),
        (t("本年合同", "Contracts this year"), stats.contracts_this_year, False),
        (t("本年合同成交额（元）", "Contract totals this year (yuan)"), stats.contract_total_fen, True),
        (t("本年技术交易额（元）", "Technology amounts this year (yuan)"), stats.contract_tech_fen, True),
        (t("本年到账（元）", "Received this year (yuan)"), stats.received_this_year_fen, True),
        (t("本年已申报奖励（元）", "Rewards claimed this year (yuan)"), stats.rewards_claimed_fen, True),
        (t("本年已批准奖励（元）", "Rewards approved this year (yuan)"), stats.rewards_approved_fen, True),
        (t("本年已发放奖励（元）", "Rewards paid this year (yuan)"), stats.rewards_paid_fen, True),
    ]
    for label, value, is_money in figures:
        r += 1
        ws.write_string(r, 0, label)
        if is_money:
            ws.write_number(r, 1, value / 100, fmts[fm.MONEY])
        else:
            ws.write_number(r, 1, value)
    r += 2
    heads = [
        t("经纪人", "Broker"),
        t("期间走访", "Visits"),
        t("奖励申请", "Claims"),
        t("申请金额（元）", "Claimed (yuan)"),
    ]
    for c, h in enumerate(heads):
        ws.write_string(r, c, h, fmts["head"])
    per: dict[str, list[int]] = {}
    for v in visits:
        for b in visit_brokers.get(v.id, []):
            per.setdefault(b, [0, 0, 0])[0] += 1
    for claim in claims:
        entry = per.setdefault(claim.broker_id, [0, 0, 0])
        entry[1] += 1
        entry[2] += claim.amount_fen
    for bid, (nv, nc, amount) in sorted(per.items(), key=lambda kv: brokers.get(kv[0], "")):
        r += 1
        ws.write_string(r, 0, brokers.get(bid, bid))
        ws.write_number(r, 1, nv)
        ws.write_number(r, 2, nc)
        ws.write_number(r, 3, amount / 100, fmts[fm.MONEY])
    r += 1
    ws.write_string(r, 0, t("合计", "Total"), fmts["bold"])
    ws.write_number(r, 1, sum(v[0] for v in per.values()), fmts["total_int"])
    ws.write_number(r, 2, sum(v[1] for v in per.values()), fmts["total_int"])
    ws.write_number(r, 3, sum(v[2] for v in per.values()) / 100, fmts["total"])
