"""Routes of the impact area: catalogue, organisations' models, commitments and reports, review,
the alliance's snapshot, and the learning section (under /impact/learning)."""
import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.uploads import max_upload_bytes
from app.accounts.models import Organisation
from app.csv_export import csv_response
from app.extensions import db
from app.forms import EmptyForm, choices
from app.i18n import current_language
from app.i18n import gettext as _
from app.impact import bp, queries, services
from app.impact.constants import (
    Direction,
    Frequency,
    Level,
    ReportAction,
    deadline_of,
    parse_period,
    periods_between,
)
from app.impact.forms import (
    CommitmentForm,
    CompleteGuideForm,
    GuideForm,
    ImpactModelForm,
    IndicatorVersionForm,
    ReturnForm,
    SnapshotForm,
    TargetForm,
    maturity_form,
    report_form_for,
)
from app.impact.lifecycle import REPORT_LIFECYCLE
from app.impact.markdown import render_markdown
from app.impact.maturity import LEVELS, QUESTIONS
from app.impact.models import ReportEvidence
from app.impact.progress import chart_rows, commitment_progress
from app.impact.snapshot_view import SNAPSHOT_HEADER, snapshot_csv_rows, snapshot_entries
from app.pagecache import public_page
from app.routing import done, get_or_404, require
from app.uploads import send_stored


def is_coordinator(user):
    return bool(user.is_authenticated and user.is_coordinator)


def is_member(user, organisation):
    return bool(user.is_authenticated and user.is_member_of(organisation))


def can_view_impact(user, organisation):
    return is_coordinator(user) or is_member(user, organisation)


def _period_or_404(period):
    period = (period or "").upper()
    if parse_period(period) is None:
        abort(404)
    return period


# -- overview and catalogue -------------------------------------------------------------------------
@bp.route("/")
@public_page()
def index():
    """What the framework is, the latest figures, and the person's own organisations."""
    return render_template("impact/index.html", organisations=queries.my_organisations(current_user),
                           snapshot=queries.latest_snapshot(), review_count=queries.count_review_queue()
                           if is_coordinator(current_user) else 0)


@bp.route("/indicators")
@public_page()
def catalogue():
    """The catalogue of indicators, by code; a level filter in the address bar."""
    level = request.args.get("level", "")
    chosen = Level(level) if level in {m.value for m in Level} else None
    versions = queries.catalogue(chosen, include_drafts=is_coordinator(current_user))
    return render_template("impact/catalogue.html", versions=versions, level=chosen, levels=Level)


@bp.route("/indicators/<code>")
@public_page()
def show_indicator(code):
    indicator = queries.indicator_by_code(code) or abort(404)
    version = services.current_version(indicator)
    if version is None:
        require(is_coordinator(current_user))
        version = indicator.versions[-1]
    return render_template("impact/indicator.html", indicator=indicator, version=version, form=EmptyForm(),
                           draft=services.draft_of(indicator) if is_coordinator(current_user) else None)


@bp.route("/indicators/<code>/<int:number>")
@public_page()
def show_indicator_version(code, number):
    indicator = queries.indicator_by_code(code)
    version = next((v for v in indicator.versions if v.number == number), None) if indicator else None
    if version is None:
        abort(404)
    require(version.can_view(current_user))
    return render_template("impact/indicator.html", indicator=indicator, version=version, form=EmptyForm(),
                           draft=None)


@bp.route("/indicators/new", methods=["GET", "POST"])
@login_required
def create_indicator():
    require(is_coordinator(current_user))
    form = IndicatorVersionForm()
    if form.validate_on_submit():
        version = services.create_indicator(form.code.data, form.version_fields(), current_user)
        return done(_("The indicator is saved as a draft. Publish it to add it to the catalogue."),
                    "impact.show_indicator", code=version.indicator.code)
    return render_template("impact/indicator_form.html", form=form, indicator=None)


