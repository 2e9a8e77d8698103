"""What the data earned: a bar chart by company or by data kind, received and still
expected, one bar per currency (amounts in different currencies are never added up)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault.services.insights import Earnings, EarningsTotals

EMPTY_HINT = ("No payments recorded yet. Add the payments you received (or are still "
              "owed) to an agreement, and what you earned shows here.")
BY_COMPANY = "company"
BY_KIND = "kind"


def _kind_label(key: str) -> str:
    return " + ".join(part.capitalize() for part in key.split("+"))


class EarningsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._earnings: Earnings | None = None
        self._categories: list[str] = []
        self.grouping = QComboBox()
        self.grouping.addItem("By company", BY_COMPANY)
        self.grouping.addItem("By data kind", BY_KIND)
        self.grouping.currentIndexChanged.connect(lambda _: self._draw())
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        self.chart = self._new_chart()
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(240, 160)
        # Its size hint follows the chart drawn; the page, not the chart, decides the width.
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        chart_page = QWidget()
        chart_column = QVBoxLayout(chart_page)
        chart_column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.total_label, 1)
        top.addWidget(self.grouping)
        chart_column.addLayout(top)
        chart_column.addWidget(self.view, 1)
        self.stack.addWidget(chart_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear()

    def show_earnings(self, earnings: Earnings) -> None:
        self._earnings = earnings
        self._draw()

    def set_grouping(self, grouping: str) -> None:
        self.grouping.setCurrentIndex(self.grouping.findData(grouping))

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.hint

    def bar_totals(self) -> dict[str, dict[str, float]]:
        """What the chart shows: bar set label -> category -> value (for tests and a11y)."""
        found: dict[str, dict[str, float]] = {}
        categories = self._categories
        for series in self.chart.series():
            for bar_set in series.barSets():  # type: ignore[attr-defined]
                found[bar_set.label()] = {c: bar_set.at(i) for i, c in enumerate(categories)}
        return found

    def clear(self) -> None:
        self._earnings = None
        self._draw()

    @staticmethod
    def _new_chart() -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(chart.margins() * 0)
        return chart

    def _draw(self) -> None:
        # A fresh chart each time: removing axes from a shown chart leaves them painted.
        self.chart = self._new_chart()
        self.view.setChart(self.chart)
        self._categories = []
        earnings = self._earnings
        if earnings is None or not (earnings.overall.received or earnings.overall.expected):
            self.total_label.clear()
            self.stack.setCurrentWidget(self.hint)
            return
        self.total_label.setText(self._overall_text(earnings.overall))
        grouping = self.grouping.currentData()
        groups = earnings.by_company if grouping == BY_COMPANY else earnings.by_kind
        keys = sorted(groups)
        labels = keys if grouping == BY_COMPANY else [_kind_label(k) for k in keys]
        series = QHorizontalBarSeries()  # names read left of the bars, never cut short
        highest = Decimal("0")
        for status in ("received", "expected"):
            currencies = sorted({c for t in groups.values() for c in getattr(t, status)})
            for currency in currencies:
                bar_set = QBarSet(f"{status.capitalize()} ({currency})")
                for key in keys:
                    value = getattr(groups[key], status).get(currency, Decimal("0"))
                    highest = max(highest, value)
                    bar_set.append(float(value))
                series.append(bar_set)
        self.chart.addSeries(series)
        self._categories = labels
        names = QBarCategoryAxis()
        names.append(labels)
        names.setTruncateLabels(False)
        amounts = QValueAxis()
        amounts.setRange(0, float(highest) * 1.15 or 1.0)
        amounts.setLabelFormat("%.0f")
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(amounts)
        self.stack.setCurrentIndex(1)

    @staticmethod
    def _overall_text(overall: EarningsTotals) -> str:
        def money(values: dict[str, Decimal]) -> str:
            return ", ".join(f"{amount:,.2f} {currency}"
                             for currency, amount in sorted(values.items()))

        text = f"Received: {money(overall.received) or 'nothing yet'}"
        if overall.expected:
            text += f". Still expected: {money(overall.expected)}"
        return text + "."
