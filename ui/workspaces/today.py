"""The Today dashboard: this month's visits, follow-ups due, open needs, the pipeline, contracts and rewards.

The figures come from :func:`workbench.services.stats.dashboard_stats` (aggregate SQL), loaded on a pool
thread and reloaded when the change bus reports a kind they depend on. Money is shown in 万元 with the
exact amount in 元 beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QMargins, QObject, Qt, QTime, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.context import AppContext, CancelToken
from ui.style import icon
from ui.widgets.money import big_amount, wan_rounded, yuan
from workbench.enums import MATCH_PIPELINE, ClaimStatus, MatchStage, NeedStatus
from workbench.money import FEN_PER_WAN
from workbench.services.base import Changes
from workbench.services.stats import OPEN_NEED_STATUSES, DashboardStats, FollowUp, dashboard_stats

if TYPE_CHECKING:
    # Loaded when the report is asked for: the first screen does not need the exports.
    from ui.import_wizard.exports import PeriodReportDialog

translate = QCoreApplication.translate

# The kinds whose changes alter a figure on this page.
DEPENDS_ON = frozenset({"visit", "enterprise", "need", "match", "contract", "payment", "claim"})
REFRESH_DELAY_MS = 300
OVERDUE_COLOUR = "#c62828"
SOON_COLOUR = "#1a73e8"


class Figure(QFrame):
    """A big number with its caption, unit and one line of detail."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.value: int = 0
        self.setObjectName(f"figure_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#figure_{key} {{ background: #ffffff; border: 1px solid #dadce0; border-radius: 6px; }}"
        )
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #5f6368;")
        self.number = QLabel("–")
        self.number.setObjectName("number")
        big = QFont(QApplication.font())
        big.setPointSizeF(big.pointSizeF() * 2.1)
        big.setBold(True)
        self.number.setFont(big)
        self.unit = QLabel()
        self.unit.setStyleSheet("color: #5f6368;")
        self.detail = QLabel()
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: #5f6368;")
        # Two lines for every card, so cards in a row keep the same height whatever their detail says.
        self.detail.setMinimumHeight(2 * self.detail.fontMetrics().lineSpacing() + 2)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.setMinimumWidth(200)
        # Preferred height: the cards of one row grow to the tallest, so their frames line up.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_count(self, value: int, unit: str, detail: str = "", *, colour: str | None = None) -> None:
        self.value = value
        self.number.setText(f"{value:,}")
        self.number.setStyleSheet(f"color: {colour};" if colour else "")
        self.unit.setText(unit)
        self.detail.setText(detail)

    def show_money(self, fen: int, detail: str = "") -> None:
        """Amounts from 1 万元 up in 万元, with the exact amount in 元 on the detail line."""
        self.value = fen
        if fen >= FEN_PER_WAN:
            number, unit = big_amount(fen)
            self.number.setText(number)
            self.unit.setText(unit)
            exact = self.tr("%1 元").replace("%1", yuan(fen))
            detail = f"{exact}\n{detail}" if detail else exact
        else:
            self.number.setText(yuan(fen))
            self.unit.setText(self.tr("元"))
        self.number.setStyleSheet("")
        self.detail.setText(detail)