@bp.route("/indicators/<code>/draft", methods=["GET", "POST"])
@login_required
def edit_indicator(code):
    """Edit the indicator's draft (a new version; the published one stays as it is)."""
    require(is_coordinator(current_user))
    indicator = queries.indicator_by_code(code) or abort(404)
    base = services.draft_of(indicator) or services.current_version(indicator)
    form = IndicatorVersionForm(obj=base) if request.method == "GET" else IndicatorVersionForm()
    if request.method == "GET":
        form.code.data = indicator.code
        form.sdg_targets.data = ", ".join(base.sdg_targets or [])
        for name in ("level", "data_type", "direction", "aggregation"):
            form[name].data = getattr(base, name).value
    form.code.data = indicator.code
    if form.validate_on_submit():
        draft = services.start_draft(indicator, current_user)
        services.edit_draft(draft, form.version_fields(), current_user)
        return done(_("The draft of version %(number)s is saved.", number=draft.number),
                    "impact.show_indicator", code=indicator.code)
    return render_template("impact/indicator_form.html", form=form, indicator=indicator)


@bp.route("/indicators/<code>/publish", methods=["POST"])
@login_required
def publish_indicator(code):
    require(is_coordinator(current_user))
    indicator = queries.indicator_by_code(code) or abort(404)
    draft = services.draft_of(indicator)
    if draft is None:
        abort(409)
    services.publish_version(draft, current_user)
    return done(_("Version %(number)s is published.", number=draft.number),
                "impact.show_indicator", code=indicator.code)


