"""Today at a glance: the store manager's daily summary on screen, with its charts.

The same figures as the PDF summary (``counter-app summary --pdf``), read by
``manager_summary`` on a worker thread: headline figures compared with the same
weekday last week and the four-week average, the day's tables, and the
complaints, refunds and cases by hour of day drawn with matplotlib on its Qt
canvas (never pyplot).
Only a manager reaches it: the tile is in the Manager area and the window
refuses anyone else; the figures are only read, never changed.

Keys: Esc goes back, Alt+Left and Alt+Right move a day, Ctrl+T goes to today,
Ctrl+S saves the PDF and Ctrl+E the CSV.
"""

from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents.formats import Formats
from counter_app.documents.summary_charts import (
    draw_cases_by_hour,
    draw_complaints,
    draw_tender_donut,
)
from counter_app.documents.summary_report import (
    busiest_hour_sentence,
    comparisons,
    coverage_sentence,
    headline_rows,
    hour_lines,
    kind_word,
    render_summary_report,
)
from counter_app.domain.validation import InputError
from counter_app.services import exports, printing
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import ServiceError
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from counter_app.services.summary import DailySummary, manager_summary
from ui.screens.base import CounterScreen
from ui.widgets.day_edit import DayEdit
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll
from ui.workers import BackgroundTasks, TaskHandle

Failures = (InputError, ServiceError, StorageError)
CHART_HEIGHT = 260
HOURS_CHART_HEIGHT = 230
CHART_TEXT_SIZE = 9


