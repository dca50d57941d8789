"""Settings, reward policies: a policy version's rules described in words (HTML) for the policies page."""

from __future__ import annotations

import html

from ui.workspaces.settings.common import translate
from workbench.enums import ContractType
from workbench.money import yuan_cell
from workbench.rules import Policy as RulePolicy
from workbench.rules import RateMode, format_percent

_yuan = yuan_cell


def applies_to_text(applies_to: str) -> str:
    """Who an attachment is asked of, in words."""
    return {
        "individual": translate("Settings", "个人经纪人"),
        "organisation": translate("Settings", "经纪机构"),
    }.get(applies_to, translate("Settings", "全部申请人"))


def describe_policy(rules: RulePolicy) -> str:
    """A policy version's rules as readable Chinese (or English) HTML."""
    e = html.escape
    parts: list[str] = [f"<h3>{e(rules.name)}　<span style='color:#5f6368'>"]
    parts.append(e(translate("Settings", "第 %1 版").replace("%1", str(rules.version))) + "</span></h3>")

    def row(label: str, value: str) -> str:
        return f"<tr><td style='color:#5f6368; padding-right:12px' valign='top'>{e(label)}</td><td>{value}</td></tr>"

    rows = [
        row(translate("Settings", "文号"), e(rules.document_no or "—")),
        row(
            translate("Settings", "叠加分组"),
            e(rules.stacking_group or translate("Settings", "自成一组"))
            + "<br><span style='color:#5f6368'>"
            + e(translate("Settings", "同一组的奖励互相抵减上限；不同组的奖励可以叠加。"))
            + "</span>",
        ),
        row(
            translate("Settings", "适用地区"),
            e(rules.jurisdiction)
            + (f"（{e('、'.join(rules.division_codes))}）" if rules.division_codes else ""),
        ),
        row(
            translate("Settings", "生效期间"),
            e(rules.effective_from.isoformat())
            + " — "
            + e(rules.effective_to.isoformat() if rules.effective_to else translate("Settings", "长期有效")),
        ),
        row(translate("Settings", "计算基数"), e(rules.base_kind.label)),
        row(translate("Settings", "计算方式"), e(rules.rate_mode.label)),
    ]
    if rules.rate_mode is RateMode.FLAT and rules.rate is not None:
        rows.append(row(translate("Settings", "奖励比例"), e(format_percent(rules.rate))))
    else:
        lines, lower = [], 0
        for tier in rules.tiers:
            if tier.up_to_fen is None:
                span = translate("Settings", "%1 元以上").replace("%1", _yuan(lower))
            else:
                span = (
                    translate("Settings", "%1 – %2 元")
                    .replace("%1", _yuan(lower))
                    .replace("%2", _yuan(tier.up_to_fen))
                )
            line = f"{e(span)}：{e(format_percent(tier.rate))}"
            if tier.cap_fen is not None:
                line += e(translate("Settings", "，本档最多 %1 元").replace("%1", _yuan(tier.cap_fen)))
            lines.append(line)
            lower = tier.up_to_fen or lower
        note = (
            translate("Settings", "（各段分别按本段比例计算后相加）")
            if rules.rate_mode is RateMode.MARGINAL
            else translate("Settings", "（按基数所在档的比例对全额计算）")
        )
        rows.append(
            row(
                translate("Settings", "分档"),
                "<br>".join(lines) + f"<br><span style='color:#5f6368'>{e(note)}</span>",
            )
        )
    rows.append(
        row(
            translate("Settings", "起奖门槛"),
            e(translate("Settings", "基数达到 %1 元").replace("%1", _yuan(rules.min_threshold_fen)))
            if rules.min_threshold_fen
            else e(translate("Settings", "无")),
        )
    )
    none = translate("Settings", "不设上限")
    rows.append(
        row(
            translate("Settings", "单个项目上限"),
            e(
                _yuan(rules.cap_per_project_fen) + translate("Settings", " 元")
                if rules.cap_per_project_fen is not None
                else none
            ),
        )
    )
    rows.append(
        row(
            translate("Settings", "每人每年上限"),
            e(
                _yuan(rules.cap_per_broker_year_fen) + translate("Settings", " 元")
                if rules.cap_per_broker_year_fen is not None
                else none
            ),
        )
    )
    rows.append(row(translate("Settings", "取整"), e(rules.rounding.label)))
    elig = rules.eligibility
    conditions = []
    if elig.require_registered:
        conditions.append(translate("Settings", "合同须经技术合同认定登记"))
    if elig.buyer_in_jurisdiction:
        conditions.append(translate("Settings", "买方须在本地区"))
    if elig.require_need_filed:
        conditions.append(translate("Settings", "需求须已入库备案"))
    if elig.one_claim_per_contract:
        conditions.append(translate("Settings", "每份合同只能申请一次"))
    types = (
        "、".join(ContractType(c.value).label for c in elig.allowed_contract_types)
        if elig.allowed_contract_types
        else translate("Settings", "不限")
    )
    conditions.append(translate("Settings", "合同类型：%1").replace("%1", types))
    rows.append(row(translate("Settings", "申请条件"), "<br>".join(e(c) for c in conditions)))
    if rules.attachments:
        items = [
            e(a.label)
            + (
                " <b>" + e(translate("Settings", "（必备）")) + "</b>"
                if a.required
                else e(translate("Settings", "（可选）"))
            )
            + (e("　" + applies_to_text(a.applies_to)) if a.applies_to else "")
            for a in rules.attachments
        ]
        rows.append(row(translate("Settings", "附件"), "<br>".join(items)))
    form = rules.form
    if form.title:
        rows.append(row(translate("Settings", "申请表标题"), e(form.title)))
    if form.authority_boxes:
        rows.append(row(translate("Settings", "审核栏"), e("、".join(form.authority_boxes))))
    if form.declaration:
        rows.append(row(translate("Settings", "申请人声明"), e(form.declaration)))
    if rules.notes.strip():
        rows.append(row(translate("Settings", "说明"), e(rules.notes.strip()).replace("\n", "<br>")))
    if rules.source:
        rows.append(row(translate("Settings", "依据"), e(rules.source)))
    parts.append("<table cellspacing='4'>" + "".join(rows) + "</table>")
    return "".join(parts)
