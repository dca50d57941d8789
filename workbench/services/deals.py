"""Services of contracts (which move their match and need along) and the payments received on them.
Fields: ``workbench.catalog.deals``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, func, select

from workbench import enums
from workbench.errors import Issue, Severity, TransitionError
from workbench.i18n import t
from workbench.models import Claim, Contract, Enterprise, Institution, Match, Need, Payment
from workbench.services.base import EntityService, issue, note_change
from workbench.services.checks import date_range, division_of, exists
from workbench.services.work import MATCHES


class ContractService(EntityService[Contract]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Contract | None) -> list[Issue]:
        found = exists(session, Match, merged.get("match_id"), "match_id", t("对接", "match"))
        found += exists(
            session,
            Enterprise,
            merged.get("buyer_enterprise_id"),
            "buyer_enterprise_id",
            t("企业", "enterprise"),
        )
        found += exists(
            session,
            Institution,
            merged.get("seller_institution_id"),
            "seller_institution_id",
            t("技术持有单位", "institution"),
        )
        found += date_range(merged, "signed_on", "registered_on")
        found += date_range(merged, "valid_from", "valid_to")
        total, tech = merged.get("total_fen"), merged.get("tech_amount_fen")
        if total is not None and tech is not None and tech > total:
            found.append(
                issue(
                    "tech_amount_fen",
                    "contract.tech_gt_total",
                    t(
                        "技术交易额不能大于合同成交额",
                        "The technology amount cannot exceed the contract total",
                    ),
                )
            )
        reg = merged.get("registration_no")
        if reg:
            if not re.fullmatch(r"\d{14,20}", reg):
                found.append(
                    issue(
                        "registration_no",
                        "contract.registration_format",
                        t(
                            "登记编号通常为 14–20 位数字，请核对",
                            "Registration numbers are usually 14–20 digits; check it",
                        ),
                        Severity.WARNING,
                    )
                )
            dup = session.exec(
                select(Contract.id, Contract.title).where(
                    Contract.registration_no == reg, col(Contract.deleted_at).is_(None)
                )
            ).first()
            if dup is not None and (current is None or dup[0] != current.id):
                found.append(
                    issue(
                        "registration_no",
                        "contract.registration_duplicate",
                        t("登记编号已被合同“{n}”使用", "The registration number is used by “{n}”", n=dup[1]),
                    )
                )
        if merged.get("match_id") and current is None:
            taken = session.exec(
                select(Contract.id).where(
                    Contract.match_id == merged["match_id"], col(Contract.deleted_at).is_(None)
                )
            ).first()
            if taken:
                found.append(
                    issue(
                        "match_id",
                        "contract.match_taken",
                        t("该对接已有合同", "This match already has a contract"),
                    )
                )
            match = session.get(Match, merged["match_id"])
            if match is not None and match.stage == enums.MatchStage.DROPPED:
                found.append(
                    issue(
                        "match_id",
                        "contract.match_dropped",
                        t("该对接已放弃，不能签约", "This match was dropped and cannot be contracted"),
                    )
                )
        return found

    def derive(self, session: Session, obj: Contract) -> None:
        if obj.buyer_enterprise_id:
            buyer = session.get(Enterprise, obj.buyer_enterprise_id)
            if buyer is not None:
                obj.buyer_name = obj.buyer_name or buyer.name
                obj.buyer_uscc = obj.buyer_uscc or buyer.uscc
                obj.buyer_division_code = obj.buyer_division_code or buyer.division_code
        if obj.buyer_uscc and not obj.buyer_division_code:
            obj.buyer_division_code = division_of(obj.buyer_uscc)

    def clean(
        self, session: Session, data: Mapping[str, Any], *, current: Contract | None
    ) -> tuple[dict[str, Any], list[Issue]]:
        # Names may come from the linked records, so fill them before "required" is judged.
        filled = dict(data)
        if current is None and not filled.get("buyer_name") and filled.get("buyer_enterprise_id"):
            buyer = session.get(Enterprise, filled["buyer_enterprise_id"])
            if buyer is not None:
                filled["buyer_name"] = buyer.name
        if current is None and not filled.get("seller_name") and filled.get("seller_institution_id"):
            seller = session.get(Institution, filled["seller_institution_id"])
            if seller is not None:
                filled["seller_name"] = seller.name
                filled.setdefault("seller_uscc", seller.uscc)
        return super().clean(session, filled, current=current)

    def after_write(self, session: Session, obj: Contract, *, created: bool) -> None:
        if not obj.match_id:
            return
        match = session.get(Match, obj.match_id)
        if match is None:
            return
        if match.stage != enums.MatchStage.CONTRACTED:
            MATCHES._record(
                session,
                match,
                enums.MatchStage.CONTRACTED,
                note=t("登记合同", "contract recorded"),
                occurred_on=obj.signed_on,
            )
            session.add(match)
            note_change(session, "match", match.id)
        need = session.get(Need, match.need_id)
        if need is not None and need.status not in {"contracted", "closed"}:
            need.status = enums.NeedStatus.CONTRACTED.value
            session.add(need)
            note_change(session, "need", need.id)

    def check_delete(self, session: Session, obj: Contract) -> None:
        live = session.exec(
            select(func.count())
            .select_from(Claim)
            .where(Claim.contract_id == obj.id, col(Claim.deleted_at).is_(None), Claim.status != "draft")
        ).one()
        if live:
            raise TransitionError(
                t(
                    "合同已有提交的奖励申请，不能删除",
                    "The contract has submitted claims and cannot be deleted",
                ),
                code="contract.has_claims",
            )

    def received_fen(
        self, session: Session, contract_id: str, *, until: Any = None, since: Any = None
    ) -> int:
        stmt = select(func.coalesce(func.sum(Payment.amount_fen), 0)).where(
            Payment.contract_id == contract_id, col(Payment.deleted_at).is_(None)
        )
        if until is not None:
            stmt = stmt.where(col(Payment.paid_on) <= until)
        if since is not None:
            stmt = stmt.where(col(Payment.paid_on) >= since)
        return int(session.exec(stmt).one())

    def payments(self, session: Session, contract_id: str) -> list[Payment]:
        return list(
            session.exec(
                select(Payment)
                .where(Payment.contract_id == contract_id, col(Payment.deleted_at).is_(None))
                .order_by(col(Payment.paid_on))
            ).all()
        )


class PaymentService(EntityService[Payment]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Payment | None) -> list[Issue]:
        found = exists(session, Contract, merged.get("contract_id"), "contract_id", t("合同", "contract"))
        if found or merged.get("amount_fen") is None:
            return found
        contract = session.get(Contract, merged["contract_id"])
        assert contract is not None
        received = CONTRACTS.received_fen(session, contract.id) - (current.amount_fen if current else 0)
        if contract.total_fen and received + merged["amount_fen"] > contract.total_fen:
            found.append(
                issue(
                    "amount_fen",
                    "payment.over_total",
                    t("到账合计将超过合同成交额", "Payments would exceed the contract total"),
                    Severity.WARNING,
                )
            )
        signed = contract.signed_on
        if signed and merged.get("paid_on") and merged["paid_on"] < signed:
            found.append(
                issue(
                    "paid_on",
                    "payment.before_signing",
                    t("到账日期早于合同签订日期", "The payment date is before the signing date"),
                    Severity.WARNING,
                )
            )
        return found


CONTRACTS = ContractService(
    Contract, search_columns=("title", "registration_no", "seller_name", "buyer_name")
)
PAYMENTS = PaymentService(
    Payment, search_columns=("invoice_no", "voucher_ref"), default_order=("paid_on", True)
)
