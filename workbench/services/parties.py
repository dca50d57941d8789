"""Services of the people and organisations: brokers (and which one is "me"), enterprises, contacts and
technology owners. Their fields are in ``workbench.catalog.parties``; here are the cross-record rules.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from workbench.errors import Issue, Severity, TransitionError
from workbench.i18n import t
from workbench.models import Broker, Contact, Contract, Enterprise, Institution
from workbench.services.base import EntityService, issue
from workbench.services.checks import division_of, exists
from workbench.textnorm import pinyin_initials


def self_broker(session: Session) -> Broker | None:
    """The broker profile marked as the app's own user (the claimant), if one exists."""
    return session.exec(select(Broker).where(col(Broker.is_self), col(Broker.deleted_at).is_(None))).first()


class BrokerService(EntityService[Broker]):
    def self_broker(self, session: Session) -> Broker | None:
        return self_broker(session)

    def check(self, session: Session, merged: dict[str, Any], *, current: Broker | None) -> list[Issue]:
        if merged.get("is_self"):
            mine = self_broker(session)
            if mine is not None and mine.id != (current.id if current else None):
                return [
                    issue(
                        "is_self",
                        "broker.self_exists",
                        t("已有一位“本人”经纪人档案", "Another broker profile is already marked as you"),
                    )
                ]
        return []

    def missing_for_claim(self, broker: Broker) -> list[Issue]:
        """The profile fields a claim form cannot do without."""
        needed = ("name", "id_card", "certificate_no", "phone", "bank_name", "account_name", "account_number")
        return [
            issue(
                key,
                "broker.incomplete",
                t("经纪人档案缺少{f}", "The broker profile lacks the {f}", f=self.entity.field(key).text()),
            )
            for key in needed
            if not getattr(broker, key)
        ]


class EnterpriseService(EntityService[Enterprise]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Enterprise | None) -> list[Issue]:
        code = merged.get("uscc")
        if not code:
            return []
        stmt = select(Enterprise.id, Enterprise.name).where(
            Enterprise.uscc == code, col(Enterprise.deleted_at).is_(None)
        )
        for other_id, other_name in session.exec(stmt).all():
            if current is None or other_id != current.id:
                return [
                    issue(
                        "uscc",
                        "uscc.duplicate",
                        t(
                            "已有企业“{n}”使用此统一社会信用代码",
                            "Enterprise “{n}” already has this code",
                            n=other_name,
                        ),
                    )
                ]
        return []

    def derive(self, session: Session, obj: Enterprise) -> None:
        obj.name_initials = pinyin_initials(obj.name)
        if obj.uscc and not obj.division_code:
            obj.division_code = division_of(obj.uscc)

    def check_delete(self, session: Session, obj: Enterprise) -> None:
        live = session.exec(
            select(func.count())
            .select_from(Contract)
            .where(Contract.buyer_enterprise_id == obj.id, col(Contract.deleted_at).is_(None))
        ).one()
        if live:
            raise TransitionError(
                t(
                    "企业“{n}”有 {c} 份合同，不能删除",
                    "“{n}” has {c} contracts and cannot be deleted",
                    n=obj.name,
                    c=live,
                ),
                code="enterprise.has_contracts",
            )


class ContactService(EntityService[Contact]):
    def check(self, session: Session, merged: dict[str, Any], *, current: Contact | None) -> list[Issue]:
        found = exists(
            session, Enterprise, merged.get("enterprise_id"), "enterprise_id", t("企业", "enterprise")
        )
        if (
            not merged.get("mobile")
            and not merged.get("phone")
            and not merged.get("email")
            and not merged.get("wechat")
        ):
            found.append(
                issue(
                    "mobile",
                    "contact.no_channel",
                    t("未填写任何联系方式", "No way to reach this contact was entered"),
                    Severity.WARNING,
                )
            )
        return found


class InstitutionService(EntityService[Institution]):
    def derive(self, session: Session, obj: Institution) -> None:
        if obj.uscc and not obj.division_code:
            obj.division_code = division_of(obj.uscc)


BROKERS = BrokerService(
    Broker, search_columns=("name", "agency", "certificate_no", "phone"), default_order=("name", False)
)
ENTERPRISES = EnterpriseService(
    Enterprise, search_columns=("name", "name_initials", "uscc", "address"), default_order=("name", False)
)
CONTACTS = ContactService(
    Contact, search_columns=("name", "mobile", "phone", "email"), default_order=("name", False)
)
INSTITUTIONS = InstitutionService(
    Institution, search_columns=("name", "region", "uscc"), default_order=("name", False)
)