class BarChart(QChartView):
    """One bar per category, its value written above it."""

    def __init__(self, title: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour
        self.values: list[float] = []
        self.categories: list[str] = []
        chart = QChart()
        chart.setTitle(title)
        font = QFont(QApplication.font())
        title_font = QFont(font)
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() * 1.1)
        chart.setTitleFont(title_font)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(6)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(300, 260)

    def show_values(
        self, categories: Sequence[str], values: Sequence[float], *, unit: str = "", decimals: int = 0
    ) -> None:
        """Horizontal bars, first category at the top: long Chinese labels stay readable at any width."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.categories, self.values = list(categories), list(values)
        bars = QBarSet(unit or self.tr("数量"))
        bars.append(list(reversed(self.values)))  # a horizontal chart lists categories bottom-up
        bars.setColor(QColor(self.colour))
        bars.setBorderColor(QColor(self.colour))
        bars.setLabelColor(QColor("#202124"))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(15)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.65)
        chart.addSeries(series)
        font = QFont(QApplication.font())
        y = QBarCategoryAxis()
        y.append(list(reversed(self.categories)))
        y.setLabelsFont(font)
        y.setGridLineVisible(False)
        x = QValueAxis()
        x.setLabelsFont(font)
        top = max(self.values, default=0)
        # Head-room right of the longest bar for its label; a few steps so an empty chart still has an axis.
        x.setRange(0, max(top * 1.25, 4.0))
        x.setLabelFormat("%d" if decimals == 0 else "%.0f")
        x.applyNiceNumbers()
        if unit:
            x.setTitleText(unit)
            x.setTitleFont(font)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.setBackgroundBrush(QBrush(QColor("#ffffff")))


def _ui_locale() -> QLocale:
    """The locale of the interface language (the system's may differ, e.g. English Windows in Ningbo)."""
    from workbench.i18n import language

    if language() == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class _EnterKey(QObject):
    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self.on_enter = on_enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_enter = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if is_enter:
            self.on_enter()
        return is_enter


class TodayWorkspace(QWidget):
    """The broker's day at a glance; follow-ups open their visit (or enterprise) in the main window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("workspace_today")
        self.today_override: date | None = None  # tests and demos pin "today"
        self.stats: DashboardStats | None = None
        self._generation = 0
        self._stale = True

        self.title = QLabel(self.tr("今日"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.date_label = QLabel()
        self.date_label.setObjectName("todayDate")
        self.date_label.setStyleSheet("color: #5f6368;")
        self.status = QLabel()
        self.status.setObjectName("todayStatus")
        self.status.setStyleSheet("color: #80868b;")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setIcon(icon("refresh-cw"))
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton(self.tr("导出期间报表…"))
        self.report_button.setIcon(icon("file-spreadsheet"))
        self.report_button.setObjectName("periodReportButton")
        self.report_button.setToolTip(
            self.tr("走访、需求、对接、合同、到账和奖励申请，按起止日期导出为 Excel 工作簿")
        )
        self.report_button.clicked.connect(self.open_period_report)
        self.report_dialog: PeriodReportDialog | None = None
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(self.status)
        header.addWidget(self.report_button)
        header.addWidget(self.refresh_button)

        self.figures: dict[str, Figure] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        captions = [
            ("visits_month", self.tr("本月走访")),
            ("follow_ups", self.tr("待回访")),
            ("open_needs", self.tr("在办需求")),
            ("active_matches", self.tr("对接中")),
            ("contract_total", self.tr("本年合同成交额")),
            ("received", self.tr("本年到账")),
            ("rewards_claimed", self.tr("本年奖励已申请")),
            ("rewards_paid", self.tr("本年奖励已发放")),
        ]
        for n, (key, caption) in enumerate(captions):
            figure = Figure(key, caption)
            self.figures[key] = figure
            grid.addWidget(figure, n // 4, n % 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)  # equal cards, whatever their texts
        self.figures["visits_month"].setToolTip(self.tr("本月开始的走访次数（按本地时间）"))
        self.figures["follow_ups"].setToolTip(
            self.tr("走访时约定的回访日期已过或在 14 天内，且之后还没有再次走访该企业")
        )
        self.figures["open_needs"].setToolTip(self.tr("尚未签约或关闭的技术需求"))
        self.figures["active_matches"].setToolTip(self.tr("既未签约也未放弃的对接"))
        self.figures["contract_total"].setToolTip(self.tr("本年签订的合同（按签订日期）"))
        self.figures["received"].setToolTip(self.tr("本年收到的合同款（按到账日期）"))
        self.figures["rewards_claimed"].setToolTip(
            self.tr("本年申请日期的奖励申请中已提交、已批准和已发放的金额；被修订版本取代的申请不计")
        )
        self.figures["rewards_paid"].setToolTip(self.tr("本年申请日期的奖励申请中已发放的金额"))

        self.follow_ups = QListWidget()
        self.follow_ups.setObjectName("followUps")
        self.follow_ups.setAlternatingRowColors(True)
        self.follow_ups.setWordWrap(True)
        self.follow_ups.setSpacing(1)
        # A click, or Enter on the current row (not itemActivated: some styles activate on a single
        # click, and both signals would then open the visit twice).
        self.follow_ups.itemClicked.connect(self._open_follow_up)
        self._enter = _EnterKey(self._open_current_follow_up)
        self.follow_ups.installEventFilter(self._enter)
        self.follow_ups_empty = QLabel(
            self.tr("没有待回访的企业。\n走访时填写“回访日期”，到期前两周会出现在这里。")
        )
        self.follow_ups_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.follow_ups_empty.setStyleSheet("color: #80868b;")
        self.follow_ups_empty.setWordWrap(True)
        follow_box = QGroupBox(self.tr("待回访（已逾期及 14 天内）"))
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.addWidget(self.follow_ups, 1)
        follow_layout.addWidget(self.follow_ups_empty, 1)
        follow_box.setMinimumWidth(300)

        self.matches_chart = BarChart(self.tr("对接阶段"), "#1a73e8")
        self.matches_chart.setObjectName("matchesChart")
        self.rewards_chart = BarChart(self.tr("本年奖励金额（按状态）"), "#188038")
        self.rewards_chart.setObjectName("rewardsChart")
        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        bottom.addWidget(follow_box, 4)
        bottom.addWidget(self.matches_chart, 5)
        bottom.addWidget(self.rewards_chart, 5)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(grid)
        body_layout.addSpacing(6)
        body_layout.addLayout(bottom, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self._refresh_if_visible)
        ctx.bus.changed.connect(self._on_changes)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------------

    def today(self) -> date:
        """The day the figures are for: the real date, or the demo data's own "today" in demo mode."""
        if self.today_override is not None:
            return self.today_override
        return self.ctx.clock.today()  # the app's one clock: in demo mode, the demo's own "today"

    def open_period_report(self) -> PeriodReportDialog:
        """The period report dialog, its dates set to the month of the day shown."""
        from ui.import_wizard.exports import PeriodReportDialog

        dialog = PeriodReportDialog(self.ctx, self, today=self.today())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog = dialog
        dialog.open()
        return dialog

    def refresh(self) -> None:
        """Reload the figures on a pool thread; an answer overtaken by a newer request is dropped."""
        self._generation += 1
        self._stale = False
        generation, today = self._generation, self.today()
        self.status.setText(self.tr("正在统计…"))

        def work(_progress: Callable[[int, int], None], _cancel: CancelToken) -> tuple[int, DashboardStats]:
            with self.ctx.store.session(write=False) as session:
                return generation, dashboard_stats(session, today=today)

        # The page may be gone when the answer arrives (window closed meanwhile): then drop it.
        self.ctx.tasks.start(
            work,
            on_done=lambda result: self._show(*result) if isValid(self) else None,
            on_error=lambda exc: self._failed(exc) if isValid(self) else None,
        )

    def _on_changes(self, changes: Changes) -> None:
        if changes.kinds & DEPENDS_ON:
            self._debounce.start()

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # refreshed when shown again

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from workbench.errors import WorkbenchError

        message = exc.message if isinstance(exc, WorkbenchError) else self.tr("统计失败，详情见日志。")
        self.status.setText(message)

    # -- showing ------------------------------------------------------------------------------------------

    def _show(self, generation: int, stats: DashboardStats) -> None:
        if generation != self._generation:
            return
        self.stats = stats
        day = stats.today
        self.date_label.setText(
            _ui_locale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)
        )
        if self.ctx.demo and self.today_override is None:
            self.date_label.setText(self.date_label.text() + self.tr("（演示数据的日期）"))
        self.status.setText(self.tr("更新于 %1").replace("%1", QTime.currentTime().toString("HH:mm")))
        f = self.figures
        f["visits_month"].show_count(
            stats.visits_this_month,
            self.tr("次"),
            self.tr("上月 %1 次 · 本年 %2 次，走访企业 %3 家")
            .replace("%1", f"{stats.visits_last_month:,}")
            .replace("%2", f"{stats.visits_this_year:,}")
            .replace("%3", f"{stats.enterprises_visited_this_year:,}"),
        )
        due = stats.follow_ups_overdue + stats.follow_ups_due_soon
        f["follow_ups"].show_count(
            due,
            self.tr("家"),
            self.tr("已逾期 %1 · 14 天内 %2")
            .replace("%1", str(stats.follow_ups_overdue))
            .replace("%2", str(stats.follow_ups_due_soon)),
            colour=OVERDUE_COLOUR if stats.follow_ups_overdue else None,
        )
        f["open_needs"].show_count(
            stats.open_needs,
            self.tr("项"),
            " · ".join(f"{NeedStatus(s).label} {stats.needs_by_status[s]}" for s in OPEN_NEED_STATUSES),
        )
        stages = stats.matches_by_stage
        f["active_matches"].show_count(
            stats.active_matches,
            self.tr("个"),
            self.tr("已签约 %1 · 已放弃 %2")
            .replace("%1", str(stages[MatchStage.CONTRACTED.value]))
            .replace("%2", str(stages[MatchStage.DROPPED.value])),
        )
        f["contract_total"].show_money(
            stats.contract_total_fen,
            self.tr("%1 份合同，技术交易额 %2")
            .replace("%1", str(stats.contracts_this_year))
            .replace("%2", " ".join(big_amount(stats.contract_tech_fen))),
        )
        f["received"].show_money(stats.received_this_year_fen)
        f["rewards_claimed"].show_money(
            stats.rewards_claimed_fen,
            self.tr("其中已批准 %1 元").replace("%1", yuan(stats.rewards_approved_fen)),
        )
        f["rewards_paid"].show_money(
            stats.rewards_paid_fen,
            # Only what was paid; drafts and returned claims are in the chart, not under this figure.
            self.tr("占已申请金额的 %1%").replace(
                "%1",
                str(round(100 * stats.rewards_paid_fen / stats.rewards_claimed_fen))
                if stats.rewards_claimed_fen
                else "0",
            ),
        )
        self._show_follow_ups(stats.today, stats.follow_ups)
        self._show_charts(stages, stats.rewards_by_status)

    def _show_follow_ups(self, today: date, items: Sequence[FollowUp]) -> None:
        self.follow_ups.clear()
        for item in items:
            late = item.days_late(today)
            if late > 0:
                when = self.tr("逾期 %n 天", "", late)
            elif late == 0:
                when = self.tr("今天")
            else:
                when = self.tr("%n 天后", "", -late)
            visited = item.visited_at.astimezone().strftime("%Y-%m-%d")
            due = self.tr("%1 · 回访日 %2").replace("%1", when).replace("%2", item.due_on.isoformat())
            row = QListWidgetItem(f"{item.enterprise_name}\n{due}")
            row.setData(Qt.ItemDataRole.UserRole, item.visit_id)
            row.setData(Qt.ItemDataRole.UserRole + 1, item.enterprise_id)
            row.setToolTip(self.tr("上次走访 %1；单击打开这次走访").replace("%1", visited))
            if late > 0:
                row.setForeground(QColor(OVERDUE_COLOUR))
            self.follow_ups.addItem(row)
        empty = not items
        self.follow_ups.setVisible(not empty)
        self.follow_ups_empty.setVisible(empty)

    def _show_charts(self, stages: Mapping[str, int], rewards: Mapping[str, int]) -> None:
        order = [*MATCH_PIPELINE, MatchStage.DROPPED]
        self.matches_chart.show_values([s.label for s in order], [stages[s.value] for s in order])
        statuses = list(ClaimStatus)
        amounts = [rewards[s.value] for s in statuses]
        # Bar lengths only; the figures above show the exact amounts. Rounded here, so labels stay short.
        if max(amounts, default=0) >= FEN_PER_WAN:
            values = [float(Decimal(wan_rounded(a).replace(",", ""))) for a in amounts]
            unit = self.tr("万元")
        else:
            values = [float(Decimal(a) / 100) for a in amounts]
            unit = self.tr("元")
        self.rewards_chart.show_values([s.label for s in statuses], values, unit=unit, decimals=2)

    # -- navigation ---------------------------------------------------------------------------------------

    def _open_current_follow_up(self) -> None:
        item = self.follow_ups.currentItem()
        if item is not None:
            self._open_follow_up(item)

    def _open_follow_up(self, item: QListWidgetItem) -> None:
        from ui.global_search import navigate_to

        visit_id = item.data(Qt.ItemDataRole.UserRole)
        if visit_id:
            navigate_to(self.window(), self.ctx, "visit", visit_id)
