"""Deterministic demo data: a Zhenhai broker's year of visits, needs, matches, contracts and claims.

Everything is generated from one seed, ids included, so two runs with the same seed give the same
records. Dates are relative to a fixed anchor (:data:`ANCHOR`), never to today, so screenshots and tests
do not drift. All codes (USCC, ID card, patent numbers) are synthetic but pass their check characters;
the names of universities and institutes are real, their codes are not.

The records a broker would type in go through the services (validation, change log, stage history);
the bulk of the technology library is reference data and is inserted with SQLAlchemy Core in batches.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, func, select

from workbench.enums import MatchStage
from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.models import (
    Broker,
    Contract,
    Enterprise,
    Match,
    MatchStageEvent,
    Need,
    Technology,
    TechPatent,
    Visit,
)
from workbench.search import index as search_index
from workbench.services import (
    BROKERS,
    CLAIMS,
    CONTACTS,
    CONTRACTS,
    ENTERPRISES,
    INSTITUTIONS,
    MATCHES,
    NEEDS,
    PAYMENTS,
    TECHNOLOGIES,
    VISITS,
    ShareInput,
)
from workbench.services.policies import get_policy, rules_of, sync_default_policies
from workbench.store import Store
from workbench.textnorm import pinyin_initials
from workbench.validation import id_card_check_char, patent_check_char, uscc_check_char

Progress = Callable[[str, int, int], None]

ANCHOR = date(2026, 11, 1)
"""The demo's "today": visits lie in the year before it, follow-ups a few weeks around it."""
LOCAL = timezone(timedelta(hours=8), "CST")  # visits happen on Ningbo office hours
TAXONOMY = "361-2025"
SERVICE_TECHNOLOGIES = 300
"""At most this many technologies go through the service (the ones matches use); the rest are bulk."""
BATCH_ROWS = 10_000
BULK_CACHE_KIB = 256 * 1024  # page cache while bulk-inserting technologies
MIN_ENTERPRISES = 10
MIN_TECHNOLOGIES = 30


class DemoError(WorkbenchError):
    """Demo data cannot be generated here (the database holds data, or the sizes are too small)."""


# -- vocabulary ------------------------------------------------------------------------------------------


def _w(text: str) -> tuple[str, ...]:
    """Words separated by white space (keeps the long Chinese vocabularies readable)."""
    return tuple(text.split())


def _codes(text: str) -> tuple[str, ...]:
    """Comma-separated codes that contain spaces themselves (IPC classes such as "C08K 3/04")."""
    return tuple(part.strip() for part in text.split(","))


def _span(start: int, stop: int, step: int = 1) -> tuple[str, ...]:
    return tuple(str(v) for v in range(start, stop + 1, step))


@dataclass(frozen=True)
class _Family:
    """Words that combine sensibly: any qualifier fits any base, any process, problem and indicator."""

    quals: tuple[str, ...]
    bases: tuple[str, ...]
    processes: tuple[str, ...]
    applications: tuple[str, ...]
    problems: tuple[str, ...]
    indicators: tuple[tuple[str, tuple[str, ...]], ...]
    keywords: tuple[str, ...]
    ipc: tuple[str, ...]
    claim_suffix: str = "及其制备方法"  # how a patent title ends: "一种…及其制备方法"


@dataclass(frozen=True)
class _Domain:
    """One technical area (its technical-field label) and the word families its texts are built from."""

    key: str
    field: str
    families: tuple[_Family, ...]
    devices: bool = False  # devices (not materials or processes) also get design patents
    products: bool = True  # bases are products ("汽车用…"), not processes or waste streams


