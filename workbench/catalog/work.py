"""The catalogue of a broker's working records: visits, needs, technologies and the matches between them."""

from __future__ import annotations

from workbench import enums
from workbench.catalog.schema import (
    CHOICE,
    DATE,
    DATETIME,
    FLAG,
    KEYWORDS,
    LIST,
    MONEY,
    MULTICHOICE,
    MULTILINE,
    NUMBER,
    PATENTS,
    REFERENCE,
    REFERENCES,
    TEXT,
    Entity,
    field,
)
from workbench.models import Match, Need, Technology, Visit

_FIELD_EXAMPLE = ("如：新材料及应用", "e.g. new materials")

VISIT = Entity(
    "visit",
    Visit,
    ("走访记录", "visit"),
    (
        field(
            "enterprise_id",
            REFERENCE,
            ("企业", "Enterprise"),
            reference="enterprise",
            required=True,
            natural_key=True,
            aliases=("企业名称", "走访企业", "单位名称"),
        ),
        field(
            "started_at",
            DATETIME,
            ("开始时间", "Start"),
            required=True,
            natural_key=True,
            example="2026-03-05 14:30",
            aliases=("走访时间", "走访日期", "Visited at"),
        ),
        field("ended_at", DATETIME, ("结束时间", "End"), example="2026-03-05 16:00"),
        field("place", TEXT, ("地点", "Place"), max_len=200, aliases=("走访地点",)),
        field("summary", MULTILINE, ("走访纪要", "Summary"), max_len=10000, aliases=("纪要", "走访内容")),
        field("follow_up_on", DATE, ("回访日期", "Follow-up date"), aliases=("下次回访",)),
        # The visit's people are rows of link tables; an import cannot name them by id: forms set them.
        field(
            "broker_ids",
            REFERENCES,
            ("经纪人", "Brokers"),
            reference="broker",
            importable=False,
            exportable=False,
        ),
        field(
            "contact_ids",
            REFERENCES,
            ("参加人", "Attendees"),
            reference="contact",
            importable=False,
            exportable=False,
        ),
    ),
    natural_key=("enterprise_id", "started_at"),
)

NEED = Entity(
    "need",
    Need,
    ("技术需求", "need"),
    (
        field(
            "enterprise_id",
            REFERENCE,
            ("企业", "Enterprise"),
            reference="enterprise",
            required=True,
            natural_key=True,
            aliases=("企业名称", "需求企业", "单位名称"),
        ),
        field(
            "visit_id",
            REFERENCE,
            ("来源走访", "From visit"),
            reference="visit",
            importable=False,
            help=("在哪次走访中发现的需求（可不填）", "The visit where the need came up (optional)"),
        ),
        field(
            "title",
            TEXT,
            ("需求名称", "Title"),
            max_len=100,
            required=True,
            natural_key=True,
            aliases=("需求标题", "技术需求名称", "Need"),
            width_hint=30,
        ),
        field(
            "problem",
            MULTILINE,
            ("主要问题", "Main problem"),
            max_len=500,
            help=("现状和瓶颈", "Where things stand and what blocks them"),
            aliases=("存在问题", "技术难题"),
        ),
        field(
            "key_technology",
            MULTILINE,
            ("关键技术及指标", "Key technology and indicators"),
            max_len=500,
            help=("需要突破的技术和量化指标", "The technology to master and its measurable targets"),
            aliases=("关键技术",),
        ),
        field(
            "expected_goals",
            MULTILINE,
            ("预期目标", "Expected goals"),
            max_len=500,
            help=("创新点、经济和社会效益", "What is new, and the economic and social benefit"),
        ),
        field("keywords", KEYWORDS, ("关键词", "Keywords"), required=True, min_items=1, max_items=5),
        field(
            "own_funds_fen",
            MONEY,
            ("自筹资金", "Own funds"),
            help=("企业准备投入的资金", "What the enterprise will invest itself"),
            example="500000.00",
            aliases=("自筹经费", "拟投入资金"),
        ),
        field("solution_mode", CHOICE, ("解决方式", "Solution mode"), enum=enums.SolutionMode),
        field("window_start", DATE, ("需求起始日期", "From"), aliases=("起始日期",)),
        field("window_end", DATE, ("需求截止日期", "To"), aliases=("截止日期",)),
        field(
            "confidential",
            FLAG,
            ("保密", "Confidential"),
            help=("不对外发布", "Not published"),
            aliases=("是否保密",),
        ),
        field(
            "status",
            CHOICE,
            ("状态", "Status"),
            enum=enums.NeedStatus,
            readonly=True,  # moved only through NeedService.set_status
            importable=False,
        ),
        field(
            "filing_no",
            TEXT,
            ("备案号", "Filing number"),
            max_len=50,
            nullable=True,
            example="ZHKJ-XQ-2026-0001",
            aliases=("需求备案号",),
        ),
        field(
            "technical_field",
            TEXT,
            ("技术领域", "Technical field"),
            max_len=50,
            nullable=True,
            example=_FIELD_EXAMPLE,
            aliases=("所属领域", "领域"),
        ),
    ),
    natural_key=("enterprise_id", "title"),
)

