"""The catalogue of the money side: contracts, payments, reward claims with their co-broker shares, and
reward policies.

Claims and policies are written through their own operations (``workbench.services.claims``,
``workbench.services.policies``), not through forms of single fields, so their fields are read-only here:
the catalogue still gives them labels, display, export and sync facts.
"""

from __future__ import annotations

from workbench import enums
from workbench.catalog import cleaners
from workbench.catalog.schema import (
    CHOICE,
    DATE,
    FLAG,
    INT,
    LIST,
    MONEY,
    MULTILINE,
    PERCENT,
    REFERENCE,
    TEXT,
    Entity,
    field,
)
from workbench.models import Claim, ClaimShare, Contract, Payment, Policy

_USCC_HELP = (
    "18 位代码；校验不通过的早期试点代码会提示，可确认后保存",
    "18 characters; an early pilot code that fails the check is flagged and can be confirmed",
)

CONTRACT = Entity(
    "contract",
    Contract,
    ("技术合同", "contract"),
    (
        field(
            "match_id",
            REFERENCE,
            ("来源对接", "From match"),
            reference="match",
            importable=False,
            help=(
                "可选：这份合同来自哪项对接（需求 ⇄ 成果）",
                "Optional: the match (need ⇄ technology) it came from",
            ),
        ),
        field(
            "title",
            TEXT,
            ("项目名称", "Project name"),
            max_len=200,
            required=True,
            aliases=("合同名称", "项目", "Contract"),
            width_hint=30,
        ),
        field(
            "contract_type",
            CHOICE,
            ("合同类型", "Contract type"),
            enum=enums.ContractType,
            required=True,
            aliases=("合同类别", "技术合同类型"),
        ),
        field(
            "seller_institution_id",
            REFERENCE,
            ("卖方单位", "Seller institution"),
            reference="institution",
            help=("选择后自动填写卖方名称和代码", "Fills in the seller's name and code"),
        ),
        field(
            "seller_name",
            TEXT,
            ("卖方名称", "Seller"),
            max_len=100,
            required=True,
            help=("未选卖方单位时直接填写", "Type it when no seller institution is chosen"),
            aliases=("卖方", "转让方", "受托方", "许可方"),
        ),
        field(
            "seller_uscc",
            TEXT,
            ("卖方统一社会信用代码", "Seller USCC"),
            cleaner=cleaners.uscc,
            help=_USCC_HELP,
            example="12330200XXXXXXXXXX",
            aliases=("卖方信用代码",),
        ),
        field(
            "buyer_enterprise_id",
            REFERENCE,
            ("买方企业", "Buyer enterprise"),
            reference="enterprise",
            help=("选择后自动填写买方名称、代码和行政区划", "Fills in the buyer's name, code and division"),
        ),
        field(
            "buyer_name",
            TEXT,
            ("买方名称", "Buyer"),
            max_len=100,
            required=True,
            aliases=("买方", "受让方", "委托方", "被许可方"),
        ),
        field(
            "buyer_uscc",
            TEXT,
            ("买方统一社会信用代码", "Buyer USCC"),
            cleaner=cleaners.uscc,
            help=_USCC_HELP,
            example="91330211XXXXXXXXXX",
            aliases=("买方信用代码",),
        ),
        field(
            "buyer_division_code",
            TEXT,
            ("买方行政区划代码", "Buyer division"),
            cleaner=cleaners.digits(6),
            example="330211",
            aliases=("买方所在地区", "买方区县"),
        ),
        field(
            "registration_no",
            TEXT,
            ("合同登记编号", "Registration number"),
            max_len=30,
            nullable=True,
            natural_key=True,
            help=(
                "技术合同认定登记编号；格式不常见时会提示，可确认后保存",
                "The technology-contract registration number; an unusual format is flagged, and can be"
                " confirmed",
            ),
            example="33021120260312",
            aliases=("登记编号", "认定登记编号", "登记号"),
        ),
        field("signed_on", DATE, ("签订日期", "Signed on"), aliases=("签订时间", "合同签订日期")),
        field("registered_on", DATE, ("登记日期", "Registered on"), aliases=("认定登记日期",)),
        field("valid_from", DATE, ("有效期自", "Valid from"), aliases=("有效期起",)),
        field("valid_to", DATE, ("有效期至", "Valid to"), aliases=("有效期止",)),
        field(
            "total_fen",
            MONEY,
            ("合同成交额", "Contract total"),
            required=True,
            aliases=("合同金额", "成交额", "合同总额"),
        ),
        field(
            "tech_amount_fen",
            MONEY,
            ("技术交易额", "Technology transaction amount"),
            required=True,
            aliases=("技术性收入", "技术交易金额"),
        ),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=4000),
    ),
    natural_key=("registration_no",),
    natural_key_note=(
        "合同登记编号（去掉首尾空格）；未登记的合同没有自然键",
        "The registration number, trimmed; a contract not yet registered has no natural key",
    ),
)