DOMAINS: tuple[_Domain, ...] = (
    _Domain(
        key="polymer",
        field="新材料及应用",
        families=(
            _Family(
                quals=_w("高流动 耐热 增韧 低翘曲 无卤阻燃 高导热 低VOC 长玻纤增强 石墨烯改性 耐候"),
                bases=_w("聚丙烯 聚酰胺66 聚碳酸酯 PBT ABS合金 聚苯硫醚 PC/ABS合金"),
                processes=_w(
                    "熔融共混改性技术 界面增容技术 微发泡注塑成型工艺 填料表面处理与分散技术 回收再生利用技术"
                ),
                applications=_w("汽车内外饰件 新能源汽车电池包壳体 5G基站天线罩 家电结构件 充电桩外壳"),
                problems=_w(
                    "力学强度不足 阻燃性能达不到V-0级 制品翘曲变形大 导热系数偏低 耐老化性能差 VOC排放超标"
                    " 加工流动性差"
                ),
                indicators=(
                    ("拉伸强度≥{}MPa", _span(60, 180, 5)),
                    ("缺口冲击强度≥{}kJ/m²", _span(8, 60, 2)),
                    ("热变形温度≥{}℃", _span(120, 260, 10)),
                    ("导热系数≥{}W/(m·K)", _w("1.2 1.5 2.0 3.0 5.0")),
                    ("阻燃等级UL94 V-0（{}mm）", _w("0.8 1.6 3.0")),
                    ("总碳挥发≤{}μgC/g", _span(20, 50, 5)),
                    ("熔体流动速率≥{}g/10min", _span(10, 60, 5)),
                ),
                keywords=_w("改性塑料 阻燃 导热 注塑成型 轻量化 聚丙烯 聚酰胺 微发泡 界面相容 石墨烯"),
                ipc=_codes("C08K 3/04, C08K 7/14, C08L 23/12, C08L 77/06, C08L 69/00, B29C 45/00, C08J 9/12"),
            ),
            _Family(
                quals=_w("高强 耐高温 可降解 超薄 高透明 连续纤维增强"),
                bases=_w("聚乳酸 聚酰亚胺薄膜 超高分子量聚乙烯纤维 碳纤维复合材料 PBAT薄膜 芳纶纸"),
                processes=_w("连续挤出成型工艺 双向拉伸工艺 原位聚合制备技术 热压成型工艺 预浸料制备技术"),
                applications=_w("锂电池隔膜 柔性显示基板 食品包装薄膜 轨道交通内饰 防护装备"),
                problems=_w("厚度均匀性差 耐热性不足 降解周期难以控制 层间剪切强度低 生产效率低"),
                indicators=(
                    ("拉伸强度≥{}MPa", _span(80, 400, 20)),
                    ("厚度偏差≤±{}μm", _span(1, 5)),
                    ("玻璃化转变温度≥{}℃", _span(300, 400, 10)),
                    ("层间剪切强度≥{}MPa", _span(50, 90, 5)),
                    ("断裂伸长率≥{}%", _span(100, 600, 50)),
                ),
                keywords=_w("复合材料 可降解 碳纤维 薄膜 聚酰亚胺 聚乳酸 挤出 预浸料 高性能纤维 轻量化"),
                ipc=_codes(
                    "C08L 67/04, C08J 5/18, B29C 48/00, B29C 55/12, C08G 73/10, D01F 6/04, B29C 70/34"
                ),
            ),
        ),
    ),
    _Domain(
        key="metal",
        field="新材料及应用",
        families=(
            _Family(
                quals=_w("高矫顽力 低重稀土 高磁能积 耐高温 高一致性"),
                bases=_w("烧结钕铁硼磁体 粘结钕铁硼磁体 钐钴永磁体 铈磁体"),
                processes=_w("晶界扩散技术 真空熔炼工艺 低成本制备方法 表面防护涂层技术 细晶化制备工艺"),
                applications=_w("新能源汽车驱动电机 变频空调压缩机 风力发电机 伺服电机"),
                problems=_w("重稀土用量高、成本大 高温下矫顽力衰减明显 磁性能一致性差 表面易腐蚀"),
                indicators=(
                    ("矫顽力Hcj≥{}kOe", _span(18, 30)),
                    ("最大磁能积≥{}MGOe", _span(45, 55)),
                    ("镝铽用量降低≥{}%", _span(30, 80, 10)),
                    ("磁通不可逆损失≤{}%（150℃）", _w("1 2 3 5")),
                ),
                keywords=_w("稀土永磁 钕铁硼 晶界扩散 驱动电机 重稀土减量 磁性材料 钐钴"),
                ipc=_codes("H01F 1/057, H01F 41/02, H01F 1/08, C22C 38/00, B22F 3/24"),
            ),
            _Family(
                quals=_w("低铁损 高磁感 薄规格 高频"),
                bases=_w("高硅电工钢 无取向硅钢 软磁复合材料 非晶合金带材"),
                processes=_w("精密冷轧工艺 绝缘涂层技术 退火工艺 低成本制备方法"),
                applications=_w("新能源汽车驱动电机 高效电机 变压器铁芯 光伏逆变器电感"),
                problems=_w("铁损偏高 磁感偏低 冲片毛刺大 高频下损耗急剧上升"),
                indicators=(
                    ("铁损P1.0/400≤{}W/kg", _span(9, 15)),
                    ("磁感B50≥{}T", _w("1.60 1.65 1.70 1.75")),
                    ("厚度≤{}mm", _w("0.10 0.15 0.20 0.25")),
                    ("层间电阻≥{}Ω·cm²", _span(10, 50, 10)),
                ),
                keywords=_w("电工钢 软磁材料 硅钢 非晶合金 驱动电机 铁损 绝缘涂层"),
                ipc=_codes("H01F 1/147, C22C 38/02, C21D 8/12, H01F 1/153, C23C 22/00"),
            ),
            _Family(
                quals=_w("高强韧 轻质 细晶 高导电 耐热"),
                bases=_w("铝合金 镁合金 钛合金紧固件 铜铬锆合金 热成形钢"),
                processes=_w("热处理工艺 半固态压铸工艺 精密锻造工艺 时效强化工艺 熔体净化技术"),
                applications=_w("一体化压铸车身 航空紧固件 电子连接器 轨道交通 3C产品外壳"),
                problems=_w("硬度与韧性难以兼顾 铸件内部气孔缺陷多 热处理变形大 导电率与强度难以兼顾"),
                indicators=(
                    ("抗拉强度≥{}MPa", _span(400, 1400, 50)),
                    ("延伸率≥{}%", _span(8, 25)),
                    ("导电率≥{}%IACS", _span(75, 90)),
                    ("屈服强度≥{}MPa", _span(250, 1100, 50)),
                ),
                keywords=_w("铝合金 镁合金 热处理 压铸 锻造 轻量化 铜合金 钛合金"),
                ipc=_codes("C22C 21/00, C22C 23/02, C22F 1/04, B22D 17/00, C22C 9/00, B21J 5/00"),
            ),
            _Family(
                quals=_w("耐磨 耐蚀 自润滑 超硬 环保型"),
                bases=_w("高熵合金涂层 热镀锌铝镁镀层 类金刚石涂层 激光熔覆层 无铬钝化膜"),
                processes=_w("激光熔覆技术 磁控溅射沉积技术 离子渗氮处理技术 热喷涂工艺 表面钝化处理技术"),
                applications=_w("精密模具 石化管道 液压油缸 海工装备 高强紧固件"),
                problems=_w("表面耐腐蚀性能不足 涂层结合力差 耐磨寿命短 含铬工艺环保压力大"),
                indicators=(
                    ("显微硬度≥{}HV", _span(500, 1200, 50)),
                    ("中性盐雾试验≥{}h", _span(480, 2000, 120)),
                    ("膜基结合力≥{}N", _span(40, 80, 5)),
                    ("摩擦系数≤{}", _w("0.05 0.08 0.1 0.15")),
                ),
                keywords=_w("表面处理 激光熔覆 耐腐蚀 涂层 渗氮 耐磨 热喷涂 磁控溅射"),
                ipc=_codes("C23C 14/35, C23C 24/10, C23C 8/26, C23C 4/06, C23C 2/06, C23C 22/05"),
            ),
        ),
    ),
    _Domain(
        key="chem",
        field="绿色化工",
        products=False,
        families=(
            _Family(
                quals=_w("高选择性 长寿命 低能耗 本质安全 高活性"),
                bases=_w(
                    "丙烯环氧化 乙烯齐聚制α-烯烃 碳酸二甲酯合成 二氧化碳加氢制甲醇 己内酰胺合成 丙烷脱氢"
                ),
                processes=_w("催化剂及工艺 分子筛催化剂 连续流微反应工艺 固定床反应工艺"),
                applications=_w("炼化一体化装置 精细化学品生产 化工园区"),
                problems=_w(
                    "催化剂寿命短、需频繁再生 副产物多、选择性低 反应放热剧烈、安全风险高 贵金属催化剂成本高"
                ),
                indicators=(
                    ("目标产物选择性≥{}%", _span(90, 99)),
                    ("催化剂单程寿命≥{}h", _span(2000, 8000, 500)),
                    ("单程转化率≥{}%", _span(30, 95, 5)),
                    ("贵金属用量降低≥{}%", _span(20, 60, 10)),
                ),
                keywords=_w("催化剂 分子筛 微反应 绿色化工 碳减排 连续化生产 丙烯 甲醇"),
                ipc=_codes("B01J 29/40, B01J 23/755, C07C 29/151, C07D 301/12, C07C 68/04, C07C 5/333"),
                claim_suffix="方法",
            ),
            _Family(
                quals=_w("低能耗 高纯 连续化 低排放"),
                bases=_w("对二甲苯 聚合级丙烯 电子级异丙醇 电子级硫酸 废润滑油 NMP溶剂"),
                processes=_w("节能精馏技术 膜分离耦合技术 热泵精馏技术 模拟移动床吸附分离工艺 再生回收工艺"),
                applications=_w("石化装置节能改造 湿电子化学品生产 溶剂回收装置 炼化一体化装置"),
                problems=_w("精馏能耗高 产品纯度达不到电子级要求 溶剂损耗大 间歇工艺批次稳定性差"),
                indicators=(
                    ("综合能耗降低≥{}%", _span(15, 40, 5)),
                    ("产品纯度≥{}%", _w("99.9 99.95 99.99 99.999")),
                    ("金属离子含量≤{}ppb", _span(1, 50)),
                    ("溶剂回收率≥{}%", _span(90, 99)),
                ),
                keywords=_w("精馏 膜分离 节能降耗 电子化学品 提纯 吸附分离 溶剂回收 热泵"),
                ipc=_codes("B01D 3/14, B01D 61/36, C07C 7/04, B01D 15/18, C07C 7/13, C10M 175/00"),
                claim_suffix="的分离提纯方法",
            ),
        ),
    ),
    _Domain(
        key="equipment",
        field="光机电一体化",
        devices=True,
        families=(
            _Family(
                quals=_w("重载 协作式 高速 双工位 柔性 智能"),
                bases=_w(
                    "工业机器人 视觉检测系统 焊接机器人工作站 智能仓储物流系统 伺服压装机 AGV搬运机器人"
                ),
                processes=_w(
                    "高精度运动控制方法 自适应焊缝跟踪技术 深度学习缺陷识别方法 柔性装夹装置 多机协同调度方法"
                ),
                applications=_w("汽车零部件产线 家电总装线 电子装配车间 仓储物流中心"),
                problems=_w(
                    "人工检测效率低、漏检率高 换型调试时间长 人工成本高、招工难 节拍无法满足产能需求"
                ),
                indicators=(
                    ("重复定位精度≤±{}mm", _w("0.01 0.02 0.03 0.05")),
                    ("检测节拍≤{}s/件", _w("0.5 1 1.5 2 3")),
                    ("缺陷检出率≥{}%", _w("98 99 99.5 99.9")),
                    ("换型时间≤{}min", _span(5, 30, 5)),
                ),
                keywords=_w("工业机器人 机器视觉 智能制造 焊接 伺服控制 缺陷检测 柔性生产 自动化产线"),
                ipc=_codes("B25J 9/16, G06T 7/00, G01N 21/88, B23K 37/02, G05B 19/418, B65G 1/137"),
                claim_suffix="及其控制方法",
            ),
            _Family(
                quals=_w("大型 高效 紧凑型 节能型 高精度"),
                bases=_w("数控机床 精密冲压机 注塑机 板式换热器 压力容器 往复式压缩机"),
                processes=_w("在线故障诊断技术 数字孪生运维系统 能效优化控制系统 热变形补偿方法 密封结构"),
                applications=_w("模具加工车间 化工装置检维修 石化储罐区 塑料制品工厂"),
                problems=_w("设备非计划停机频繁 加工精度一致性差 设备能耗高 泄漏隐患难以及时发现"),
                indicators=(
                    ("设备综合效率OEE≥{}%", _span(75, 92)),
                    ("加工精度≤{}μm", _span(2, 10)),
                    ("节能率≥{}%", _span(10, 35, 5)),
                    ("故障预警准确率≥{}%", _span(85, 98)),
                ),
                keywords=_w("数控 故障诊断 数字孪生 预测性维护 压力容器 换热器 节能改造 高端装备"),
                ipc=_codes("G05B 23/02, B23Q 17/24, B21D 28/00, B29C 45/76, F28F 1/10, F04B 39/00"),
                claim_suffix="及其制造方法",
            ),
        ),
    ),
    _Domain(
        key="auto",
        field="光机电一体化",
        devices=True,
        families=(
            _Family(
                quals=_w("轻量化 高强度 一体化 长寿命"),
                bases=_w("压铸后地板 铝合金副车架 控制臂 电池包下壳体 前防撞梁"),
                processes=_w("结构优化设计 轻量化设计与制造技术 耐久性试验方法 异种材料连接工艺"),
                applications=_w("新能源乘用车 商用车底盘 动力电池系统"),
                problems=_w("零件重量大影响续航 疲劳寿命不足 焊接变形大 碰撞安全性能不足"),
                indicators=(
                    ("减重≥{}%", _span(10, 35, 5)),
                    ("疲劳寿命≥{}万次", _span(20, 200, 20)),
                    ("扭转刚度提升≥{}%", _span(10, 40, 5)),
                    ("碰撞吸能提升≥{}%", _span(10, 30, 5)),
                ),
                keywords=_w("新能源汽车 轻量化 一体化压铸 汽车零部件 疲劳寿命 车身结构 底盘"),
                ipc=_codes("B62D 25/20, B62D 21/11, B60K 1/04, B62D 29/00, B22D 17/00"),
                claim_suffix="及其制造方法",
            ),
            _Family(
                quals=_w("集成式 低噪声 高效 智能"),
                bases=_w("电驱动总成 电子驻车制动器 热管理集成模块 电池包液冷板 电动助力转向器 座椅调角器"),
                processes=_w("NVH性能优化方法 控制策略 自动化装配工艺 密封结构 热仿真设计方法"),
                applications=_w("新能源乘用车 智能座舱 动力电池系统"),
                problems=_w("噪声振动超标 密封失效导致漏液 装配一致性差 低温续航衰减明显"),
                indicators=(
                    ("噪声≤{}dB(A)", _span(55, 72)),
                    ("泄漏量≤{}mL/min", _span(1, 10)),
                    ("扭矩波动≤{}%", _span(1, 5)),
                    ("系统效率≥{}%", _span(88, 95)),
                ),
                keywords=_w("新能源汽车 热管理 电驱动 NVH 液冷板 线控制动 汽车零部件 电动转向"),
                ipc=_codes(
                    "B60L 58/26, B60T 13/74, F16H 57/02, H01M 10/6556, B60N 2/22, B62D 5/04, B60H 1/00"
                ),
                claim_suffix="及其控制方法",
            ),
        ),
    ),
    _Domain(
        key="electronics",
        field="电子信息",
        devices=True,
        families=(
            _Family(
                quals=_w("车规级 高精度 小型化 低功耗 国产化"),
                bases=_w("MEMS压力传感器 电流传感器 温湿度传感器 功率模块 LED驱动芯片 毫米波雷达天线"),
                processes=_w("封装工艺 温度补偿算法 可靠性提升技术 散热结构 电源管理设计方法"),
                applications=_w("新能源汽车电控 工业现场监测 智能家电 储能变流器"),
                problems=_w("温漂大、测量精度不足 功耗偏高 高温高湿环境下可靠性差 核心器件依赖进口"),
                indicators=(
                    ("测量精度±{}%FS", _w("0.05 0.1 0.25 0.5")),
                    ("工作温度-40℃～{}℃", _w("105 125 150 175")),
                    ("待机功耗≤{}μA", _span(1, 50)),
                    ("热阻≤{}K/W", _w("0.1 0.2 0.3 0.5")),
                ),
                keywords=_w("传感器 MEMS 功率模块 封装 芯片设计 国产替代 毫米波 车规级"),
                ipc=_codes("G01L 9/00, G01R 15/20, H01L 23/473, H01Q 1/32, H05B 45/30, G01K 7/00"),
            ),
            _Family(
                quals=_w("高频 高可靠 低损耗 国产化 超薄"),
                bases=_w("高频覆铜板 柔性印刷电路 电磁屏蔽材料 导热界面材料"),
                processes=_w("层压工艺 树脂配方设计 表面处理工艺 卷对卷制造工艺"),
                applications=_w("5G通信设备 新能源汽车电控 消费电子 服务器"),
                problems=_w("电磁兼容不达标 信号传输损耗大 高温下尺寸稳定性差 核心材料依赖进口"),
                indicators=(
                    ("介电损耗Df≤{}", _w("0.001 0.002 0.003 0.005")),
                    ("屏蔽效能≥{}dB", _span(60, 100, 10)),
                    ("剥离强度≥{}N/mm", _w("0.8 1.0 1.2 1.5")),
                    ("导热系数≥{}W/(m·K)", _w("3 5 8 12")),
                ),
                keywords=_w("电磁兼容 覆铜板 柔性电路 电磁屏蔽 导热材料 5G 电子材料"),
                ipc=_codes("H05K 1/02, H05K 9/00, B32B 15/08, C08L 63/00, H05K 3/02"),
            ),
            _Family(
                quals=_w("边缘智能 高可靠 低时延 安全可信"),
                bases=_w("工业物联网网关 边缘计算控制器 设备远程运维平台 能耗在线监测系统"),
                processes=_w("多协议接入技术 数据安全传输方法 时序数据压缩算法 故障预测算法"),
                applications=_w("工业互联网平台 智能工厂 化工园区 公用工程"),
                problems=_w("多品牌设备协议不兼容 数据采集实时性差 现场数据安全风险 运维响应慢"),
                indicators=(
                    ("传输时延≤{}ms", _span(1, 20)),
                    ("支持工业协议≥{}种", _span(10, 50, 10)),
                    ("数据压缩比≥{}:1", _span(5, 20, 5)),
                    ("接入设备≥{}台", _span(500, 5000, 500)),
                ),
                keywords=_w("物联网 边缘计算 工业互联网 数据采集 远程运维 数据安全 网关"),
                ipc=_codes("H04L 67/12, G06F 9/50, H04L 69/18, G05B 19/418, H04L 9/40"),
                claim_suffix="及其数据处理方法",
            ),
        ),
    ),
    _Domain(
        key="energy",
        field="新能源与高效节能",
        families=(
            _Family(
                quals=_w("高镍 高压实 长循环 低成本 快充型"),
                bases=_w("三元正极材料 磷酸锰铁锂正极材料 硅碳负极材料 钠离子电池正极材料 硫化物固态电解质"),
                processes=_w("制备方法 表面包覆改性技术 规模化制备工艺 掺杂改性技术"),
                applications=_w("动力电池 储能电站 两轮电动车"),
                problems=_w("循环寿命短 低温性能差 能量密度不足 制造成本高"),
                indicators=(
                    ("比容量≥{}mAh/g", _span(150, 450, 25)),
                    ("循环{}次容量保持率≥80%", _span(1000, 6000, 500)),
                    ("-20℃容量保持率≥{}%", _span(70, 90, 5)),
                    ("压实密度≥{}g/cm³", _w("2.3 2.5 3.4 3.6")),
                ),
                keywords=_w("锂电池 正极材料 负极材料 钠离子电池 固态电池 储能 包覆改性"),
                ipc=_codes("H01M 4/525, H01M 4/587, H01M 10/0562, H01M 4/58, H01M 10/0525"),
            ),
            _Family(
                quals=_w("高效 低成本 低衰减 双面"),
                bases=_w("异质结光伏电池 TOPCon光伏电池 钙钛矿叠层电池 光伏组件"),
                processes=_w("钝化镀膜工艺 低温银浆金属化工艺 激光开膜工艺 封装工艺"),
                applications=_w("分布式光伏 地面光伏电站 光伏建筑一体化"),
                problems=_w("转换效率偏低 银浆耗量大 组件首年衰减大 制造成本高"),
                indicators=(
                    ("光电转换效率≥{}%", _w("24.5 25.0 25.5 26.0")),
                    ("银浆耗量≤{}mg/W", _span(5, 12)),
                    ("首年衰减≤{}%", _w("1 1.5 2")),
                ),
                keywords=_w("光伏 异质结 钙钛矿 光伏组件 银浆 钝化 新能源"),
                ipc=_codes("H01L 31/0747, H01L 31/18, H01L 31/048, H01L 31/0224"),
            ),
            _Family(
                quals=_w("高安全 智能 长寿命 高效"),
                bases=_w("储能电池管理系统 储能变流系统 微电网能量管理系统 热管理系统"),
                processes=_w("热失控预警方法 SOC估算方法 能量管理策略 系统集成技术"),
                applications=_w("储能电站 工商业储能 园区微电网"),
                problems=_w("存在热失控安全风险 SOC估算误差大 系统运维成本高 电芯一致性差"),
                indicators=(
                    ("热失控预警提前≥{}min", _span(5, 30, 5)),
                    ("SOC估算误差≤{}%", _span(1, 5)),
                    ("系统循环效率≥{}%", _span(85, 92)),
                ),
                keywords=_w("储能 电池管理 能量管理 热失控 微电网 变流器"),
                ipc=_codes("H02J 7/00, H01M 10/48, H02J 3/32, H01M 10/42, G01R 31/382"),
                claim_suffix="及其控制方法",
            ),
            _Family(
                quals=_w("高纯 低能耗 耐腐蚀 紧凑型"),
                bases=_w("燃料电池金属双极板 工业副产氢纯化装置 碱性电解槽 PEM电解槽"),
                processes=_w("表面涂层技术 变压吸附工艺 电极制备方法 系统集成技术"),
                applications=_w("氢燃料电池汽车 化工园区副产氢利用 绿氢制备"),
                problems=_w("氢气纯度不稳定 耐腐蚀性不足 电解能耗高 关键材料依赖进口"),
                indicators=(
                    ("氢气纯度≥{}%", _w("99.97 99.99 99.999")),
                    ("接触电阻≤{}mΩ·cm²", _span(5, 10)),
                    ("电解能耗≤{}kWh/Nm³", _w("4.2 4.4 4.6 4.8")),
                ),
                keywords=_w("氢能 燃料电池 电解水制氢 双极板 氢气纯化 变压吸附"),
                ipc=_codes("H01M 8/0206, C01B 3/56, C25B 1/04, C25B 9/00, H01M 8/0228"),
            ),
        ),
    ),
    _Domain(
        key="environment",
        field="资源与环境",
        products=False,
        families=(
            _Family(
                quals=_w("低成本 高效 模块化 无害化"),
                bases=_w("高盐有机废水 含氟废水 电镀废液 工业污泥 焚烧飞灰 重金属污染土壤"),
                processes=_w("高级氧化处理技术 膜浓缩零排放工艺 资源化利用技术 稳定化固化技术 蒸发结晶工艺"),
                applications=_w("化工园区 电镀企业 污水处理厂 危废处置中心"),
                problems=_w("COD去除率低 运行成本高 固废处置费用高 出水指标不稳定"),
                indicators=(
                    ("COD去除率≥{}%", _span(85, 99, 2)),
                    ("吨水处理成本≤{}元", _span(5, 40, 5)),
                    ("资源化率≥{}%", _span(80, 98, 2)),
                    ("重金属浸出浓度≤{}mg/L", _w("0.05 0.1 0.5 1")),
                ),
                keywords=_w("废水处理 高级氧化 零排放 资源化 固废处置 重金属 膜分离 污泥减量"),
                ipc=_codes("C02F 1/72, C02F 9/00, C02F 11/12, B09B 3/00, B09C 1/08, C02F 1/44"),
                claim_suffix="的处理方法",
            ),
            _Family(
                quals=_w("高效 智能化 低温 模块化"),
                bases=_w("VOCs废气 恶臭气体 储罐呼吸气 工业烟气"),
                processes=_w("催化燃烧处理技术 吸附浓缩技术 在线监测系统 低温等离子处理技术 冷凝回收工艺"),
                applications=_w("化工园区 石化储运 涂装车间 污水处理厂"),
                problems=_w("排放指标不稳定 易产生二次污染 运行成本高 无组织排放难以监控"),
                indicators=(
                    ("非甲烷总烃排放≤{}mg/m³", _span(20, 60, 10)),
                    ("去除效率≥{}%", _span(90, 99)),
                    ("油气回收率≥{}%", _span(90, 98, 2)),
                    ("监测数据有效率≥{}%", _span(90, 99)),
                ),
                keywords=_w("VOCs治理 催化燃烧 环境监测 吸附浓缩 油气回收 废气处理 在线监测"),
                ipc=_codes("B01D 53/86, B01D 53/44, B01D 53/04, G01N 33/00, F23G 7/07, B01D 5/00"),
                claim_suffix="的处理方法",
            ),
        ),
    ),
    _Domain(
        key="biomed",
        field="生物技术与制药",
        families=(
            _Family(
                quals=_w("可吸收 抗菌 生物相容 长效"),
                bases=_w("医用聚氨酯导管 缝合线 骨修复支架 医用敷料 止血材料"),
                processes=_w("制备方法 表面抗菌改性技术 静电纺丝工艺 3D打印成型工艺"),
                applications=_w("医疗器械 伤口护理 骨科植入"),
                problems=_w("生物相容性不足 感染风险高 降解速度与组织再生不匹配 关键原料依赖进口"),
                indicators=(
                    ("抑菌率≥{}%", _w("99 99.9")),
                    ("降解周期{}天", _span(60, 180, 30)),
                    ("孔隙率≥{}%", _span(60, 90, 5)),
                    ("断裂强力≥{}N", _span(10, 60, 5)),
                ),
                keywords=_w("医疗器械 抗菌 可降解材料 组织工程 生物材料 敷料 3D打印"),
                ipc=_codes("A61L 29/06, A61L 17/12, A61L 27/56, A61L 15/44, A61L 24/00"),
            ),
            _Family(
                quals=_w("高纯 缓释 高灵敏 高效"),
                bases=_w("重组蛋白 微球制剂 体外诊断试剂 原料药 单克隆抗体"),
                processes=_w("纯化工艺 质量控制方法 连续流合成工艺 制备方法 高密度发酵工艺"),
                applications=_w("创新药 体外诊断 仿制药一致性评价"),
                problems=_w("收率偏低 杂质含量高 批间差异大 检测灵敏度不足"),
                indicators=(
                    ("收率≥{}%", _span(70, 95, 5)),
                    ("单杂≤{}%", _w("0.05 0.1 0.15")),
                    ("检测灵敏度≤{}ng/mL", _w("0.1 0.5 1 5")),
                    ("表达量≥{}g/L", _span(1, 10)),
                ),
                keywords=_w("生物医药 缓释制剂 蛋白表达 体外诊断 原料药 连续流合成 抗体 发酵"),
                ipc=_codes("C12N 15/70, A61K 9/16, G01N 33/53, C07D 213/00, C07K 1/22, C12P 21/02"),
            ),
        ),
    ),
)
DOMAIN_BY_KEY = {d.key: d for d in DOMAINS}
FAMILIES: tuple[tuple[_Domain, _Family], ...] = tuple((d, f) for d in DOMAINS for f in d.families)