TECHNOLOGY = Entity(
    "technology",
    Technology,
    ("技术成果", "technology"),
    (
        field(
            "title",
            TEXT,
            ("成果名称", "Title"),
            max_len=200,
            required=True,
            aliases=("技术名称", "专利名称", "成果", "Technology"),
            width_hint=30,
        ),
        field("abstract", MULTILINE, ("成果简介", "Abstract"), max_len=20000, aliases=("简介", "摘要")),
        field("keywords", KEYWORDS, ("关键词", "Keywords"), min_items=0, max_items=10),
        field(
            "institution_id",
            REFERENCE,
            ("持有单位", "Owner"),
            reference="institution",
            aliases=("完成单位", "权利人", "专利权人", "申请人", "Institution"),
        ),
        field("inventors", LIST, ("发明人", "Inventors"), max_items=50, aliases=("完成人", "发明人/设计人")),
        field(
            "patents",
            PATENTS,
            ("专利号", "Patent numbers"),
            natural_key=True,
            help=(
                "可带 ZL/CN 前缀、空格或全角字符，保存时统一格式并核对校验位",
                "ZL/CN prefixes, spaces and full-width characters are fine; the check digit is verified",
            ),
            example=("每行一个，如 ZL201811564288.X", "one a line, e.g. ZL201811564288.X"),
            aliases=("申请号", "专利申请号", "Patent", "Patent number"),
        ),
        field(
            "ipc_codes",
            LIST,
            ("IPC 分类号", "IPC codes"),
            max_items=20,
            example="B29C 70/34，C08J 5/04",
            aliases=("IPC", "主分类号", "分类号"),
        ),
        field(
            "technical_field",
            TEXT,
            ("技术领域", "Technical field"),
            max_len=50,
            nullable=True,
            example=_FIELD_EXAMPLE,
            aliases=("所属领域", "领域"),
        ),
        field("maturity", CHOICE, ("成熟度", "Maturity"), enum=enums.Maturity, aliases=("技术成熟度",)),
        field("transfer_modes", MULTICHOICE, ("转化方式", "Transfer modes"), enum=enums.TransferMode),
        field(
            "asking_price_fen",
            MONEY,
            ("意向价格", "Asking price"),
            help=("可不填（面议）", "May be left empty (negotiable)"),
            aliases=("转让价格", "价格"),
        ),
        field(
            "filing_no", TEXT, ("备案号", "Filing number"), max_len=50, nullable=True, aliases=("成果备案号",)
        ),
    ),
    natural_key=("patents",),
    natural_key_note=(
        "第一个专利的申请号：去掉 ZL/CN 前缀、空格和全角字符，补齐校验位后的规范形式（如 201811564288.X）；"
        "没有专利号的成果没有自然键，导入时按新成果处理",
        "The application number of its first patent in canonical form (ZL/CN prefixes, spaces and full-width "
        "characters removed, check digit verified, e.g. 201811564288.X); a technology without patents has "
        "no natural key and is imported as new",
    ),
)

MATCH = Entity(
    "match",
    Match,
    ("对接", "match"),
    (
        field("need_id", REFERENCE, ("技术需求", "Need"), reference="need", required=True, natural_key=True),
        field(
            "technology_id",
            REFERENCE,
            ("技术成果", "Technology"),
            reference="technology",
            required=True,
            natural_key=True,
        ),
        field(
            "stage",
            CHOICE,
            ("阶段", "Stage"),
            enum=enums.MatchStage,
            readonly=True,  # moved only through MatchService.move or a contract
            importable=False,
        ),
        field("dropped_reason", TEXT, ("放弃原因", "Reason dropped"), readonly=True, importable=False),
        field("score", NUMBER, ("匹配分", "Score"), importable=False),
        field("notes", MULTILINE, ("备注", "Notes"), max_len=4000),
    ),
    natural_key=("need_id", "technology_id"),
)