class SummaryScreen(CounterScreen):
    """A day's (or a range's) figures for the store manager, read again whenever the days change.

    Signals:
        back_requested: Esc or Back; the window goes home.
    """

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="SummaryScreen", database=database, store=store, staff=staff, parent=parent
        )
        self.tasks = BackgroundTasks(self, threads=1)
        self.summary: DailySummary | None = None
        self._reading: TaskHandle | None = None
        self._formats = Formats(store.currency, store.locale)
        self._build()
        for keys, slot in (
            ("Esc", self.back_requested.emit),
            ("Alt+Left", self.previous_day),
            ("Alt+Right", self.next_day),
            ("Ctrl+T", self.show_today),
            ("Ctrl+S", self.choose_pdf),
            ("Ctrl+E", self.choose_csv),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.first_day.dateChanged.connect(self._on_first_changed)
        self.last_day.dateChanged.connect(self._on_last_changed)
        self.show_today()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = styled_label(self.tr("Today at a glance"), "title")
        self.days_label = styled_label("", "subtitle", wrap=True)
        self.days_label.setObjectName("SummaryDays")
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.days_label)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addLayout(heading, 1)

        self.previous_button = QPushButton(self.tr("◀ Previous day"))
        self.previous_button.setToolTip(self.tr("One day earlier (Alt+Left)"))
        self.previous_button.clicked.connect(self.previous_day)
        self.first_day = self._date_edit(self.tr("From"))
        self.last_day = self._date_edit(self.tr("To"))
        self.next_button = QPushButton(self.tr("Next day ▶"))
        self.next_button.setToolTip(self.tr("One day later (Alt+Right)"))
        self.next_button.clicked.connect(self.next_day)
        self.today_button = QPushButton(self.tr("Today  (Ctrl+T)"))
        self.today_button.clicked.connect(self.show_today)
        self.pdf_button = QPushButton(self.tr("Save as PDF…  (Ctrl+S)"))
        set_style_property(self.pdf_button, "primary", "true")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.csv_button = QPushButton(self.tr("Save as CSV…  (Ctrl+E)"))
        self.csv_button.clicked.connect(self.choose_csv)
        days = QHBoxLayout()
        days.setSpacing(10)
        days.addWidget(self.previous_button)
        days.addWidget(styled_label(self.tr("From"), "fieldLabel"))
        days.addWidget(self.first_day)
        days.addWidget(styled_label(self.tr("to"), "fieldLabel"))
        days.addWidget(self.last_day)
        days.addWidget(self.next_button)
        days.addWidget(self.today_button)
        days.addStretch(1)
        for button in (self.csv_button, self.pdf_button, self.back_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("SummaryMessage")

        content = QWidget()
        content.setObjectName("SummaryContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(14)
        column.addWidget(self._headline_card())
        column.addLayout(self._charts())
        column.addWidget(self._hours_card())
        self.cases_table = self._table(
            [self.tr("Type"), self.tr("Cases"), self.tr("Refunded"), self.tr("Charged")]
        )
        self.tenders_table = self._table([self.tr("Tender"), self.tr("Amount")])
        self.categories_table = self._table([self.tr("Category"), self.tr("Complaints")])
        self.severities_table = self._table([self.tr("Severity"), self.tr("Complaints")])
        self.overrides_table = self._table(
            [
                self.tr("Case"),
                self.tr("Kind"),
                self.tr("Manager"),
                self.tr("Clerk"),
                self.tr("Reason"),
                self.tr("Amount"),
            ]
        )
        self.ages_table = self._table([self.tr("Opened"), self.tr("Cases")])
        self.cash_label = styled_label("", "subtitle", wrap=True)
        self.cash_label.setObjectName("SummaryCash")
        tables = QGridLayout()
        tables.setHorizontalSpacing(16)
        tables.setVerticalSpacing(14)
        for position, (title, table, below) in enumerate(
            (
                (self.tr("Cases by type"), self.cases_table, None),
                (self.tr("Refunds by tender"), self.tenders_table, self.cash_label),
                (self.tr("Complaints by category"), self.categories_table, None),
                (self.tr("Complaints by severity"), self.severities_table, None),
                (self.tr("Open cases by age"), self.ages_table, None),
            )
        ):
            tables.addWidget(
                self._card(title, table, below),
                position // 2,
                position % 2,
                Qt.AlignmentFlag.AlignTop,
            )
        tables.setColumnStretch(0, 1)
        tables.setColumnStretch(1, 1)
        column.addLayout(tables)
        column.addWidget(
            self._card(self.tr("Manager overrides: who, why, how much"), self.overrides_table, None)
        )
        column.addStretch(1)
        self.summary_scroll = vertical_scroll("SummaryScroll", content)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        outer.addLayout(days)
        outer.addWidget(self.message)
        outer.addWidget(self.summary_scroll, 1)

        order: list[QWidget] = [
            self.csv_button,
            self.pdf_button,
            self.back_button,
            self.previous_button,
            self.first_day,
            self.last_day,
            self.next_button,
            self.today_button,
            self.cases_table,
            self.tenders_table,
            self.categories_table,
            self.severities_table,
            self.ages_table,
            self.overrides_table,
        ]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    def _date_edit(self, name: str) -> DayEdit:
        edit = DayEdit(name)
        return edit

    def _headline_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        layout.addWidget(styled_label(self.tr("Headline figures"), "section"))
        self.headline = QGridLayout()
        self.headline.setHorizontalSpacing(24)
        self.headline.setVerticalSpacing(6)
        self.headline.setColumnStretch(0, 2)
        self.headline.setColumnStretch(1, 2)
        self.headline.setColumnStretch(2, 3)
        self.headline.setColumnStretch(3, 3)
        layout.addLayout(self.headline)
        self.headline_values: dict[str, QLabel] = {}
        self.comparison_labels: dict[str, tuple[QLabel, QLabel]] = {}
        return card

    def _charts(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(16)
        self.complaints_canvas = self._canvas(
            self.tr("Chart of complaints by category"), tight=True
        )
        self.tenders_canvas = self._canvas(self.tr("Chart of refunds by tender"), tight=False)
        row.addWidget(self.complaints_canvas, 1)
        row.addWidget(self.tenders_canvas, 1)
        return row

    def _hours_card(self) -> QWidget:
        """Cases by hour of day across the screen, the busiest hour in words under it."""
        self.hours_canvas = self._canvas(self.tr("Chart of cases by hour of day"), tight=True)
        self.hours_canvas.setFixedHeight(HOURS_CHART_HEIGHT)
        self.busiest_label = styled_label("", "subtitle", wrap=True)
        self.busiest_label.setObjectName("SummaryBusiestHour")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.hours_canvas)
        layout.addWidget(self.busiest_label)
        return box

    def _canvas(self, name: str, *, tight: bool) -> FigureCanvasQTAgg:
        """A chart's canvas; the bars fit themselves to its size, the donut places its own parts."""
        figure = Figure(figsize=(5, 2.6), layout="tight" if tight else None)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]  # untyped upstream
        canvas.figure.patch.set_facecolor("white")
        canvas.setFixedHeight(CHART_HEIGHT)
        canvas.setMinimumWidth(200)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture; the tables hold its figures
        canvas.setAccessibleName(name)
        return canvas

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        table.verticalHeader().setVisible(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        return table

    def _card(self, title: str, table: QTableWidget, below: QLabel | None) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        heading = styled_label(title, "section", wrap=True)
        layout.addWidget(heading)
        table.setAccessibleName(title)
        layout.addWidget(table)
        if below is not None:
            layout.addWidget(below)
        return card

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the focus on the first day, where a manager starts."""
        super().showEvent(event)
        self.first_day.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ days

    @property
    def days(self) -> tuple[date, date]:
        """The first and last day shown (the same day for one day)."""
        first, last = self.first_day.day(), self.last_day.day()
        return first, max(first, last)

    def show_days(self, first: date, last: date | None = None) -> None:
        """Show ``first`` to ``last`` (one day if omitted), and read their figures."""
        last = first if last is None else last
        for edit, day in ((self.first_day, first), (self.last_day, last)):
            edit.blockSignals(True)
            edit.set_day(day)
            edit.blockSignals(False)
        self.reload()

    def show_today(self) -> None:
        """Today in the store's time zone."""
        self.show_days(datetime.now(self._store.zone).date())

    def previous_day(self) -> None:
        """Move the days shown one day earlier."""
        first, last = self.days
        self.show_days(first - timedelta(days=1), last - timedelta(days=1))

    def next_day(self) -> None:
        """Move the days shown one day later."""
        first, last = self.days
        self.show_days(first + timedelta(days=1), last + timedelta(days=1))

    def _on_first_changed(self, _day: QDate) -> None:
        first = self.first_day.date()
        if self.last_day.date() < first:
            self.last_day.blockSignals(True)
            self.last_day.setDate(first)
            self.last_day.blockSignals(False)
        self.reload()

    def _on_last_changed(self, _day: QDate) -> None:
        last = self.last_day.date()
        if self.first_day.date() > last:
            self.first_day.blockSignals(True)
            self.first_day.setDate(last)
            self.first_day.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read the figures of the days chosen on a worker; an older reading is dropped."""
        if self._reading is not None:
            self._reading.cancel()
        first, last = self.days
        database, staff = self._database, self._staff
        self._say(self.tr("Reading the figures…"), "hint")
        self._reading = self.tasks.start(
            lambda: manager_summary(database=database, staff=staff, first_day=first, last_day=last),
            on_success=self._show_summary,
            on_failure=self._on_failure,
        )

    def _on_failure(self, error: Exception) -> None:
        if not isinstance(error, Failures):
            raise error
        self._say(self.tr("The figures could not be read: {error}").format(error=error), "error")

    # ------------------------------------------------------------------ showing

    def _show_summary(self, summary: DailySummary) -> None:
        self.summary = summary
        formats = self._formats
        if summary.first_day == summary.last_day:
            days = formats.day(summary.first_day)
        else:
            days = self.tr("{first} to {last}").format(
                first=formats.day(summary.first_day), last=formats.day(summary.last_day)
            )
        coverage = coverage_sentence(summary, formats)
        self.days_label.setText(
            self.tr("{days} (store time, {zone})").format(days=days, zone=summary.timezone)
            + (f"\n{coverage}" if coverage else "")
        )
        self._show_headline(summary)
        self._show_tables(summary)
        self._draw_charts(summary)
        self._say("", "hint")

    def _show_headline(self, summary: DailySummary) -> None:
        grid = self.headline
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.headline_values = {}
        self.comparison_labels = {}
        earlier = summary.earlier
        header = [self.tr("Figure"), self.tr("Value")]
        if earlier is not None:
            header += [
                self.tr("vs. {day}").format(day=self._formats.short_day(earlier.last_week.day)),
                self.tr("vs. 4-week average"),
            ]
        for column, text in enumerate(header):
            grid.addWidget(styled_label(text, "fieldLabel", wrap=True), 0, column)
        compared = comparisons(summary, self._formats)
        for row, (key, label, value) in enumerate(headline_rows(summary, self._formats), start=1):
            grid.addWidget(styled_label(label, "hint", wrap=True), row, 0)
            value_label = styled_label(value, "subtitle", wrap=True)
            value_label.setObjectName(f"SummaryValue_{key}")
            grid.addWidget(value_label, row, 1)
            self.headline_values[key] = value_label
            pair = compared.get(key)
            if pair is None:
                continue
            labels = []
            for column, comparison in enumerate(pair, start=2):
                verdict = styled_label(comparison.text, "hint", wrap=True)
                if comparison.better is not None:
                    set_style_property(verdict, "tone", "good" if comparison.better else "error")
                grid.addWidget(verdict, row, column)
                labels.append(verdict)
            self.comparison_labels[key] = (labels[0], labels[1])

    def _fill(self, table: QTableWidget, rows: list[list[str]], numeric: set[int]) -> None:
        table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in numeric:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(max(height, 60))

    def _show_tables(self, summary: DailySummary) -> None:
        formats = self._formats
        money_by_type = {
            "return": summary.returns,
            "exchange": summary.exchanges,
            "complaint": summary.complaints_money,
        }
        self._fill(
            self.cases_table,
            [
                [
                    kind_word(kind),
                    formats.number(cases),
                    formats.money(money_by_type[kind].refunds_cents),
                    formats.money(money_by_type[kind].charges_cents),
                ]
                for kind, cases in summary.cases_by_type.items()
            ],
            {1, 2, 3},
        )
        self._fill(
            self.tenders_table,
            [
                [kind_word(tender), formats.money(cents)]
                for tender, cents in summary.refunds_by_tender.items()
            ],
            {1},
        )
        self.cash_label.setText(
            self.tr("Cash to reconcile (out of the drawer): {amount}").format(
                amount=formats.money(summary.cash_out_cents)
            )
        )
        categories = [
            [name, formats.number(count)] for name, count in summary.complaints_by_category.items()
        ]
        self._fill(
            self.categories_table,
            categories or [[self.tr("No complaints on these days."), ""]],
            {1},
        )
        self._fill(
            self.severities_table,
            [
                [kind_word(severity), formats.number(count)]
                for severity, count in summary.complaints_by_severity.items()
            ],
            {1},
        )
        overrides = [
            [
                override.case_number,
                kind_word(override.kind),
                override.manager,
                override.clerk,
                override.reason,
                formats.money(override.amount_cents),
            ]
            for override in summary.overrides
        ]
        if overrides:
            overrides.append(
                ["", "", "", "", self.tr("Total"), formats.money(summary.overrides_cents)]
            )
        else:
            overrides = [[self.tr("No overrides on these days."), "", "", "", "", ""]]
        self._fill(self.overrides_table, overrides, {5})
        open_cases = summary.open_cases
        ages = [[kind_word(age), formats.number(count)] for age, count in open_cases.by_age.items()]
        ages += [
            [self.tr("Follow-up due today"), formats.number(open_cases.follow_up_today)],
            [self.tr("Follow-up overdue"), formats.number(open_cases.overdue)],
            [self.tr("Total still open"), formats.number(open_cases.total)],
        ]
        self._fill(self.ages_table, ages, {1})

    def _draw_charts(self, summary: DailySummary) -> None:
        figure = self.complaints_canvas.figure
        figure.clear()
        categories = {
            name: count for name, count in summary.complaints_by_category.items() if count
        }
        title = self.tr("Complaints by category")
        if categories:
            draw_complaints(figure, categories, title, text_size=CHART_TEXT_SIZE)
        else:
            self._nothing(figure, title, self.tr("No complaints on these days."))
        self.complaints_canvas.draw_idle()  # type: ignore[no-untyped-call]

        figure = self.tenders_canvas.figure
        figure.clear()
        tenders = {tender: cents for tender, cents in summary.refunds_by_tender.items() if cents}
        title = self.tr("Refunds by tender")
        if tenders:
            legend = [
                f"{kind_word(tender)}\n{self._formats.money(cents)}"
                for tender, cents in tenders.items()
            ]
            draw_tender_donut(figure, tenders, legend, title, text_size=CHART_TEXT_SIZE)
        else:
            self._nothing(figure, title, self.tr("No refunds on these days."))
        self.tenders_canvas.draw_idle()  # type: ignore[no-untyped-call]

        figure = self.hours_canvas.figure
        figure.clear()
        title = self.tr("Cases by hour of day")
        busiest = busiest_hour_sentence(summary, self._formats)
        if busiest is not None:
            draw_cases_by_hour(
                figure,
                hour_lines(summary),
                title,
                text_size=CHART_TEXT_SIZE,
                hour_label=self._formats.hour,
            )
        else:
            self._nothing(figure, title, self.tr("No cases on these days."))
        self.busiest_label.setText(busiest or "")
        self.busiest_label.setVisible(busiest is not None)
        self.hours_canvas.draw_idle()  # type: ignore[no-untyped-call]

    @staticmethod
    def _nothing(figure: Figure, title: str, sentence: str) -> None:
        figure.text(0.03, 0.95, title, fontsize=CHART_TEXT_SIZE + 2, va="top")
        figure.text(0.5, 0.5, sentence, fontsize=CHART_TEXT_SIZE + 1, ha="center", va="center")

    # ------------------------------------------------------------------ saving

    def _suggested(self, suffix: str) -> str:
        first, last = self.days
        name = f"summary-{first.isoformat()}"
        if last != first:
            name += f"-to-{last.isoformat()}"
        return str(Path.home() / f"{name}.{suffix}")

    def choose_pdf(self) -> None:
        """Ask where, then save the summary shown as an A4 PDF with its charts."""
        if self.summary is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the summary as PDF"), self._suggested("pdf"), self.tr("PDF (*.pdf)")
        )
        if target:
            self.save_pdf(Path(target))

    def choose_csv(self) -> None:
        """Ask where, then save the summary's figures as CSV."""
        if self.summary is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the summary as CSV"), self._suggested("csv"), self.tr("CSV (*.csv)")
        )
        if target:
            self.save_csv(Path(target))

    def save_pdf(self, target: Path) -> Path | None:
        """Write the summary shown as PDF to ``target``; the file written, or None."""
        if self.summary is None:
            return None
        content = render_summary_report(
            self.summary, store_name=self._store.name, locale=self._store.locale
        )
        return self._write(target, content)

    def save_csv(self, target: Path) -> Path | None:
        """Write the summary shown as CSV to ``target``; the file written, or None."""
        if self.summary is None:
            return None
        return self._write(target, exports.summary_csv(self.summary))

    def _write(self, target: Path, content: bytes) -> Path | None:
        try:
            written = printing.write_pdf_file(target.expanduser(), content)
        except OSError as error:
            self._say(
                self.tr("{file} was not saved: {reason}. Choose another folder.").format(
                    file=target, reason=error.strerror or error
                ),
                "error",
            )
            return None
        self._say(self.tr("Saved: {file}").format(file=written), "good")
        return written

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_style_property(self.message, "tone", tone)
