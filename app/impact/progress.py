"""Progress of a commitment over its periods: the figures a chart and its table both show."""
from dataclasses import dataclass
from decimal import Decimal

from app.impact.constants import ReportState
from app.impact.services import progress_of, target_in_force


@dataclass
class PeriodProgress:
    period: str
    target: Decimal | None
    figure: Decimal | None
    share: Decimal | None  # signed: 1 is the target reached, negative is a step back
    state: ReportState | None

    @property
    def percent(self):
        return None if self.share is None else int((self.share * 100).quantize(Decimal(1)))


def commitment_progress(commitment):
    """Return a PeriodProgress for each period with a target or a report, in period order (no queries
    beyond the commitment's loaded targets and reports)."""
    reports = {r.period: r for r in commitment.reports}
    periods = sorted({t.period for t in commitment.targets} | set(reports))
    rows = []
    for period in periods:
        report = reports.get(period)
        target = target_in_force(commitment.targets, period)
        figure = report.figure if report is not None else None
        rows.append(PeriodProgress(period, target.value if target else None, figure,
                                   progress_of(commitment, period, figure), report.state if report else None))
    return rows


def chart_rows(rows):
    """Return (period, percent of the way to the target, at least 0) for the bar chart."""
    return [(row.period, max(row.percent, 0)) for row in rows if row.percent is not None]