@dataclass(frozen=True)
class _Industry:
    """A GB/T 4754-2017 class, with company-name words, Ningbo cluster and matching technical areas."""

    code: str
    words: tuple[str, ...]
    cluster: str | None
    domains: tuple[str, ...]
    products: str
    zhenhai_weight: int = 1
    other_weight: int = 1


INDUSTRIES: tuple[_Industry, ...] = (
    _Industry(
        "C2614", _w("化工 石化科技 化学"), "绿色石化", ("chem", "environment"), "丙烯衍生物和环氧类中间体", 3
    ),
    _Industry("C2662", _w("精细化工 化学科技"), "绿色石化", ("chem",), "电子化学品和催化剂助剂", 3),
    _Industry(
        "C2651", _w("新材料科技 高分子材料"), "新材料", ("polymer", "chem"), "改性工程塑料和合成树脂", 3
    ),
    _Industry("C2929", _w("塑业 塑胶制品 塑料科技"), "新材料", ("polymer",), "汽车及家电塑料零部件", 2),
    _Industry("C3360", _w("表面处理 金属科技"), "新材料", ("metal",), "金属表面处理与热处理加工", 2),
    _Industry(
        "C3311", _w("钢结构 重工"), "新能源汽车及高端装备", ("metal", "equipment"), "石化装置钢结构", 2
    ),
    _Industry(
        "C3484",
        _w("精密机械 机械制造"),
        "新能源汽车及高端装备",
        ("equipment", "metal"),
        "精密机械零部件",
        1,
        2,
    ),
    _Industry(
        "C3491", _w("智能装备 机器人"), "人工智能与机器人", ("equipment", "electronics"), "工业机器人及产线"
    ),
    _Industry(
        "C3670",
        _w("汽车零部件 汽车部件"),
        "新能源汽车及高端装备",
        ("auto", "polymer", "metal"),
        "汽车底盘部件",
        1,
        3,
    ),
    _Industry("C3825", _w("光伏科技 新能源"), "绿色能源", ("energy",), "光伏电池片及组件"),
    _Industry("C3841", _w("新能源科技 电池科技"), "绿色能源", ("energy", "chem"), "锂离子电池及正负极材料"),
    _Industry("C3990", _w("电子科技 电子"), "新一代信息技术", ("electronics",), "传感器与电子元器件"),
    _Industry(
        "C4015", _w("检测仪器 仪器"), "新能源汽车及高端装备", ("equipment", "electronics"), "材料试验机"
    ),
    _Industry("C2770", _w("医疗器械 生物科技"), "生命健康", ("biomed",), "医用耗材与敷料"),
    # Environmental equipment belongs to none of the "361" clusters.
    _Industry("C3591", _w("环保科技 环境工程"), None, ("environment", "chem"), "工业废水废气治理设备", 2),
)


