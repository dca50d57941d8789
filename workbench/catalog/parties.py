"""The catalogue of the people and organisations a broker deals with: brokers, enterprises, contacts and
technology owners (institutions).
"""

from __future__ import annotations

from workbench import enums
from workbench.catalog import cleaners
from workbench.catalog.schema import (
    CHOICE,
    FLAG,
    MULTILINE,
    REFERENCE,
    TEXT,
    Entity,
    field,
)
from workbench.models import Broker, Contact, Enterprise, Institution

_FOR_CLAIM = ("申请奖励时必填", "Required for a reward claim")
_USCC_HELP = (
    "18 位代码；校验不通过的早期试点代码会提示，可确认后保存",
    "18 characters; an early pilot code that fails the check is flagged and can be confirmed",
)
_DIVISION_HELP = ("6 位行政区划代码", "The 6-digit administrative division code")
_USCC_ALIASES = (
    "统一社会信用代码",
    "信用代码",
    "社会信用代码",
    "统一代码",
    "USCC",
    "Unified social credit code",
    "Credit code",
)
_NOTES_ALIASES = ("说明", "Remarks")


BROKER = Entity(
    "broker",
    Broker,
    ("经纪人", "broker"),
    (
        field("name", TEXT, ("姓名", "Name"), max_len=50, required=True, aliases=("经纪人", "经纪人姓名")),
        field(
            "is_self",
            FLAG,
            ("本人", "This is me"),
            importable=False,
            exportable=False,
            synced=False,  # which profile is "me" is a fact of one laptop, not of the district's data
        ),
        field(
            "id_card",
            TEXT,
            ("身份证号", "ID-card number"),
            cleaner=cleaners.id_card,
            natural_key=True,
            help=_FOR_CLAIM,
            example="330211199001011234",
            aliases=("身份证", "身份证号码", "ID card"),
        ),
        field(
            "certificate_no",
            TEXT,
            ("经纪人证书/备案编号", "Certificate or filing number"),
            max_len=50,
            nullable=True,
            help=_FOR_CLAIM,
            aliases=("证书编号", "备案编号", "证书/备案编号"),
        ),
        field("level", CHOICE, ("经纪人等级", "Level"), enum=enums.BrokerLevel, aliases=("等级",)),
        field("agency", TEXT, ("所属机构", "Agency"), max_len=100, aliases=("机构", "工作单位")),
        field(
            "agency_uscc",
            TEXT,
            ("机构统一社会信用代码", "Agency USCC"),
            cleaner=cleaners.uscc,
            help=_USCC_HELP,
        ),
        field(
            "phone",
            TEXT,
            ("联系电话", "Phone"),
            cleaner=cleaners.phone,
            help=_FOR_CLAIM,
            example="138 0574 0000",
            aliases=("电话", "手机", "手机号"),
        ),
        field(
            "email",
            TEXT,
            ("电子邮箱", "E-mail"),
            cleaner=cleaners.email,
            aliases=("邮箱", "Email", "电子邮件"),
        ),
        field(
            "address",
            TEXT,
            ("通讯地址", "Postal address"),
            max_len=200,
            nullable=True,
            aliases=("地址", "联系地址", "Address"),
        ),
        field(
            "bank_name",
            TEXT,
            ("开户银行", "Bank"),
            max_len=100,
            nullable=True,
            help=_FOR_CLAIM,
            example=("宁波银行镇海支行", "Bank of Ningbo, Zhenhai branch"),
            aliases=("开户行",),
        ),
        field(
            "account_name",
            TEXT,
            ("账户名称", "Account name"),
            max_len=100,
            nullable=True,
            help=_FOR_CLAIM,
            aliases=("户名",),
        ),
        field(
            "account_number",
            TEXT,
            ("银行账号", "Account number"),
            max_len=40,
            nullable=True,
            help=_FOR_CLAIM,
            aliases=("账号", "银行账户"),
        ),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=2000),
    ),
    natural_key=("id_card",),
    natural_key_note=(
        "身份证号（校验后的 18 位形式）；没有身份证号的档案导入时按新档案处理",
        "The ID-card number in its checked 18-character form; a profile without one is imported as new",
    ),
)

