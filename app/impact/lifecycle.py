"""The lifecycles of indicator versions and reports: rows for the one kernel in app/lifecycle.py."""
from app.i18n import lazy_gettext as _l
from app.impact.constants import ReportAction as RA
from app.impact.constants import ReportState as R
from app.impact.constants import VersionAction as VA
from app.impact.constants import VersionState as V
from app.impact.models import IndicatorVersion, IndicatorVersionEvent, Report, ReportEvent
from app.lifecycle import Lifecycle, transition


def _needs_figure(report, changes, actor):
    if report.value is None and (report.numerator is None or report.denominator is None):
        return _l("Fill in the figure before you submit the report.")
    return None


def _needs_comment(report, changes, actor):
    return None if (changes.get("return_comment") or "").strip() else _l("Say what should be corrected.")


VERSION_LIFECYCLE = Lifecycle(IndicatorVersion, IndicatorVersionEvent, "version_id", (
    transition(VA.publish, {V.draft}, V.published, "can_publish"),
    transition(VA.supersede, {V.published}, V.superseded, None),  # by the application, when the next is published
))

REPORT_LIFECYCLE = Lifecycle(Report, ReportEvent, "report_id", (
    transition(RA.submit, {R.draft, R.returned}, R.submitted, "is_reporter", ["figure"]),
    transition(RA.return_, {R.submitted}, R.returned, "can_review", ["comment"]),
    transition(RA.approve, {R.submitted}, R.approved, "can_review"),
), needs={"figure": _needs_figure, "comment": _needs_comment})
