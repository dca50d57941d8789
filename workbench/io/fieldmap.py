"""Per-field knowledge imports and exports need, as plain data behind three functions.

Everything the import and export code knows about an entity's fields lives here: which fields a file may
fill, the Chinese and English column headings that mean each one, how a cell's value is read (text, a
code that must not lose digits, a date, an amount in yuan, a name for a coded value), the natural key that
finds an existing record, and the columns an export writes. Validation is *not* here: values go through
the services' field cleaners (``workbench.services.entities``).

The field catalogue (``workbench/catalog``) is meant to own this knowledge; when it lands, re-point
:func:`import_fields`, :func:`export_columns` and :func:`natural_key` at it and keep this module's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from workbench import enums
from workbench.enums import LabelledEnum
from workbench.i18n import t
from workbench.textnorm import fold_width

# How a cell becomes the value a cleaner expects.
TEXT = "text"  # free text (numbers written back without ".0")
CODE = "code"  # digits that must be kept as typed: USCC, ID card, phone, patent number
DATE = "date"
DATETIME = "datetime"
MONEY = "money"  # yuan, with 万元 and thousands separators understood; the cleaner gets fen
FLAG = "flag"
CHOICE = "choice"  # a labelled enum: value or label
LIST = "list"  # comma/、-separated list
DIVISION = "division"  # administrative division: code or name (北仑区 → 330206)
INDUSTRY = "industry"  # GB/T 4754: code or name (化学原料和化学制品制造业 → C26)
ENTERPRISE = "enterprise"  # a reference to an enterprise by name or USCC
INSTITUTION = "institution"  # a reference to an institution (technology owner) by name


@dataclass(frozen=True)
class ImportField:
    """One field a file may fill: model field name, how its cells are read, its headings."""

    name: str
    zh: str
    en: str
    value: str = TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def label(self) -> str:
        return t(self.zh, self.en)

    def headings(self) -> tuple[str, ...]:
        return (self.zh, self.en, self.name, *self.aliases)


@dataclass(frozen=True)
class ExportColumn:
    """One exported column: the field it shows and how (same ``value`` kinds as imports)."""

    name: str
    zh: str
    en: str
    value: str = TEXT

    @property
    def label(self) -> str:
        return t(self.zh, self.en)


def _f(name: str, zh: str, en: str, value: str = TEXT, *aliases: str, required: bool = False) -> ImportField:
    return ImportField(name, zh, en, value, tuple(aliases), required)


# Reference columns: a contact, need or visit names its enterprise by USCC (preferred) or by name.
_FIRM_NAME = _f(
    "enterprise_name",
    "企业名称",
    "Enterprise",
    ENTERPRISE,
    "单位名称",
    "企业",
    "公司名称",
    "客户名称",
    "enterprise name",
    "company",
)
_FIRM_USCC = _f(
    "enterprise_uscc",
    "企业统一社会信用代码",
    "Enterprise USCC",
    CODE,
    "统一社会信用代码",
    "信用代码",
    "社会信用代码",
    "USCC",
    "credit code",
)

_FIELDS: dict[str, tuple[ImportField, ...]] = {
    "enterprise": (
        _f(
            "name",
            "企业名称",
            "Name",
            TEXT,
            "单位名称",
            "公司名称",
            "企业",
            "名称",
            "enterprise",
            "company",
            required=True,
        ),
        _f("uscc", "统一社会信用代码", "USCC", CODE, "信用代码", "社会信用代码", "统一代码", "credit code"),
        _f(
            "division_code",
            "所在地区",
            "Division",
            DIVISION,
            "区县",
            "所属区县",
            "行政区划",
            "行政区划代码",
            "所在区县",
            "地区",
            "district",
            "division code",
        ),
        _f("address", "地址", "Address", TEXT, "企业地址", "注册地址", "通讯地址", "详细地址"),
        _f(
            "industry_code",
            "所属行业",
            "Industry",
            INDUSTRY,
            "行业",
            "国民经济行业代码",
            "行业代码",
            "行业分类",
            "industry code",
        ),
        _f("cluster_code", "产业集群", "Industry cluster", TEXT, "集群", "cluster"),
        _f("high_tech", "高新技术企业", "High-tech enterprise", FLAG, "是否高新", "高企", "high tech"),
        _f("engineering_centre", "工程中心级别", "Engineering centre", CHOICE, "工程中心", "研发中心级别"),
        _f("notes", "备注", "Notes", TEXT, "说明", "remarks"),
    ),
    "contact": (
        _FIRM_NAME,
        _FIRM_USCC,
        _f("name", "联系人", "Contact", TEXT, "姓名", "联系人姓名", "name", required=True),
        _f("title", "职务", "Title", TEXT, "职位", "position"),
        _f("mobile", "手机", "Mobile", CODE, "手机号", "手机号码", "移动电话", "联系电话", "mobile phone"),
        _f("phone", "电话", "Phone", CODE, "座机", "固定电话", "办公电话", "telephone", "tel"),
        _f("email", "电子邮箱", "E-mail", TEXT, "邮箱", "电子邮件", "email", "mail"),
        _f("wechat", "微信", "WeChat", TEXT, "微信号"),
        _f("notes", "备注", "Notes", TEXT, "说明", "remarks"),
    ),
    "institution": (
        _f(
            "name",
            "单位名称",
            "Name",
            TEXT,
            "机构名称",
            "名称",
            "完成单位",
            "高校院所",
            "institution",
            required=True,
        ),
        _f("institution_kind", "类型", "Kind", CHOICE, "单位类型", "机构类型", "kind"),
        _f("uscc", "统一社会信用代码", "USCC", CODE, "信用代码", "社会信用代码", "credit code"),
        _f("region", "所在地区", "Region", TEXT, "地区", "所在地", "省市"),
        _f("division_code", "行政区划代码", "Division code", DIVISION, "区县", "行政区划", "division"),
        _f("notes", "备注", "Notes", TEXT, "说明", "remarks"),
    ),
    "technology": (
        _f(
            "title",
            "成果名称",
            "Title",
            TEXT,
            "技术名称",
            "项目名称",
            "专利名称",
            "名称",
            "technology",
            "name",
            required=True,
        ),
        _f(
            "patents",
            "专利号",
            "Patent numbers",
            CODE,
            "申请号",
            "专利申请号",
            "专利号/申请号",
            "patent",
            "patent number",
            "application number",
        ),
        _f(
            "abstract",
            "成果简介",
            "Abstract",
            TEXT,
            "简介",
            "摘要",
            "技术简介",
            "成果介绍",
            "内容简介",
            "description",
        ),
        _f("keywords", "关键词", "Keywords", LIST, "关键字", "keyword"),
        _f(
            "institution_name",
            "完成单位",
            "Owner",
            INSTITUTION,
            "持有单位",
            "所属单位",
            "专利权人",
            "申请人",
            "权利人",
            "单位名称",
            "owner",
            "applicant",
        ),
        _f("inventors", "发明人", "Inventors", LIST, "完成人", "发明人/设计人", "inventor"),
        _f(
            "ipc_codes", "IPC 分类号", "IPC codes", LIST, "IPC", "IPC分类号", "分类号", "主分类号", "ipc code"
        ),
        _f("technical_field", "技术领域", "Technical field", TEXT, "所属领域", "领域", "field"),
        _f("maturity", "成熟度", "Maturity", CHOICE, "成熟程度", "技术成熟度"),
        _f("transfer_modes", "转化方式", "Transfer modes", LIST, "合作方式", "交易方式", "transfer mode"),
        _f(
            "asking_price_fen",
            "意向价格（元）",
            "Asking price (yuan)",
            MONEY,
            "意向价格",
            "价格",
            "转让价格",
            "asking price",
        ),
        _f("filing_no", "备案号", "Filing number", CODE, "登记号", "filing no"),
    ),
    "need": (
        _FIRM_NAME,
        _FIRM_USCC,
        _f("title", "需求名称", "Title", TEXT, "需求标题", "项目名称", "技术需求", "need", required=True),
        _f("problem", "主要问题", "Main problem", TEXT, "需求描述", "存在问题", "需求内容", "problem"),
        _f("key_technology", "关键技术及指标", "Key technology and indicators", TEXT, "关键技术", "技术指标"),
        _f("expected_goals", "预期目标", "Expected goals", TEXT, "目标", "goals"),
        _f("keywords", "关键词", "Keywords", LIST, "关键字", "keyword"),
        _f(
            "own_funds_fen",
            "自筹资金（元）",
            "Own funds (yuan)",
            MONEY,
            "自筹资金",
            "拟投入资金",
            "投入资金",
            "own funds",
        ),
        _f("solution_mode", "解决方式", "Solution mode", CHOICE, "合作方式", "solution"),
        _f("window_start", "起始日期", "From", DATE, "开始日期", "start"),
        _f("window_end", "截止日期", "To", DATE, "结束日期", "end"),
        _f("confidential", "保密", "Confidential", FLAG, "是否保密"),
        _f("filing_no", "备案号", "Filing number", CODE, "需求编号", "filing no"),
        _f("technical_field", "技术领域", "Technical field", TEXT, "所属领域", "领域", "field"),
    ),
    "visit": (
        _FIRM_NAME,
        _FIRM_USCC,
        _f(
            "started_at",
            "开始时间",
            "Start",
            DATETIME,
            "走访时间",
            "走访日期",
            "日期",
            "时间",
            "visit time",
            "date",
            required=True,
        ),
        _f("ended_at", "结束时间", "End", DATETIME, "end time"),
        _f("place", "地点", "Place", TEXT, "走访地点", "location"),
        _f("summary", "走访纪要", "Summary", TEXT, "纪要", "走访内容", "内容", "情况记录", "notes"),
        _f("follow_up_on", "回访日期", "Follow-up date", DATE, "下次回访", "follow-up"),
    ),
}

# Exports end with the record's id, so a list exported and imported back finds exactly its records even
# where the natural key is ambiguous (two technologies of one owner with one title and no patent).
_RECORD_ID = _f("id", "记录编号", "Record ID", CODE, "record id", "id")
_FIELDS = {kind: (*fields, _RECORD_ID) for kind, fields in _FIELDS.items()}

_NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "enterprise": ("uscc",),
    "institution": ("uscc",),
    "technology": ("patents",),
    "need": ("enterprise_id", "title"),
    "visit": ("enterprise_id", "started_at"),
    "contact": ("enterprise_id", "name"),
}

IMPORT_KINDS: Final = tuple(_FIELDS)


def import_fields(kind: str) -> list[ImportField]:
    """The fields a file may fill for ``kind``, in the order a mapping screen lists them."""
    return list(_FIELDS[kind])


def natural_key(kind: str) -> tuple[str, ...]:
    """The fields (after resolving references) that identify an existing record of ``kind``."""
    return _NATURAL_KEYS[kind]


def export_columns(kind: str) -> list[ExportColumn]:
    """The columns an export of ``kind`` writes; headings are the import headings, so files round-trip."""
    out = []
    for f in _FIELDS[kind]:
        # An enterprise is exported by name and USCC; both come back as references on import.
        out.append(ExportColumn(f.name, f.zh, f.en, f.value))
    return out


# -- coded values -------------------------------------------------------------------------------------------

# Administrative divisions brokers in Ningbo meet (GB/T 2260): county level of Ningbo, the city itself,
# and the places the district's technology owners sit.
DIVISIONS: Final[dict[str, str]] = {
    "330000": "浙江省",
    "330200": "宁波市",
    "330203": "海曙区",
    "330205": "江北区",
    "330206": "北仑区",
    "330211": "镇海区",
    "330212": "鄞州区",
    "330213": "奉化区",
    "330225": "象山县",
    "330226": "宁海县",
    "330281": "余姚市",
    "330282": "慈溪市",
    "330100": "杭州市",
    "330102": "上城区",
    "330105": "拱墅区",
    "330106": "西湖区",
    "330108": "滨江区",
    "330110": "余杭区",
    "330114": "钱塘区",
    "330300": "温州市",
    "330400": "嘉兴市",
    "330500": "湖州市",
    "330600": "绍兴市",
    "330700": "金华市",
    "331000": "台州市",
    "310000": "上海市",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310110": "杨浦区",
    "310115": "浦东新区",
    "320000": "江苏省",
    "110000": "北京市",
}

# GB/T 4754-2017 sections and the manufacturing divisions (the ones enterprise lists carry).
INDUSTRIES: Final[dict[str, str]] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "I": "信息传输、软件和信息技术服务业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "C13": "农副食品加工业",
    "C14": "食品制造业",
    "C17": "纺织业",
    "C18": "纺织服装、服饰业",
    "C22": "造纸和纸制品业",
    "C25": "石油、煤炭及其他燃料加工业",
    "C26": "化学原料和化学制品制造业",
    "C27": "医药制造业",
    "C28": "化学纤维制造业",
    "C29": "橡胶和塑料制品业",
    "C30": "非金属矿物制品业",
    "C31": "黑色金属冶炼和压延加工业",
    "C32": "有色金属冶炼和压延加工业",
    "C33": "金属制品业",
    "C34": "通用设备制造业",
    "C35": "专用设备制造业",
    "C36": "汽车制造业",
    "C37": "铁路、船舶、航空航天和其他运输设备制造业",
    "C38": "电气机械和器材制造业",
    "C39": "计算机、通信和其他电子设备制造业",
    "C40": "仪器仪表制造业",
    "C41": "其他制造业",
    "C42": "废弃资源综合利用业",
    "C43": "金属制品、机械和设备修理业",
}

_SUFFIXES = ("市", "区", "县", "省")


def _name_key(text: str) -> str:
    return re.sub(r"[\s、，,()（）]", "", fold_width(text))


_DIVISION_BY_NAME: Final = {_name_key(n): c for c, n in DIVISIONS.items()}
_INDUSTRY_BY_NAME: Final = {_name_key(n): c for c, n in INDUSTRIES.items()}


def division_code(text: str) -> str | None:
    """A division code from a code or a name: "北仑区", "宁波市北仑区", "北仑" → "330206"; None if unknown."""
    value = _name_key(text)
    if re.fullmatch(r"\d{6}", value):
        return value
    if value in _DIVISION_BY_NAME:
        return _DIVISION_BY_NAME[value]
    # "浙江省宁波市北仑区": the most specific known name at the end wins.
    for name, code in sorted(_DIVISION_BY_NAME.items(), key=lambda kv: -len(kv[0])):
        if value.endswith(name) and code[4:] != "00":
            return code
    for suffix in _SUFFIXES:
        if value + suffix in _DIVISION_BY_NAME:
            return _DIVISION_BY_NAME[value + suffix]
    return None


def industry_code(text: str) -> str | None:
    """An industry code from a code or a name ("橡胶和塑料制品业" → "C29"); a code is returned unchanged."""
    value = _name_key(text)
    if re.fullmatch(r"[A-Ta-t](\d{2}|\d{3}|\d{4})?|\d{2,4}", value):
        return value.upper()
    return _INDUSTRY_BY_NAME.get(value)


def division_name(code: str | None) -> str:
    return DIVISIONS.get(code or "", code or "")


def industry_name(code: str | None) -> str:
    return INDUSTRIES.get(code or "", "")


def choice_enum(kind: str, field_name: str) -> type[LabelledEnum] | None:
    """The labelled enum of a coded choice field (exports write its label; imports accept either)."""
    if field_name == "status":
        return {"need": enums.NeedStatus, "claim": enums.ClaimStatus}.get(kind)
    return _CHOICES.get(field_name)


_CHOICES: Final[dict[str, type[LabelledEnum]]] = {
    "engineering_centre": enums.EngineeringCentreLevel,
    "institution_kind": enums.InstitutionKind,
    "maturity": enums.Maturity,
    "solution_mode": enums.SolutionMode,
    "transfer_modes": enums.TransferMode,
    "contract_type": enums.ContractType,
    "stage": enums.MatchStage,
    "applicant_type": enums.ApplicantType,
    "level": enums.BrokerLevel,
}