PAYMENT = Entity(
    "payment",
    Payment,
    ("到账记录", "payment"),
    (
        field(
            "contract_id",
            REFERENCE,
            ("合同", "Contract"),
            reference="contract",
            required=True,
            natural_key=True,
            aliases=("合同登记编号", "项目名称"),
        ),
        field(
            "paid_on",
            DATE,
            ("到账日期", "Paid on"),
            required=True,
            natural_key=True,
            aliases=("到款日期", "收款日期"),  # 到款: the word older sheets use
        ),
        field(
            "amount_fen",
            MONEY,
            ("金额", "Amount"),
            required=True,
            cleaner=cleaners.fen(positive=True),
            natural_key=True,
            aliases=("到款金额", "到账金额", "收款金额"),
        ),
        field("invoice_no", TEXT, ("发票号", "Invoice number"), max_len=50, aliases=("发票号码",)),
        field("voucher_ref", TEXT, ("银行凭证号", "Bank voucher"), max_len=50, aliases=("凭证号",)),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=2000),
    ),
    natural_key=("contract_id", "paid_on", "amount_fen"),
)

# Every claim field is set by the claim operations (draft, submit, approve, …), never by a form of fields.
_CLAIM = {"readonly": True, "importable": False}

CLAIM = Entity(
    "claim",
    Claim,
    ("奖励申请", "claim"),
    (
        field("claim_no", TEXT, ("申请编号", "Claim number"), natural_key=True, **_CLAIM),
        field("contract_id", REFERENCE, ("合同", "Contract"), reference="contract", **_CLAIM),
        field("policy_id", REFERENCE, ("奖励政策", "Policy"), reference="policy", **_CLAIM),
        field("broker_id", REFERENCE, ("申请人", "Applicant"), reference="broker", **_CLAIM),
        field("applicant_type", CHOICE, ("申请人类型", "Applicant type"), enum=enums.ApplicantType, **_CLAIM),
        field("claimed_on", DATE, ("申请日期", "Claimed on"), **_CLAIM),
        field("period_start", DATE, ("到账期间自", "Period from"), **_CLAIM),
        field("period_end", DATE, ("到账期间至", "Period to"), **_CLAIM),
        field("base_fen", MONEY, ("计奖基数", "Reward base"), **_CLAIM),
        field("amount_fen", MONEY, ("奖励金额", "Reward"), **_CLAIM),
        field("attachments", LIST, ("附件", "Attachments"), **_CLAIM),
        field("status", CHOICE, ("状态", "Status"), enum=enums.ClaimStatus, **_CLAIM),
        field("status_reason", TEXT, ("状态说明", "Status reason"), **_CLAIM),
        field("replaces_id", REFERENCE, ("替代的申请", "Replaces"), reference="claim", **_CLAIM),
        field("revision", INT, ("修订次数", "Revision"), **_CLAIM),
    ),
    natural_key=("claim_no",),
)

CLAIM_SHARE = Entity(
    "claim_share",
    ClaimShare,
    ("分配份额", "claim share"),
    (
        field("claim_id", REFERENCE, ("奖励申请", "Claim"), reference="claim", natural_key=True, **_CLAIM),
        field("broker_id", REFERENCE, ("经纪人", "Broker"), reference="broker", natural_key=True, **_CLAIM),
        field("percent_bp", PERCENT, ("分配比例", "Share"), **_CLAIM),
        field("amount_fen", MONEY, ("分配金额", "Amount"), **_CLAIM),
        field("position", INT, ("顺序", "Position"), exportable=False, **_CLAIM),
    ),
    natural_key=("claim_id", "broker_id"),
)

POLICY = Entity(
    "policy",
    Policy,
    ("奖励政策", "policy"),
    (
        field("policy_key", TEXT, ("政策标识", "Policy key"), natural_key=True, **_CLAIM),
        field("version", INT, ("版本", "Version"), natural_key=True, **_CLAIM),
        field("name", TEXT, ("政策名称", "Name"), **_CLAIM),
        field("active", FLAG, ("启用", "Active"), **_CLAIM),
    ),
    natural_key=("policy_key", "version"),
    natural_key_note=(
        "政策标识加版本号；规则内容（data）由政策模式校验，不按字段编辑",
        "The policy key and version; the rule set itself (data) is checked by the policy schema,"
        " not field by field",
    ),
)