@dataclass(frozen=True)
class _District:
    code: str
    name_prefixes: tuple[str, ...]
    address_prefix: str
    streets: tuple[str, ...]
    roads: tuple[str, ...]
    landlines: tuple[str, ...]  # first four digits of the 8-digit local number


DISTRICTS: dict[str, _District] = {
    d.code: d
    for d in (
        _District(
            "330211",
            _w("宁波 宁波镇海 镇海"),
            "宁波市镇海区",
            _w("骆驼街道 庄市街道 蛟川街道 澥浦镇 招宝山街道 九龙湖镇"),
            _w("中官西路 庄市大道 盛兴路 兴业路 海天中路 澥浦大道 镇骆东路 俞范东路 临俞路 雄镇路"),
            _w("8624 8630 8627 8625 8638"),
        ),
        _District(
            "330206",
            _w("宁波 宁波北仑 北仑"),
            "宁波市北仑区",
            _w("新碶街道 小港街道 大碶街道 霞浦街道"),
            _w("明州路 长江路 黄山西路 太河路 恒山西路 大港一路 庐山东路"),
            _w("8687 8618 8622 8610"),
        ),
        _District(
            "330212",
            _w("宁波 宁波鄞州"),
            "宁波市鄞州区",
            _w("首南街道 下应街道 姜山镇 邱隘镇 云龙镇"),
            _w("天童南路 鄞州大道 宁南南路 首南东路 泰康中路 金达路"),
            _w("8811 8827 8788"),
        ),
        _District(
            "330205",
            _w("宁波 宁波江北"),
            "宁波市江北区",
            _w("慈城镇 洪塘街道 甬江街道 庄桥街道"),
            _w("长兴路 洪塘中路 康庄南路 慈湖路 北环东路"),
            _w("8755 8763 8766"),
        ),
        _District(
            "330203",
            _w("宁波 宁波海曙"),
            "宁波市海曙区",
            _w("集士港镇 古林镇 石碶街道 高桥镇"),
            _w("聚才路 北渡路 丽园北路 望春路 藕缆桥路"),
            _w("8739 8730 8802"),
        ),
        _District(
            "330213",
            _w("宁波 奉化"),
            "宁波市奉化区",
            _w("岳林街道 江口街道 西坞街道"),
            _w("大成东路 金海路 汇盛路"),
            _w("8858 8896"),
        ),
        _District(
            "330281",
            _w("余姚 宁波"),
            "浙江省余姚市",
            _w("阳明街道 凤山街道 泗门镇 马渚镇"),
            _w("城东北路 谭家岭西路 舜宇路 阳光路"),
            _w("6258 6270 6287"),
        ),
        _District(
            "330282",
            _w("慈溪 宁波"),
            "浙江省慈溪市",
            _w("宗汉街道 白沙路街道 周巷镇 观海卫镇"),
            _w("新城大道 北三环东路 开发大道 潮塘路"),
            _w("6310 6380 6356"),
        ),
    )
}

ZHENHAI = "330211"
OTHER_DISTRICTS = ("330206", "330212", "330205", "330203", "330206", "330212", "330281", "330282", "330213")

# (name, kind, region, division code, weight as a technology owner): Ningbo owners weigh more.
INSTITUTIONS_DATA: tuple[tuple[str, str, str, str, int], ...] = (
    ("宁波大学", "university", "浙江宁波", "330205", 6),
    ("中国科学院宁波材料技术与工程研究所", "institute", "浙江宁波", "330211", 8),
    ("浙江大学宁波科创中心", "institute", "浙江宁波", "330200", 4),
    ("宁波诺丁汉大学", "university", "浙江宁波", "330212", 3),
    ("宁波工程学院", "university", "浙江宁波", "330205", 3),
    ("浙大宁波理工学院", "university", "浙江宁波", "330200", 3),
    ("北京航空航天大学宁波创新研究院", "institute", "浙江宁波", "330200", 2),
    ("天津大学浙江研究院", "institute", "浙江宁波", "330200", 2),
    ("浙江大学", "university", "浙江杭州", "330106", 5),
    ("浙江工业大学", "university", "浙江杭州", "330105", 3),
    ("浙江理工大学", "university", "浙江杭州", "330114", 2),
    ("中国计量大学", "university", "浙江杭州", "330114", 2),
    ("上海交通大学", "university", "上海", "310104", 4),
    ("华东理工大学", "university", "上海", "310104", 4),
    ("东华大学", "university", "上海", "310105", 3),
    ("同济大学", "university", "上海", "310110", 2),
    ("中国科学院上海有机化学研究所", "institute", "上海", "310104", 2),
    ("哈尔滨工业大学", "university", "黑龙江哈尔滨", "230103", 2),
    ("北京化工大学", "university", "北京", "110105", 3),
    ("大连理工大学", "university", "辽宁大连", "210211", 2),
    ("中国科学院大连化学物理研究所", "institute", "辽宁大连", "210204", 2),
    ("天津大学", "university", "天津", "120104", 2),
    ("西安交通大学", "university", "陕西西安", "610103", 2),
    ("华中科技大学", "university", "湖北武汉", "420111", 2),
    ("南京工业大学", "university", "江苏南京", "320111", 2),
    ("江南大学", "university", "江苏无锡", "320211", 1),
)

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵钱"
    "严戴孔汤应竺虞俞包邬"
)
GIVEN_NAMES = _w(
    "伟 芳 敏 静 磊 军 洋 勇 杰 涛 明 超 霞 刚 斌 鹏 辉 健 飞 凯 琳 颖 倩 蕾 博 睿 航 建华 建国 志强"
    " 晓东 海燕 立新 振宇 思远 浩然 欣怡 宇轩 一鸣 佳怡 俊杰 文涛 晓峰 国平 海波 丽萍 雪梅 永刚"
    " 春燕 伟东 益民 雅琴 卫东 建军 晨阳 子豪 梦瑶 嘉诚 亚军 红霞"
)
BRAND_FIRST = tuple("甬海天金华恒博泰瑞鑫德润中兴联创东宏盛昊晟康嘉丰宇正信永明锐")
BRAND_SECOND = tuple("力达通远源科泰诚邦航威峰星辰耀越睿烨洲宸隆腾汇凯川合安拓迈新")
MOBILE_PREFIXES = _w(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 176 177 180 181 182 183"
    " 185 186 187 188 189 199"
)
CONTACT_TITLES = _w("技术总监 研发部经理 总工程师 副总经理 总经理 技术中心主任 生产部经理 办公室主任")
PLACES = _w("企业会议室 企业研发中心 生产车间现场 镇海科技市场洽谈室 企业技术中心实验室")
POLICY_TALKS = _w(
    "镇海区技术经纪人奖励及科技成果转化补助政策 高新技术企业认定政策 省级企业研究开发中心申报要求"
    " 研发费用加计扣除政策 宁波市科技创新券使用办法"
)
ADVICE = _w(
    "先做小试验证再确定合作方式 采用委托开发方式分阶段推进 引入高校团队共建联合实验室"
    " 先以专利许可方式降低前期投入"
)
CONSEQUENCES = _w(
    "难以满足下游客户新一代产品的要求 每年因返工和报废损失约{}万元 制约了产能进一步扩大"
    " 关键材料和部件长期依赖进口 产品在招投标中缺乏竞争力"
)
BENEFITS = (
    ("预计新增年产值{}万元", _span(500, 8000, 500)),
    ("产品综合成本降低{}%", _span(8, 30, 2)),
    ("实现进口替代，年节约采购成本{}万元", _span(100, 2000, 100)),
    ("形成发明专利{}项以上", _span(2, 6)),
)
NEED_SUFFIXES = _w("开发 技术攻关 国产化替代 性能提升 工艺优化")
DROP_REASONS = _w(
    "企业评估后认为技术成熟度不足，需先完成中试验证 报价超出企业预算，双方未能达成一致"
    " 高校团队排期已满，无法按企业要求的时间交付 企业决定转为自主研发 专利权属存在争议，暂停洽谈"
    " 技术指标与企业实际工况不匹配"
)
REJECT_REASONS = {
    "zhenhai": "技术交易额与认定登记证明不一致，请核对后重新提交",
    "ningbo-2014": "申报材料缺少推荐单位盖章意见，请补充后重新申报",
}
MATURITY_TEXT = {
    "lab": "目前处于实验室阶段，已完成小试验证",
    "prototype": "已完成样品试制和性能测试",
    "pilot": "已完成中试，工艺参数稳定",
    "small_batch": "已在合作企业实现小批量生产",
    "industrialised": "已实现产业化应用",
}
# Weighted pools: rng.choice on a repeated tuple is much cheaper per row than rng.choices with weights.
MATURITY_POOL = _w("lab " * 5 + "prototype " * 5 + "pilot " * 5 + "small_batch " * 3 + "industrialised " * 2)
PATENT_COUNT_POOL = (0,) * 3 + (1,) * 9 + (2,) * 6 + (3,) * 2
PATENT_TYPE_POOL = ("1",) * 15 + ("2",) * 5
DEVICE_PATENT_TYPE_POOL = ("1",) * 12 + ("2",) * 6 + ("3",) * 2  # only devices have design patents
PATENT_KINDS = {"1": "invention", "2": "utility_model", "3": "design"}
TRANSFER_MODE_POOL: tuple[tuple[str, ...], ...] = (
    ("transfer",),
    ("licence",),
    ("transfer", "licence"),
    ("joint_development",),
    ("licence", "service"),
    ("transfer", "equity"),
    ("joint_development", "service"),
    ("transfer", "licence", "joint_development"),
)
ASKING_PRICE_POOL: tuple[int | None, ...] = (
    None,
    None,
    None,
    *(wan * 10_000 * 100 for wan in (5, 8, 10, 15, 20, 30, 50, 80, 100, 150, 200, 300, 500)),
)
SOLUTION_POOL = _w(
    "commissioned " * 7
    + "cooperative " * 6
    + "transfer " * 4
    + "consulting " * 2
    + "talent independent other"
)
SOLUTION_FOR_CONTRACT = {
    "development": "commissioned",
    "transfer": "transfer",
    "licence": "transfer",
    "consulting": "consulting",
    "service": "consulting",
}
OUTPUT_YI = _w("0.3 0.5 0.8 1.2 1.5 2 3 5 8 12 20")  # annual output, 100 million yuan
BANKS = _w("NBCB ICBC CCB BOC ABC")
KINDS = _w(
    "brokers institutions enterprises contacts visits needs technologies patents matches contracts"
    " payments claims"
)
MATCH_STAGES = ("candidate", "recommended", "introduced", "negotiating", "intent", "dropped")
PIPELINE = ("candidate", "recommended", "introduced", "negotiating", "intent")

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class _ContractPlan:
    """One contract of the storyline and the reward claim made on it (if any)."""

    contract_type: str
    registered: bool
    policy: str | None
    claim_status: str | None
    shares: tuple[int, ...] = (100,)
    min_yuan: int = 300_000
    max_yuan: int = 8_000_000
    buyer: str = "zhenhai"  # "zhenhai", "outside" or "any"