# -- an organisation's impact ----------------------------------------------------------------------
@bp.route("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id):
    """An organisation's impact model, commitments and progress, and its learning."""
    organisation = get_or_404(Organisation, organisation_id)
    require(can_view_impact(current_user, organisation))
    commitments = queries.commitments_of(organisation.id)
    return render_template(
        "impact/organisation.html", organisation=organisation, model=services.latest_model(organisation.id),
        commitments=commitments, progress={c.id: commitment_progress(c) for c in commitments},
        can_edit=is_member(current_user, organisation), maturity=queries.latest_maturity(organisation.id),
        levels=LEVELS)


@bp.route("/organisations/<int:organisation_id>/model", methods=["GET", "POST"])
@login_required
def edit_model(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(is_member(current_user, organisation))
    latest = services.latest_model(organisation.id)
    form = ImpactModelForm(obj=latest) if request.method == "GET" else ImpactModelForm()
    if form.validate_on_submit():
        model = services.save_impact_model(organisation, form.model_fields(), current_user)
        return done(_("Version %(number)s of your impact model is saved.", number=model.number),
                    "impact.organisation", organisation_id=organisation.id)
    return render_template("impact/model_form.html", form=form, organisation=organisation,
                           history=queries.models_of(organisation.id))


@bp.route("/organisations/<int:organisation_id>/commitments/new", methods=["GET", "POST"])
@login_required
def create_commitment(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(is_member(current_user, organisation))
    versions = queries.published_versions()
    form = CommitmentForm()
    form.indicator.choices = choices([("", _("Choose an indicator"))] + [
        (str(v.id), f"{v.indicator.code} · {v.name} ({v.unit})") for v in versions] + [
        (CommitmentForm.CUSTOM, _("My own indicator (not added to the alliance's figures)"))])
    if form.validate_on_submit():
        version = next((v for v in versions if str(v.id) == form.indicator.data), None)
        if version is None and form.indicator.data != CommitmentForm.CUSTOM:
            form.indicator.errors.append(_("Choose an indicator."))
        else:
            commitment = services.create_commitment(
                organisation, current_user, version=version, custom_name=form.custom_name.data or "",
                custom_unit=form.custom_unit.data or "", custom_direction=Direction(form.custom_direction.data),
                frequency=Frequency(form.frequency.data), baseline_value=form.baseline_value.number,
                baseline_on=form.baseline_on.data, baseline_source=form.baseline_source.data,
                first_period=form.first_period.data, targets={form.first_period.data: form.target_value.number})
            return done(_("The commitment is saved."), "impact.show_commitment", commitment_id=commitment.id)
    return render_template("impact/commitment_form.html", form=form, organisation=organisation)


def _commitment_or_404(commitment_id):
    commitment = queries.load_commitment(commitment_id) or abort(404)
    require(commitment.can_view(current_user))
    return commitment


def commitment_periods(commitment):
    """Return the periods a commitment reports: from its first to the last one that has ended, plus the current."""
    from app.db_types import utcnow

    start = parse_period(commitment.first_period)[0]
    return periods_between(commitment.frequency, start, max(start, utcnow().date()))


@bp.route("/commitments/<int:commitment_id>")
@login_required
def show_commitment(commitment_id):
    """A commitment's targets with their history, its reports per period and its progress."""
    commitment = _commitment_or_404(commitment_id)
    reports = {r.period: r for r in commitment.reports}
    progress = commitment_progress(commitment)
    return render_template("impact/commitment.html", commitment=commitment, reports=reports,
                           periods=commitment_periods(commitment), progress=progress, chart_rows=chart_rows(progress),
                           deadline_of=deadline_of, can_edit=commitment.can_edit(current_user))


@bp.route("/commitments/<int:commitment_id>/targets", methods=["GET", "POST"])
@login_required
def revise_target(commitment_id):
    commitment = _commitment_or_404(commitment_id)
    require(commitment.can_edit(current_user))
    form = TargetForm()
    periods = commitment_periods(commitment)
    following = periods_between(commitment.frequency, parse_period(periods[-1])[1], parse_period(periods[-1])[1])
    last_end = parse_period(periods[-1])[1]
    from datetime import timedelta

    upcoming = periods_between(commitment.frequency, last_end + timedelta(days=1), last_end + timedelta(days=400))
    form.period.choices = choices((p, p) for p in dict.fromkeys(periods + following + upcoming))
    if form.validate_on_submit():
        services.revise_target(commitment, form.period.data, form.value.number, form.reason.data, current_user)
        return done(_("The new target is saved; the earlier ones stay in the history."),
                    "impact.show_commitment", commitment_id=commitment.id)
    return render_template("impact/target_form.html", form=form, commitment=commitment)


@bp.route("/commitments/<int:commitment_id>/reports/<period>", methods=["GET", "POST"])
@login_required
def edit_report(commitment_id, period):
    """Write or correct the report of one period; a wrong entry is shown again with its message."""
    commitment, period = _period_to_report(commitment_id, period)
    report = services.report_for(commitment, period)
    if report is not None and not report.can_edit(current_user):
        return redirect(url_for("impact.show_report", report_id=report.id))
    partners = queries.alliance_partners(commitment.organisation_id)
    form = report_form_for(commitment, period, partners, report=report)
    if not form.validate_on_submit():
        return _report_page(form, commitment, period, report, 400 if form.errors else 200)
    chosen = set(form.co_deliverers.data or [])
    report = services.save_report(commitment, period, form.report_fields(), [o for o in partners if o.id in chosen],
                                  current_user, report=report)
    try:
        _add_evidence_file(report, form.evidence_file.data)
    except services.DomainError as error:  # the file was refused: nothing is saved
        db.session.rollback()
        form.evidence_file.errors = [str(error)]
        return _report_page(form, commitment, period, report if report and report.id else None, 400)
    if request.form.get("submit_report"):
        services.submit_report(report, current_user)
        return done(_("The report is submitted. A coordinator will review it."), "impact.show_report",
                    report_id=report.id)
    return done(_("The draft is saved."), "impact.show_report", report_id=report.id)


def _period_to_report(commitment_id, period):
    """Return the commitment and one of its periods that the person may report on; 404 or 403 otherwise."""
    commitment = _commitment_or_404(commitment_id)
    period = _period_or_404(period)
    require(commitment.can_edit(current_user))
    if period not in commitment_periods(commitment):
        abort(404)
    return commitment, period


def _add_evidence_file(report, upload):
    if upload and getattr(upload, "filename", ""):
        services.add_evidence(report, upload.filename, upload.read(max_upload_bytes() + 1), current_user)


def _report_page(form, commitment, period, report, status):
    return render_template("impact/report_form.html", form=form, commitment=commitment, period=period,
                           report=report), status


def _report_or_404(report_id):
    report = queries.load_report(report_id) or abort(404)
    require(report.can_view(current_user))
    return report


@bp.route("/reports/<int:report_id>")
@login_required
def show_report(report_id):
    report = _report_or_404(report_id)
    return render_template("impact/report.html", report=report, commitment=report.commitment, form=EmptyForm(),
                           actions=REPORT_LIFECYCLE.allowed_actions(report, current_user), ReportAction=ReportAction)


@bp.route("/reports/<int:report_id>/submit", methods=["POST"])
@login_required
def submit_report(report_id):
    report = _report_or_404(report_id)
    services.submit_report(report, current_user)
    return done(_("The report is submitted. A coordinator will review it."), "impact.show_report", report_id=report.id)


@bp.route("/reports/<int:report_id>/return", methods=["GET", "POST"])
@login_required
def return_report(report_id):
    report = _report_or_404(report_id)
    require(report.can_review(current_user))
    form = ReturnForm()
    if form.validate_on_submit():
        services.return_report(report, current_user, form.comment.data)
        return done(_("The report is returned to the organisation with your comments."), "impact.review")
    return render_template("impact/return_form.html", form=form, report=report)


@bp.route("/reports/<int:report_id>/approve", methods=["POST"])
@login_required
def approve_report(report_id):
    report = _report_or_404(report_id)
    services.approve_report(report, current_user)
    return done(_("The report is approved."), "impact.review")


@bp.route("/evidence/<int:evidence_id>")
@login_required
def download_evidence(evidence_id):
    evidence = get_or_404(ReportEvidence, evidence_id)
    require(evidence.report.can_view(current_user))
    return send_stored(services.evidence_key(evidence), evidence.content_type, evidence.filename)


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
@login_required
def delete_evidence(evidence_id):
    evidence = get_or_404(ReportEvidence, evidence_id)
    require(evidence.report.can_view(current_user))
    report = evidence.report
    services.remove_evidence(evidence, current_user)
    return done(_("The file is removed."),
                "impact.edit_report", commitment_id=report.commitment_id, period=report.period)


@bp.route("/review")
@login_required
def review():
    """The reports waiting for a coordinator."""
    require(is_coordinator(current_user))
    return render_template("impact/review.html", reports=queries.review_queue(), form=EmptyForm())


# -- the alliance's snapshot -----------------------------------------------------------------------
@bp.route("/snapshots")
@public_page()
def snapshots():
    return render_template("impact/snapshots.html", snapshots=queries.snapshots(),
                           can_publish=is_coordinator(current_user))


@bp.route("/snapshots/preview", methods=["GET", "POST"])
@login_required
def preview_snapshot():
    """A coordinator sees a period's figures as they stand and publishes them."""
    require(is_coordinator(current_user))
    form = SnapshotForm(request.form if request.method == "POST" else request.args, meta={"csrf": request.method == "POST"})
    figures = None
    if form.period.data and form.validate():
        if request.method == "POST":
            snapshot = services.publish_snapshot(form.period.data, current_user)
            return done(_("The figures of %(period)s are published.", period=snapshot.period),
                        "impact.show_snapshot", period=snapshot.period)
        figures = services.compute_snapshot(form.period.data)
    return render_template("impact/snapshot_preview.html", form=form, figures=figures,
                           entries=snapshot_entries(figures) if figures else [],
                           published=queries.snapshot_of(form.period.data) if form.period.data and not form.errors
                           else None), 400 if form.errors else 200


def _snapshot_or_404(period):
    snapshot = queries.snapshot_of(_period_or_404(period))
    if snapshot is None:
        abort(404)
    return snapshot


@bp.route("/snapshots/<period>")
@public_page()
def show_snapshot(period):
    """The published figures of a period, as they were stored."""
    snapshot = _snapshot_or_404(period)
    return render_template("impact/snapshot.html", snapshot=snapshot, figures=snapshot.figures,
                           entries=snapshot_entries(snapshot.figures))


@bp.route("/snapshots/<period>.csv")
def snapshot_csv(period):
    snapshot = _snapshot_or_404(period)
    return csv_response(f"samverka-impact-{snapshot.period}.csv", SNAPSHOT_HEADER,
                        snapshot_csv_rows(snapshot.figures, current_language()))


@bp.route("/snapshots/<period>.json")
def snapshot_json(period):
    snapshot = _snapshot_or_404(period)
    body = {"period": snapshot.period, "published_at": snapshot.published_at.isoformat(), **snapshot.figures}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")


# -- learning ----------------------------------------------------------------------------------------
@bp.route("/learning/")
@public_page()
def learning():
    """Guides and short courses, the maturity self-assessment, and the next clinics."""
    from app.colabs.constants import SessionFormat
    from app.colabs.queries import upcoming_sessions_of_format

    organisations = queries.my_organisations(current_user)
    return render_template(
        "impact/learning.html", guides=queries.guides(include_drafts=is_coordinator(current_user)),
        clinics=upcoming_sessions_of_format(SessionFormat.clinic), organisations=organisations,
        completed=queries.completed_guide_ids([o.id for o in organisations]))


@bp.route("/learning/new", methods=["GET", "POST"])
@login_required
def create_guide():
    require(is_coordinator(current_user))
    form = GuideForm()
    if request.method == "GET":
        form.minutes.data = "15"
    if form.validate_on_submit():
        guide = services.save_guide(None, form.guide_fields(), current_user)
        return done(_("The guide is saved as a draft."), "impact.show_guide", slug=guide.slug)
    return render_template("impact/guide_form.html", form=form, guide=None)


def _guide_or_404(slug):
    guide = queries.guide_by_slug(slug) or abort(404)
    require(guide.can_view(current_user))
    return guide


@bp.route("/learning/<slug>")
@public_page()
def show_guide(slug):
    guide = _guide_or_404(slug)
    organisations = queries.my_organisations(current_user)
    form = CompleteGuideForm()
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations)
    done = {org for guide_id, org in queries.completed_guide_ids([o.id for o in organisations]) if guide_id == guide.id}
    return render_template("impact/guide.html", guide=guide, body=render_markdown(guide.body), form=form,
                           organisations=organisations, done=done, button_form=EmptyForm())


@bp.route("/learning/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_guide(slug):
    guide = _guide_or_404(slug)
    require(guide.can_edit(current_user))
    form = GuideForm(obj=guide) if request.method == "GET" else GuideForm()
    if request.method == "GET":
        form.kind.data, form.minutes.data = guide.kind.value, str(guide.minutes)
    if form.validate_on_submit():
        if form.slug.data != guide.slug and queries.guide_by_slug(form.slug.data):
            form.slug.errors.append(_("A guide with this address exists already."))
        else:
            services.save_guide(guide, form.guide_fields(), current_user)
            return done(_("The guide is saved."), "impact.show_guide", slug=guide.slug)
    return render_template("impact/guide_form.html", form=form, guide=guide)


@bp.route("/learning/<slug>/publish", methods=["POST"])
@login_required
def publish_guide(slug):
    guide = _guide_or_404(slug)
    services.publish_guide(guide, current_user)
    return done(_("The guide is published."), "impact.show_guide", slug=guide.slug)


@bp.route("/learning/<slug>/complete", methods=["POST"])
@login_required
def complete_guide(slug):
    guide = _guide_or_404(slug)
    organisations = queries.my_organisations(current_user)
    require(bool(organisations))
    form = CompleteGuideForm()
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations)
    if not form.validate_on_submit():
        abort(400)
    organisation = next(o for o in organisations if o.id == form.organisation_id.data)
    services.complete_guide(guide, organisation, current_user)
    return done(_("Marked as completed for %(name)s.", name=organisation.name), "impact.show_guide", slug=guide.slug)


@bp.route("/organisations/<int:organisation_id>/maturity", methods=["GET", "POST"])
@login_required
def maturity(organisation_id):
    """The self-assessment of an organisation's measurement maturity, with advice for its level."""
    organisation = get_or_404(Organisation, organisation_id)
    require(can_view_impact(current_user, organisation))
    form = maturity_form()
    latest = queries.latest_maturity(organisation.id)
    if request.method == "POST":
        require(is_member(current_user, organisation))
    if form.validate_on_submit():
        latest = services.record_maturity(organisation, {key: int(form[key].data) for key, _q, _o in QUESTIONS},
                                          current_user)
        return done(_("Your answers are saved."), "impact.maturity", organisation_id=organisation.id)
    return render_template("impact/maturity.html", form=form, organisation=organisation, latest=latest,
                           levels=LEVELS, can_edit=is_member(current_user, organisation)), 400 if form.errors else 200
