"""User-facing names of the entity kinds (for messages, the CLI and the UI)."""

from __future__ import annotations

from workbench.i18n import t

_KINDS: dict[str, tuple[str, str]] = {
    "broker": ("经纪人", "broker"),
    "enterprise": ("企业", "enterprise"),
    "contact": ("联系人", "contact"),
    "institution": ("技术持有单位", "institution"),
    "visit": ("走访记录", "visit"),
    "need": ("技术需求", "need"),
    "technology": ("技术成果", "technology"),
    "match": ("对接", "match"),
    "contract": ("技术合同", "contract"),
    "payment": ("到款记录", "payment"),
    "policy": ("奖励政策", "policy"),
    "claim": ("奖励申请", "claim"),
}


def kind_label(kind: str) -> str:
    zh, en = _KINDS.get(kind, (kind, kind))
    return t(zh, en)