# The first five cover every contract type and every claim status, so even the smallest demo shows all.
# Claims under ningbo-2014 stay small: that policy's yearly cap per broker counts every claim of the year.
CONTRACT_PLAN: tuple[_ContractPlan, ...] = (
    _ContractPlan("transfer", True, "zhenhai", "paid", (60, 40)),
    _ContractPlan("development", True, "zhenhai", "approved"),
    _ContractPlan("licence", True, "zhenhai", "submitted", (50, 30, 20)),
    _ContractPlan("consulting", True, "ningbo-2014", "rejected", max_yuan=1_500_000, buyer="any"),
    _ContractPlan("service", True, "ningbo-2014", "draft", max_yuan=2_000_000, buyer="any"),
    _ContractPlan("development", True, "zhenhai", "paid"),
    _ContractPlan("transfer", False, None, None, buyer="any"),
    # Large enough that the per-project cap of the Zhenhai policy applies.
    _ContractPlan("licence", True, "zhenhai", "paid", min_yuan=22_000_000, max_yuan=26_000_000),
    _ContractPlan("service", True, "ningbo-2014", "paid", (70, 30), max_yuan=3_000_000, buyer="any"),
    _ContractPlan("development", True, "ningbo-2014", "submitted", max_yuan=4_000_000, buyer="outside"),
    _ContractPlan("consulting", False, None, None, max_yuan=1_000_000, buyer="any"),
    _ContractPlan("transfer", True, "zhenhai", "rejected"),
    _ContractPlan("development", True, "zhenhai", "draft", (50, 50)),
    _ContractPlan("licence", True, None, None, buyer="any"),
)


# -- small generators ------------------------------------------------------------------------------------


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code (8 characters and its check character), legacy or post-2015 style."""
    if rng.random() < 0.5:
        body = "MA2" + "".join(rng.choice(_USCC_CHARS[:10] + "ABCDEFGH") for _ in range(5))
    else:
        body = str(rng.randrange(10_000_000, 80_000_000))
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _uscc(rng: random.Random, prefix: str, division: str) -> str:
    first17 = prefix + division + _org_code(rng)
    return first17 + uscc_check_char(first17)


def _id_card(rng: random.Random, division: str, born_from: int, born_to: int) -> str:
    birth = date(born_from, 1, 1) + timedelta(days=rng.randrange((born_to - born_from) * 365))
    first17 = f"{division}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_card_check_char(first17)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def _landline(rng: random.Random, district: _District) -> str:
    return f"0574-{rng.choice(district.landlines)}{rng.randrange(10_000):04d}"


def _day(start: date, end: date, rng: random.Random) -> date:
    """A day in [start, end]."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _fill(rng: random.Random, template: str, values: Sequence[str]) -> str:
    return template.format(rng.choice(values))


def _indicators(rng: random.Random, family: _Family, k: int) -> list[str]:
    """``k`` quantified indicators, each of a different kind."""
    return [template.format(rng.choice(values)) for template, values in rng.sample(family.indicators, k)]


@contextmanager
def _seeded_ids(rng: random.Random) -> Iterator[None]:
    """Make record ids come from ``rng`` (in this thread only) so the same seed gives the same ids.

    The services create their records with ``models.new_id`` (``uuid.uuid4``) and accept no id from the
    caller; swapping the generator for the duration keeps the demo on the real service path.
    """
    original = uuid.uuid4
    owner = threading.get_ident()

    def seeded() -> uuid.UUID:
        if threading.get_ident() != owner:
            return original()
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    uuid.uuid4 = seeded
    try:
        yield
    finally:
        uuid.uuid4 = original


# -- technologies ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kit:
    """One word family with pools of ready-made parts, so that a row costs a few ``choice`` calls."""

    domain: _Domain
    family: _Family
    keyword_sets: tuple[list[str], ...]
    ipc_sets: tuple[list[str], ...]
    indicator_texts: tuple[str, ...]
    patent_types: tuple[str, ...]


class _TechFactory:
    """Technology rows from the vocabulary; cheap per row, because a million of them may be needed.

    Keyword, IPC, inventor and indicator combinations are drawn once into pools and then picked per row
    (``rng.sample`` per row would cost more than the database insert). Rows share those list objects;
    they are only serialised, never changed.
    """

    def __init__(self, rng: random.Random, institutions: Sequence[tuple[str, int]]) -> None:
        self.rng = rng
        self.owner_pool = tuple(ident for ident, weight in institutions for _ in range(weight))
        people = [s + g for s in SURNAMES for g in GIVEN_NAMES]
        self.inventor_sets = tuple(rng.sample(people, rng.randrange(1, 5)) for _ in range(8192))
        self.transfer_modes = tuple(list(modes) for modes in TRANSFER_MODE_POOL)
        self.kits = tuple(self._kit(domain, family) for domain, family in FAMILIES)
        self.serials: dict[tuple[int, str], int] = {}
        self.filing_seq = 0
        self.start = datetime.combine(ANCHOR, time(0), UTC) - timedelta(days=3 * 365)

    def _kit(self, domain: _Domain, family: _Family) -> _Kit:
        rng = self.rng
        return _Kit(
            domain=domain,
            family=family,
            keyword_sets=tuple(rng.sample(family.keywords, rng.randrange(3, 6)) for _ in range(64)),
            ipc_sets=tuple(rng.sample(family.ipc, rng.randrange(1, 4)) for _ in range(32)),
            indicator_texts=tuple("，".join(_indicators(rng, family, 2)) for _ in range(256)),
            patent_types=DEVICE_PATENT_TYPE_POOL if domain.devices else PATENT_TYPE_POOL,
        )

    def patent(self, kit: _Kit) -> tuple[str, str]:
        """A unique, valid application number: per year and type, serials rise by small random steps."""
        rng = self.rng
        key = (rng.randrange(2015, 2026), rng.choice(kit.patent_types))
        serial = self.serials.get(key, rng.randrange(1, 200_000)) + rng.randrange(1, 9)
        self.serials[key] = serial
        digits = f"{key[0]}{key[1]}{serial:07d}"
        return f"{digits}.{patent_check_char(digits)}", PATENT_KINDS[key[1]]

    def make(self, kit: _Kit) -> tuple[dict[str, Any], list[tuple[str, str]], datetime]:
        """Column values (without id and timestamps), patents as (number, kind), and the creation time."""
        rng = self.rng
        choice = rng.choice
        family = kit.family
        qual, base, process = choice(family.quals), choice(family.bases), choice(family.processes)
        app, app2 = choice(family.applications), choice(family.applications)
        form = rng.randrange(5)
        if form == 0:
            title = f"一种{qual}{base}{family.claim_suffix}"
        elif form == 1:
            title = f"一种{qual}{base}的{process}"
        elif form == 2:
            title = f"面向{app}的{qual}{base}{process}"
        else:
            title = f"{qual}{base}{process}"
        patents = [self.patent(kit) for _ in range(choice(PATENT_COUNT_POOL))]
        maturity = choice(MATURITY_POOL)
        patent_text = f"，已申请专利{len(patents)}项" if patents else ""
        abstract = (
            f"本成果针对{app}中{base}{choice(family.problems)}的问题，研究开发了{qual}{base}{process}。"
            f"经第三方检测，{choice(kit.indicator_texts)}。"
            f"{MATURITY_TEXT[maturity]}{patent_text}，可推广应用于{app2}等领域。"
        )
        keywords = choice(kit.keyword_sets)
        if len(base) <= 10 and base not in keywords and rng.random() < 0.5:
            keywords = [base, *keywords]
        created = self.start + timedelta(seconds=rng.randrange(3 * 365 * 86_400))
        filing_no = None
        if rng.random() < 0.25:
            self.filing_seq += 1
            filing_no = f"ZHKJ-CG-{created.year}-{self.filing_seq:06d}"
        values: dict[str, Any] = {
            "title": title,
            "abstract": abstract,
            "keywords": keywords,
            "institution_id": choice(self.owner_pool),
            "inventors": choice(self.inventor_sets),
            "ipc_codes": choice(kit.ipc_sets),
            "technical_field": kit.domain.field,
            "maturity": maturity,
            "transfer_modes": choice(self.transfer_modes),
            "asking_price_fen": choice(ASKING_PRICE_POOL),
            "filing_no": filing_no,
        }
        return values, patents, created