ENTERPRISE = Entity(
    "enterprise",
    Enterprise,
    ("企业", "enterprise"),
    (
        field(
            "name",
            TEXT,
            ("企业名称", "Name"),
            max_len=100,
            required=True,
            aliases=("单位名称", "公司名称", "企业", "名称", "Enterprise", "Company"),
            width_hint=24,
        ),
        field(
            "name_initials",
            TEXT,
            ("拼音首字母", "Pinyin initials"),
            readonly=True,  # derived from the name for search
            importable=False,
            exportable=False,
            synced=False,
        ),
        field(
            "uscc",
            TEXT,
            ("统一社会信用代码", "USCC"),
            cleaner=cleaners.uscc,
            natural_key=True,
            help=_USCC_HELP,
            example="91330211XXXXXXXXXX",
            aliases=_USCC_ALIASES[1:],
            width_hint=18,
        ),
        field(
            "division_code",
            TEXT,
            ("行政区划代码", "Division code"),
            cleaner=cleaners.digits(6),
            help=_DIVISION_HELP,
            example="330211",
            aliases=(
                "所在地区",
                "区县",
                "所属区县",
                "所在区县",
                "地区",
                "行政区划",
                "区划代码",
                "Division",
                "District",
            ),
        ),
        field(
            "address",
            TEXT,
            ("地址", "Address"),
            max_len=200,
            aliases=("注册地址", "通讯地址", "企业地址", "详细地址"),
        ),
        field(
            "industry_code",
            TEXT,
            ("国民经济行业代码", "Industry code"),
            cleaner=cleaners.industry_code,
            help=("GB/T 4754-2017 门类字母加 2–4 位数字", "GB/T 4754-2017: a section letter and 2–4 digits"),
            example="C2614",
            aliases=("所属行业", "行业", "行业代码", "行业分类", "Industry"),
        ),
        field(
            "cluster_code",
            TEXT,
            ("产业集群", "Industry cluster"),
            max_len=40,
            nullable=True,
            aliases=("集群", "Cluster"),
        ),
        field(
            "cluster_taxonomy",
            TEXT,
            ("集群分类版本", "Cluster taxonomy"),
            max_len=20,
            nullable=True,
            example="361-2025",
        ),
        field(
            "high_tech",
            FLAG,
            ("高新技术企业", "High-tech enterprise"),
            aliases=("高新企业", "是否高新", "高企", "High tech"),
        ),
        field(
            "engineering_centre",
            CHOICE,
            ("工程中心级别", "Engineering centre"),
            enum=enums.EngineeringCentreLevel,
            nullable=False,
            aliases=("工程技术研究中心", "工程中心", "研发中心级别"),
        ),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=4000, aliases=_NOTES_ALIASES),
    ),
    natural_key=("uscc",),
    natural_key_note=(
        "统一社会信用代码（去掉空格、转为大写并校验后）；没有代码的企业导入时按名称提示可能重复",
        "The USCC with spaces removed, upper-cased and checked; enterprises without one are new records",
    ),
)

CONTACT = Entity(
    "contact",
    Contact,
    ("联系人", "contact"),
    (
        field(
            "enterprise_id",
            REFERENCE,
            ("企业", "Enterprise"),
            reference="enterprise",
            required=True,
            natural_key=True,
            aliases=(
                "所属企业",
                "企业名称",
                "单位名称",
                "公司名称",
                "客户名称",
                "Company",
                "Enterprise name",
            ),
        ),
        field(
            "name",
            TEXT,
            ("姓名", "Name"),
            max_len=50,
            required=True,
            natural_key=True,
            aliases=("联系人", "联系人姓名", "Contact"),
        ),
        field("title", TEXT, ("职务", "Title"), max_len=50, aliases=("职位", "Position")),
        field(
            "mobile",
            TEXT,
            ("手机", "Mobile"),
            cleaner=cleaners.phone,
            example="138 0574 0000",
            aliases=("手机号", "手机号码", "移动电话", "Mobile phone"),
        ),
        field(
            "phone",
            TEXT,
            ("电话", "Phone"),
            cleaner=cleaners.phone,
            example="0574-8888 8888",
            aliases=("座机", "固定电话", "办公电话", "联系电话", "Telephone", "Tel"),
        ),
        field(
            "email",
            TEXT,
            ("电子邮箱", "E-mail"),
            cleaner=cleaners.email,
            aliases=("邮箱", "电子邮件", "Email", "Mail"),
        ),
        field("wechat", TEXT, ("微信", "WeChat"), max_len=50, nullable=True, aliases=("微信号",)),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=2000, aliases=_NOTES_ALIASES),
    ),
    natural_key=("enterprise_id", "name"),
)

INSTITUTION = Entity(
    "institution",
    Institution,
    ("技术持有单位", "institution"),
    (
        field(
            "name",
            TEXT,
            ("单位名称", "Name"),
            max_len=100,
            required=True,
            aliases=("机构名称", "名称", "持有单位", "完成单位", "高校院所", "Institution", "Owner"),
        ),
        field(
            "institution_kind",
            CHOICE,
            ("单位类型", "Kind"),
            enum=enums.InstitutionKind,
            nullable=False,
            aliases=("类型", "机构类型"),
        ),
        field(
            "uscc",
            TEXT,
            ("统一社会信用代码", "USCC"),
            cleaner=cleaners.uscc,
            natural_key=True,
            help=_USCC_HELP,
            aliases=_USCC_ALIASES[1:],
        ),
        field("region", TEXT, ("所在地区", "Region"), max_len=50, aliases=("地区", "所在地", "省市")),
        field(
            "division_code",
            TEXT,
            ("行政区划代码", "Division code"),
            cleaner=cleaners.digits(6),
            help=_DIVISION_HELP,
            aliases=("区县", "行政区划", "区划代码", "Division"),
        ),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=2000, aliases=_NOTES_ALIASES),
    ),
    natural_key=("uscc",),
    natural_key_note=(
        "统一社会信用代码（校验后的形式），与企业相同",
        "The USCC in its checked form, as for enterprises",
    ),
)