# -- the storyline -------------------------------------------------------------------------------------------


@dataclass
class _NeedPlan:
    enterprise: Enterprise
    district: _District
    domain: _Domain
    family: _Family
    visit_id: str | None
    visit_day: date
    first: bool  # linked to the enterprise's first (early) visit: early enough to end in a contract
    role: str = ""
    contract: _ContractPlan | None = None
    need: Need | None = None
    match_stages: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    """Builds the broker-facing records through the services, in one unit of work."""

    session: Session
    rng: random.Random
    progress: Progress | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    me: Broker | None = None
    co_brokers: list[Broker] = field(default_factory=list)
    owners: list[tuple[str, int]] = field(default_factory=list)
    institution_division: dict[str, str] = field(default_factory=dict)
    enterprise_names: set[str] = field(default_factory=set)
    usccs: set[str] = field(default_factory=set)
    plans: list[_NeedPlan] = field(default_factory=list)
    techs_by_family: dict[_Family, list[Technology]] = field(default_factory=dict)
    all_techs: list[Technology] = field(default_factory=list)
    filing_seq: dict[str, int] = field(default_factory=dict)
    registration_seq: int = 0

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    # -- people and places ------------------------------------------------------------------------

    def brokers(self) -> None:
        rng = self.rng
        agency_uscc = _uscc(rng, "51", ZHENHAI)
        self.usccs.add(agency_uscc)
        name = _person(rng)
        self.me = BROKERS.create(
            self.session,
            {
                "name": name,
                "is_self": True,
                "id_card": _id_card(rng, ZHENHAI, 1982, 1992),
                "certificate_no": f"ZHJJ-2019-{rng.randrange(1, 218):04d}",
                "level": "intermediate",
                "agency": "镇海区技术经纪人协会",
                "agency_uscc": agency_uscc,
                "phone": _mobile(rng),
                "email": f"{pinyin_initials(name)}{rng.randrange(10, 99)}@163.com",
                "bank_name": "宁波银行镇海支行",
                "account_name": name,
                "account_number": f"6223{rng.randrange(10**14, 10**15)}",
                "notes": "本人档案（演示数据）。2019年参加浙江省技术经纪人培训，在镇海区科技局备案。",
            },
        )
        agencies = (
            "镇海区技术经纪人协会",
            "镇海科技市场",
            "中国科学院宁波材料技术与工程研究所技术转移中心",
            "宁波大学技术转移中心",
            "宁波市生产力促进中心",
        )
        for n, agency in enumerate(agencies):
            co_name = _person(rng)
            data: dict[str, Any] = {
                "name": co_name,
                "level": rng.choice(("junior", "intermediate", "senior")),
                "agency": agency,
                "certificate_no": f"ZJJJ-{rng.randrange(2019, 2025)}-{rng.randrange(1, 2000):04d}",
                "phone": _mobile(rng),
            }
            if n % 2 == 0:  # some co-brokers gave their full profile, others only a name and a phone
                data.update(
                    id_card=_id_card(rng, rng.choice(tuple(DISTRICTS)), 1975, 1998),
                    bank_name=rng.choice(("宁波银行", "中国工商银行宁波分行", "宁波鄞州农商银行")),
                    account_name=co_name,
                    account_number=f"6222{rng.randrange(10**14, 10**15)}",
                )
            self.co_brokers.append(BROKERS.create(self.session, data))
        self.count("brokers", 1 + len(agencies))

    def institutions(self) -> None:
        for name, kind, region, division, weight in INSTITUTIONS_DATA:
            code = _uscc(self.rng, "12", division)
            self.usccs.add(code)
            inst = INSTITUTIONS.create(
                self.session,
                {
                    "name": name,
                    "institution_kind": kind,
                    "region": region,
                    "division_code": division,
                    "uscc": code,
                },
            )
            self.owners.append((inst.id, weight))
            self.institution_division[inst.id] = division
        self.count("institutions", len(INSTITUTIONS_DATA))

    def enterprises(self, n: int) -> None:
        rng = self.rng
        divisions = [ZHENHAI] * ((n + 1) // 2) + [
            OTHER_DISTRICTS[i % len(OTHER_DISTRICTS)] for i in range(n // 2)
        ]
        rng.shuffle(divisions)
        two_needs = set(rng.sample(range(n), n // 2))  # about 1.5 needs per enterprise
        for i, code in enumerate(divisions):
            self.enterprise(code, needs=2 if i in two_needs else 1)
            if self.progress:
                self.progress("enterprises", i + 1, n)

    def enterprise(self, code: str, *, needs: int) -> None:
        rng = self.rng
        district = DISTRICTS[code]
        weights = [ind.zhenhai_weight if code == ZHENHAI else ind.other_weight for ind in INDUSTRIES]
        industry = rng.choices(INDUSTRIES, weights=weights)[0]
        while True:
            suffix = "股份有限公司" if rng.random() < 0.15 else "有限公司"
            brand = rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)
            name = f"{rng.choice(district.name_prefixes)}{brand}{rng.choice(industry.words)}{suffix}"
            if name not in self.enterprise_names:
                break
        self.enterprise_names.add(name)
        while True:
            code18 = _uscc(rng, "91", code)
            if code18 not in self.usccs:
                break
        self.usccs.add(code18)
        high_tech = rng.random() < 0.55
        notes = (
            f"主营{industry.products}，年产值约{rng.choice(OUTPUT_YI)}亿元，"
            f"研发人员{rng.randrange(8, 160)}人。"
        )
        if high_tech:
            notes += f"{rng.randrange(2016, 2026)}年认定为国家高新技术企业。"
        street, road = rng.choice(district.streets), rng.choice(district.roads)
        address = f"{district.address_prefix}{street}{road}{rng.randrange(1, 2000)}号"
        ent = ENTERPRISES.create(
            self.session,
            {
                "name": name,
                "uscc": code18,
                "division_code": code,
                "address": address,
                "industry_code": industry.code,
                "cluster_code": industry.cluster,
                "cluster_taxonomy": TAXONOMY if industry.cluster else None,
                "high_tech": high_tech,
                "engineering_centre": rng.choices(
                    ("none", "district", "city", "province", "national"), weights=(40, 20, 25, 12, 3)
                )[0],
                "notes": notes,
            },
        )
        self.count("enterprises")
        contact_ids = []
        for k in range(rng.randrange(1, 4)):
            person = _person(rng)
            data: dict[str, Any] = {
                "enterprise_id": ent.id,
                "name": person,
                "title": CONTACT_TITLES[k] if k < 2 else rng.choice(CONTACT_TITLES),
                "mobile": _mobile(rng),
            }
            if rng.random() < 0.35:
                data["phone"] = _landline(rng, district)
            if rng.random() < 0.3:
                data["email"] = (
                    f"{pinyin_initials(person)}@{pinyin_initials(brand)}{rng.randrange(100, 999)}.com.cn"
                )
            contact_ids.append(CONTACTS.create(self.session, data).id)
        self.count("contacts", len(contact_ids))
        self.visits_and_needs(ent, district, industry, contact_ids, needs)

    def visits_and_needs(
        self, ent: Enterprise, district: _District, industry: _Industry, contact_ids: list[str], needs: int
    ) -> None:
        rng = self.rng
        assert self.me is not None
        # The first visit lies in the earlier half of the year, so its needs have time to reach a contract.
        days = [_day(ANCHOR - timedelta(days=365), ANCHOR - timedelta(days=180), rng)]
        days += sorted(
            _day(ANCHOR - timedelta(days=179), ANCHOR - timedelta(days=1), rng)
            for _ in range(rng.choice((0, 1, 1, 2)))
        )
        domains = [DOMAIN_BY_KEY[k] for k in industry.domains]
        visit_ids = []
        for n, day in enumerate(days):
            start = datetime.combine(day, time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30))), LOCAL)
            domain = rng.choice(domains)
            follow: date | None = None
            if n < len(days) - 1:
                follow = days[n + 1]
            elif rng.random() < 0.6:
                # The latest visit's follow-up: some due in the coming weeks, some already overdue.
                overdue = rng.random() < 0.45 and day < ANCHOR - timedelta(days=3)
                follow = (
                    _day(
                        max(day + timedelta(days=1), ANCHOR - timedelta(days=25)),
                        ANCHOR - timedelta(days=1),
                        rng,
                    )
                    if overdue
                    else _day(ANCHOR + timedelta(days=3), ANCHOR + timedelta(days=35), rng)
                )
            brokers = [self.me.id] + ([rng.choice(self.co_brokers).id] if rng.random() < 0.4 else [])
            visit = VISITS.create(
                self.session,
                {
                    "enterprise_id": ent.id,
                    "started_at": start,
                    "ended_at": start + timedelta(minutes=rng.choice((60, 90, 120, 150))),
                    "place": rng.choice(PLACES),
                    "summary": self.visit_summary(domain, industry),
                    "follow_up_on": follow,
                    "broker_ids": brokers,
                    "contact_ids": rng.sample(contact_ids, min(len(contact_ids), rng.randrange(1, 3))),
                },
            )
            visit_ids.append(visit.id)
        self.count("visits", len(visit_ids))
        for n in range(needs):
            if n == 0:
                visit_id, day = visit_ids[0], days[0]
            elif rng.random() < 0.15:
                visit_id, day = None, ANCHOR - timedelta(days=rng.randrange(20, 170))  # phoned in, no visit
            else:
                visit_id, day = visit_ids[-1], days[-1]
            domain = rng.choice(domains)
            family = rng.choice(domain.families)
            self.plans.append(_NeedPlan(ent, district, domain, family, visit_id, day, first=n == 0))

    def visit_summary(self, domain: _Domain, industry: _Industry) -> str:
        rng = self.rng
        family = rng.choice(domain.families)
        topic, problem = rng.choice(family.keywords), rng.choice(family.problems)
        form = rng.randrange(4)
        if form == 0:
            return (
                f"与企业技术负责人座谈，了解{industry.products}的生产经营和研发投入情况。企业反映{problem}，"
                f"希望对接高校院所的{topic}成果。宣讲了{rng.choice(POLICY_TALKS)}。"
            )
        if form == 1:
            inst = rng.choice(INSTITUTIONS_DATA)[0]
            return (
                f"陪同{inst}专家到企业开展技术诊断，现场查看生产线，围绕{topic}交流。专家建议"
                f"{rng.choice(ADVICE)}，双方同意进一步洽谈。"
            )
        if form == 2:
            return (
                f"回访企业，跟进前期需求进展。企业介绍了{topic}小试结果，"
                f"{problem}的问题仍未解决，需要外部技术支持。"
            )
        return (
            f"参加企业技术需求挖掘座谈会，梳理出{topic}相关需求，已协助填写《企业技术需求征集表》。"
            f"同时介绍了{rng.choice(POLICY_TALKS)}。"
        )

    # -- technologies through the service -----------------------------------------------------------

    def service_technologies(self, factory: _TechFactory, n: int, total: int) -> None:
        for i in range(n):
            kit = factory.kits[i % len(factory.kits)]  # round robin: every family has some to match
            values, patents, _created = factory.make(kit)
            tech = TECHNOLOGIES.create(self.session, {**values, "patents": [num for num, _ in patents]})
            self.techs_by_family.setdefault(kit.family, []).append(tech)
            self.all_techs.append(tech)
            self.count("patents", len(patents))
        self.count("technologies", n)
        if self.progress:
            self.progress("technologies", n, total)

    # -- needs, matches, contracts, claims --------------------------------------------------------------

    def assign_roles(self) -> None:
        rng = self.rng
        n_contracts = min(len(CONTRACT_PLAN), len(self.plans) // 3)
        # Buyers in Zhenhai are placed first: half the enterprises are there, so they never run out.
        order = {"zhenhai": 0, "outside": 1, "any": 2}
        for spec in sorted(CONTRACT_PLAN[:n_contracts], key=lambda s: order[s.buyer]):
            free = [p for p in self.plans if p.first and not p.role]
            preferred = [p for p in free if (p.district.code == ZHENHAI) == (spec.buyer == "zhenhai")]
            chosen = rng.choice(preferred if preferred and spec.buyer != "any" else free)
            chosen.role, chosen.contract = "contracted", spec
        rest = [p for p in self.plans if not p.role]
        rng.shuffle(rest)
        fixed = ["matched", "matched", "closed", "new", "filed", "published"]  # every status appears
        pool = ("new",) * 4 + ("filed",) * 4 + ("published",) * 3 + ("matched",) * 7 + ("closed",) * 2
        for i, plan in enumerate(rest):
            plan.role = fixed[i] if i < len(fixed) else rng.choice(pool)
        # Stages of the matches that do not end in a contract: the first six cover every stage.
        slots: list[_NeedPlan] = []
        for plan in self.plans:
            if plan.role == "matched":
                slots += [plan] * rng.randrange(1, 4)
        for plan in (p for p in self.plans if p.role == "matched"):
            while len(slots) < len(MATCH_STAGES) and slots.count(plan) < 3:
                slots.append(plan)
        rng.shuffle(slots)
        stages = list(MATCH_STAGES)
        rng.shuffle(stages)
        for i, plan in enumerate(slots):
            plan.match_stages.append(stages[i] if i < len(stages) else rng.choice(MATCH_STAGES))

    def create_needs(self) -> None:
        rng = self.rng
        for plan in self.plans:
            domain, family = plan.domain, plan.family
            qual, base = rng.choice(family.quals), rng.choice(family.bases)
            process, app = rng.choice(family.processes), rng.choice(family.applications)
            if domain.products and rng.random() < 0.5:
                title = f"{app}用{qual}{base}{rng.choice(NEED_SUFFIXES)}"
            else:
                title = f"{qual}{base}{process}"
            problems = rng.sample(family.problems, 2)
            consequence = _fill(rng, rng.choice(CONSEQUENCES), _span(50, 800, 50))
            indicators = "；".join(_indicators(rng, family, 3))
            benefit = _fill(rng, *rng.choice(BENEFITS))
            keywords = rng.sample(family.keywords, rng.randrange(1, 5))
            if len(base) <= 10 and base not in keywords:
                keywords.insert(0, base)
            data: dict[str, Any] = {
                "enterprise_id": plan.enterprise.id,
                "visit_id": plan.visit_id,
                "title": title,
                "problem": f"公司在{app}领域的{base}方面存在{'、'.join(problems)}等问题，{consequence}。",
                "key_technology": f"需突破{qual}{base}{process}等关键技术。主要指标：{indicators}。",
                "expected_goals": (
                    f"{rng.choice((6, 9, 12, 18, 24))}个月内完成"
                    f"{rng.choice(('小试', '中试', '样件试制', '工程化验证'))}，实现在{app}的工程化应用；"
                    f"{benefit}。"
                ),
                "keywords": keywords[:5],
                "own_funds_fen": rng.randrange(5, 101) * 100_000 * 100,
                "solution_mode": (
                    SOLUTION_FOR_CONTRACT[plan.contract.contract_type]
                    if plan.contract
                    else rng.choice(SOLUTION_POOL)
                ),
                "window_start": plan.visit_day,
                "window_end": date(plan.visit_day.year + rng.randrange(1, 3), 12, 31),
                "confidential": rng.random() < 0.1,
                "technical_field": domain.field,
            }
            if plan.role != "new":
                data["filing_no"] = self.filing_no(plan)
            need = NEEDS.create(self.session, data)
            plan.need = need
            if plan.role in {"filed", "published", "matched", "contracted", "closed"}:
                NEEDS.set_status(self.session, need.id, "filed")
            if plan.role in {"published", "matched", "contracted"}:
                NEEDS.set_status(self.session, need.id, "published")
        self.count("needs", len(self.plans))

    def filing_no(self, plan: _NeedPlan) -> str:
        # Zhenhai needs are filed with the Zhenhai sci-tech market, the others with the city's market.
        prefix = "ZHKJ" if plan.district.code == ZHENHAI else "NBKJ"
        key = f"{prefix}-{plan.visit_day.year}"
        self.filing_seq[key] = self.filing_seq.get(key, 0) + self.rng.randrange(1, 6)
        return f"{prefix}-XQ-{plan.visit_day.year}-{self.filing_seq[key]:04d}"

    def pick_techs(self, plan: _NeedPlan, k: int) -> list[Technology]:
        pool = self.techs_by_family.get(plan.family, [])
        if len(pool) < k:
            pool = [t for f in plan.domain.families for t in self.techs_by_family.get(f, [])]
        if len(pool) < k:
            pool = self.all_techs
        return self.rng.sample(pool, min(k, len(pool)))

    def match(self, plan: _NeedPlan, tech: Technology, stage: str) -> str:
        assert plan.need is not None
        rng = self.rng
        match = MATCHES.create(
            self.session,
            {
                "need_id": plan.need.id,
                "technology_id": tech.id,
                "score": round(rng.uniform(0.45, 0.95), 3),
            },
        )
        self.count("matches")
        if stage == "dropped":
            # A match is dropped after getting somewhere: walk part of the pipeline first.
            for step in PIPELINE[1 : rng.randrange(1, 5)]:
                MATCHES.move(self.session, match.id, step)
            MATCHES.move(self.session, match.id, "dropped", reason=rng.choice(DROP_REASONS))
        else:
            for step in PIPELINE[1 : PIPELINE.index(stage) + 1]:
                MATCHES.move(self.session, match.id, step)
        return match.id

    def pipeline(self) -> list[tuple[_ContractPlan, Contract]]:
        rng = self.rng
        contracts: list[tuple[_ContractPlan, Contract]] = []
        for plan in self.plans:
            assert plan.need is not None
            if plan.role == "matched":
                techs = self.pick_techs(plan, len(plan.match_stages))
                for tech, stage in zip(techs, plan.match_stages, strict=False):
                    self.match(plan, tech, stage)
            elif plan.role == "closed":
                if rng.random() < 0.6:
                    self.match(plan, self.pick_techs(plan, 1)[0], "dropped")
                NEEDS.set_status(self.session, plan.need.id, "closed")
            elif plan.role == "contracted" and plan.contract is not None:
                techs = self.pick_techs(plan, 1 + rng.randrange(3))
                match_id = self.match(plan, techs[0], "intent")
                for tech in techs[1:]:
                    self.match(plan, tech, rng.choice(("candidate", "recommended", "dropped", "dropped")))
                contracts.append((plan.contract, self.contract(plan, plan.contract, techs[0], match_id)))
        return contracts

    def contract(self, plan: _NeedPlan, spec: _ContractPlan, tech: Technology, match_id: str) -> Contract:
        rng = self.rng
        assert plan.need is not None and tech.institution_id is not None
        signed = plan.visit_day + timedelta(days=rng.randrange(40, 121))
        registered = signed + timedelta(days=rng.randrange(7, 36))
        total_yuan = rng.randrange(spec.min_yuan // 1000, spec.max_yuan // 1000 + 1) * 1000
        share = {"transfer": 100, "licence": 100, "development": rng.choice((70, 75, 80, 85, 90))}.get(
            spec.contract_type, rng.choice((90, 95, 100))
        )
        tech_yuan = total_yuan * share // 100 // 1000 * 1000
        topic = plan.need.title
        for suffix in NEED_SUFFIXES:
            topic = topic.removesuffix(suffix)
        topic = topic.removesuffix("技术")
        title = {
            "development": f"{topic}委托开发",
            "transfer": f"{tech.title}专利权转让",
            "licence": f"{tech.title}专利实施许可",
            "consulting": f"{topic}技术咨询",
            "service": f"{topic}技术服务",
        }[spec.contract_type]
        data: dict[str, Any] = {
            "match_id": match_id,
            "title": title,
            "contract_type": spec.contract_type,
            "seller_institution_id": tech.institution_id,
            "buyer_enterprise_id": plan.enterprise.id,
            "signed_on": signed,
            "valid_from": signed,
            "valid_to": signed + timedelta(days=365 * rng.randrange(1, 4)),
            "total_fen": total_yuan * 100,
            "tech_amount_fen": tech_yuan * 100,
            "notes": f"居间服务费按合同成交额的{rng.choice((2, 3, 5))}%收取，由买方支付。",
        }
        if spec.registered:
            # Contracts are registered on the seller's side, so the number starts with the seller's area.
            self.registration_seq += rng.randrange(1, 40)
            division = self.institution_division[tech.institution_id]
            data.update(
                registration_no=f"{division}{registered.year}{self.registration_seq:06d}",
                registered_on=registered,
            )
        contract = CONTRACTS.create(self.session, data)
        self.count("contracts")
        self.payments(contract, signed)
        return contract

    def payments(self, contract: Contract, signed: date) -> None:
        rng = self.rng
        split = rng.choice(((100,), (30, 70), (50, 50), (30, 40, 30), (20, 50, 30)))
        day = signed + timedelta(days=rng.randrange(5, 31))
        paid = 0
        for n, percent in enumerate(split):
            if n and day >= ANCHOR:
                break  # later instalments are not due yet
            amount = contract.total_fen - paid if n == len(split) - 1 else contract.total_fen * percent // 100
            paid += amount
            PAYMENTS.create(
                self.session,
                {
                    "contract_id": contract.id,
                    "paid_on": day,
                    "amount_fen": amount,
                    "invoice_no": f"{day:%y}33{rng.randrange(10**15, 10**16)}",
                    "voucher_ref": f"{rng.choice(BANKS)}{day:%Y%m%d}{rng.randrange(10**6):06d}",
                    "notes": f"第{n + 1}期款",
                },
            )
            self.count("payments")
            day += timedelta(days=rng.randrange(30, 121))

    def claims(self, contracts: list[tuple[_ContractPlan, Contract]]) -> None:
        rng = self.rng
        assert self.me is not None
        claims = [(spec.policy, spec, contract) for spec, contract in contracts if spec.policy]
        # Claims under ningbo-2014 first: its yearly cap counts every claim the broker made in the year.
        claims.sort(key=lambda c: c[0] != "ningbo-2014")
        for policy, spec, contract in claims:
            assert policy is not None and spec.claim_status is not None and contract.registered_on
            rules = rules_of(get_policy(self.session, policy))
            required = [a.code for a in rules.attachments if a.required]
            optional = [a.code for a in rules.attachments if not a.required]
            attachments = (
                required[:-2] if spec.claim_status == "draft" else required + optional[: rng.randrange(2)]
            )
            first_paid = min(p.paid_on for p in CONTRACTS.payments(self.session, contract.id))
            claimed = max(contract.registered_on, first_paid) + timedelta(days=rng.randrange(10, 31))
            claimed = min(max(claimed, date(ANCHOR.year, 1, 5)), ANCHOR - timedelta(days=1))
            # A claim handed in pays each co-broker from the form: only those with ID and bank account.
            payable = [b for b in self.co_brokers if b.id_card and b.account_number]
            pool = self.co_brokers if spec.claim_status == "draft" else payable
            partners = rng.sample(pool, len(spec.shares) - 1)
            shares = [
                ShareInput(b.id, Decimal(p)) for b, p in zip([self.me, *partners], spec.shares, strict=True)
            ]
            claim = CLAIMS.create_claim(
                self.session,
                contract.id,
                policy_key=policy,
                claimed_on=claimed,
                attachments=attachments,
                shares=shares,
                applicant_type="individual" if policy == "zhenhai" else "organisation",
            )
            self.count("claims")
            if spec.claim_status == "draft":
                continue
            CLAIMS.submit(self.session, claim.id)
            if spec.claim_status == "rejected":
                CLAIMS.reject(self.session, claim.id, reason=REJECT_REASONS[policy])
                continue
            if spec.claim_status in {"approved", "paid"}:
                CLAIMS.approve(self.session, claim.id, note="区科技局审核通过")
            if spec.claim_status == "paid":
                CLAIMS.mark_paid(self.session, claim.id, note="奖励资金已拨付至经纪人账户")


# -- entry point -------------------------------------------------------------------------------------


def _refuse_unless_empty(session: Session) -> None:
    """Demo records must never mix with real ones: refuse a database that holds any."""
    held = {
        t("企业", "enterprises"): session.exec(select(func.count()).select_from(Enterprise)).one(),
        t("技术成果", "technologies"): session.exec(select(func.count()).select_from(Technology)).one(),
        t("技术需求", "needs"): session.exec(select(func.count()).select_from(Need)).one(),
        t("经纪人", "brokers"): session.exec(select(func.count()).select_from(Broker)).one(),
    }
    found = {k: v for k, v in held.items() if v}
    if found:
        listing = t("、", ", ").join(f"{k} {v}" for k, v in found.items())
        raise DemoError(
            t(
                "数据库中已有数据（{found}），演示数据只能生成到空的数据文件中。请用 --db 指定一个新文件。",
                "The database already holds data ({found}); demo data is only generated into an empty "
                "data file. Use --db to choose a new file.",
                found=listing,
            )
        )


def generate(
    store: Store,
    *,
    technologies: int = 2000,
    enterprises: int = 60,
    seed: int = 2026,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with a Zhenhai broker's demo year; returns the number of records per kind.

    The same seed always gives the same records and ids. ``progress`` is called as
    ``progress(stage, done, total)`` for the stages "enterprises" and "technologies".
    Raises :class:`DemoError` when the database already holds data or the sizes are too small.
    """
    if enterprises < MIN_ENTERPRISES or technologies < MIN_TECHNOLOGIES:
        raise DemoError(
            t(
                "演示数据至少需要 {e} 家企业和 {n} 项技术成果（现为 {ge} 和 {gn}）",
                "Demo data needs at least {e} enterprises and {n} technologies ({ge} and {gn} given)",
                e=MIN_ENTERPRISES,
                n=MIN_TECHNOLOGIES,
                ge=enterprises,
                gn=technologies,
            )
        )
    # Independent streams, so that (say) the number of technologies does not change the enterprises.
    story_rng = random.Random(f"{seed}:story")
    tech_rng = random.Random(f"{seed}:technologies")
    id_rng = random.Random(f"{seed}:ids")
    with store.session(actor="demo") as session:
        _refuse_unless_empty(session)
        sync_default_policies(session)
        builder = _Builder(session, story_rng, progress)
        with _seeded_ids(id_rng):
            builder.brokers()
            builder.institutions()
            factory = _TechFactory(tech_rng, builder.owners)
            builder.enterprises(enterprises)
            # Enough candidates for every need's matches; the rest of the library is bulk reference data.
            through_services = min(SERVICE_TECHNOLOGIES, technologies, 4 * len(builder.plans))
            builder.service_technologies(factory, through_services, technologies)
            builder.assign_roles()
            builder.create_needs()
            contracts = builder.pipeline()
            # Steps dated before the claims are handed in: submission refuses steps after the signing.
            _date_history(session, random.Random(seed * 7919 + 17))
            builder.claims(contracts)
    counts = builder.counts
    bulk = technologies - counts["technologies"]
    if bulk > 0:
        counts["patents"] += _insert_technologies(store, factory, bulk, progress, technologies)
        counts["technologies"] = technologies
        # Core inserts are queued for the search index by triggers; one rebuild is much faster than
        # draining the queue record by record (the index module's advice for bulk loads).
        search_index.rebuild(store, kinds=["technology"], progress=progress)
        store.optimize(analyze_all=True)
    return counts


def _date_history(session: Session, rng: random.Random) -> None:
    """Date each need on the visit that found it, and spread each match's stage steps over the weeks
    after that: up to the contract's signing for a signed match, otherwise up to the anchor.

    The services stamp records and steps with the moment they ran, so a fresh demo would say every need
    was found and every match moved today, and a claim form's list of the broker's steps would run out
    of order (found today, signed in spring). Brokers' pipelines move over weeks, in that order.
    """
    anchor = datetime.combine(ANCHOR, time(12), UTC)
    found_on: dict[str, datetime] = {}
    per_visit: dict[str | None, int] = {}
    for need_id, visit_id, started in session.exec(
        select(Need.id, Need.visit_id, Visit.started_at)
        .outerjoin(Visit, col(Visit.id) == col(Need.visit_id))
        .order_by(col(Need.created_at), col(Need.id))
    ).all():
        # Needs noted on one visit keep the order they were typed in, a few minutes apart.
        rank = per_visit[visit_id] = per_visit.get(visit_id, -1) + 1
        noted = (started or anchor - timedelta(days=150)).astimezone(UTC)
        found_on[need_id] = noted + timedelta(hours=1, minutes=5 * rank)
    for need_id, found in found_on.items():
        # Core, not the ORM: the change log and updated_at stamping are for edits a person makes.
        session.execute(update(Need).where(col(Need.id) == need_id).values(created_at=found))
    signed_on = {
        match_id: datetime.combine(signed, time(10), UTC)
        for match_id, signed in session.exec(
            select(col(Contract.match_id), col(Contract.signed_on)).where(col(Contract.match_id).is_not(None))
        ).all()
        if match_id is not None and signed is not None
    }
    rows = session.exec(
        select(MatchStageEvent, Match.need_id)
        .join(Match, col(Match.id) == col(MatchStageEvent.match_id))
        .order_by(col(MatchStageEvent.match_id), col(MatchStageEvent.id))
    ).all()
    by_match: dict[str, list[MatchStageEvent]] = {}
    needs: dict[str, str] = {}
    for event, need_id in rows:
        by_match.setdefault(event.match_id, []).append(event)
        needs[event.match_id] = need_id
    for match_id, events in by_match.items():
        start = found_on[needs[match_id]]
        end = signed_on.get(match_id, anchor)
        steps = events
        if match_id in signed_on and events[-1].to_stage == MatchStage.CONTRACTED:
            events[-1].at = end  # the match was contracted the day the contract was signed
            session.add(events[-1])
            steps = events[:-1]
        span = max((end - start).days - 1, len(steps))
        offsets = sorted(rng.sample(range(1, span + 1), len(steps)))
        for event, offset in zip(steps, offsets, strict=True):
            event.at = start + timedelta(days=offset, hours=rng.randrange(0, 8))
            session.add(event)
    session.flush()


def _insert_technologies(
    store: Store, factory: _TechFactory, n: int, progress: Progress | None, total: int
) -> int:
    """Insert ``n`` technologies and their patents with SQLAlchemy Core; returns the number of patents.

    One transaction per batch of :data:`BATCH_ROWS`, all on one connection with a larger page cache:
    the random UUID keys land all over the indexes, and a warm cache (which SQLite drops when another
    connection writes) saves reading and decrypting the same index pages batch after batch.
    No change-log rows are written: these rows are generated reference data (a results library), not
    edits a person made, and a million log rows would double the file for nothing.
    """
    rng, kits = factory.rng, factory.kits
    getrandbits = rng.getrandbits
    patents_done, done = 0, total - n
    prefix = rng.randrange(1 << 44)
    with store.engine.connect() as conn:
        cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        conn.commit()
        try:
            while done < total:
                rows: list[dict[str, Any]] = []
                patent_rows: list[dict[str, Any]] = []
                for _ in range(min(BATCH_ROWS, total - done)):
                    values, patents, created = factory.make(rng.choice(kits))
                    # Rising ids (a random 48-bit prefix that only grows, as in UUIDv7) append to the
                    # primary-key and search-queue indexes instead of splitting pages all over them.
                    prefix += rng.randrange(1, 1 << 24)
                    ident = str(uuid.UUID(int=prefix << 80 | getrandbits(80), version=4))
                    values["id"] = ident
                    values["created_at"] = values["updated_at"] = created
                    rows.append(values)
                    patent_rows.extend(
                        {"technology_id": ident, "number": num, "patent_kind": kind} for num, kind in patents
                    )
                conn.execute(insert(Technology), rows)
                if patent_rows:
                    conn.execute(insert(TechPatent), patent_rows)
                conn.commit()
                done += len(rows)
                patents_done += len(patent_rows)
                if progress:
                    progress("technologies", done, total)
        finally:
            conn.rollback()  # nothing to undo after a commit; drops a batch that failed
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")
            conn.commit()
    return patents_done
