"""Routes of the certification area: thin; the work is in services, answers, scoring and insights."""
import io
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.constants import Sector, municipality_label
from app.accounts.models import Organisation
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.certification import bp, insights as insight_data, services
from app.certification.answers import parse_section, typed_from_value
from app.certification.definition import is_visible, iter_questions, visible_answers
from app.certification.forms import (
    CommentForm, RegistrySearchForm, ReinstateForm, RequestChangesForm, RevokeForm, SuspendForm, VerifyForm,
)
from app.certification.i18n import t
from app.certification.lifecycle import ASSESSMENT_LIFECYCLE, CERTIFICATE_LIFECYCLE
from app.certification.models import (
    Assessment, AssessmentAction, AssessmentState, Certificate, CertificateAction, CertificateState, Evidence,
    QuestionnaireVersion,
)
from app.csv_export import csv_response
from app.errors import Conflict, DomainError
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.pagecache import public_page
from app.routing import get_or_404, page_number, require
from app.storage import MissingFile, read_file
from app.uploads import send_upload

PER_PAGE = 25


@bp.app_template_global("cert_t")
def cert_t(texts):
    """Return a definition text in the reader's language (also inside imported macros)."""
    return t(texts)


@bp.app_template_filter("cert_option_text")
def option_text(option_key, question):
    """Return the text of one option of a question."""
    return next((t(o["text"]) for o in question["options"] if o["key"] == option_key), option_key)


def _visible_keys(definition, shown):
    return {q["key"] for _s, q in iter_questions(definition) if is_visible(q, shown)}


def _assessment_or_404(assessment_id):
    assessment = db.session.scalar(
        sa.select(Assessment).where(Assessment.id == assessment_id).options(
            joinedload(Assessment.organisation), joinedload(Assessment.version),
            selectinload(Assessment.answers), selectinload(Assessment.evidence),
            selectinload(Assessment.comments), selectinload(Assessment.events),
        )
    )
    if assessment is None:
        abort(404)
    return assessment


# -- start page -----------------------------------------------------------------------
@bp.route("/")
@public_page()
def index():
    businesses = services.businesses_of(current_user)
    rows = []
    if businesses:
        ids = [b.id for b in businesses]
        assessments = list(db.session.scalars(
            sa.select(Assessment).where(Assessment.organisation_id.in_(ids))
            .options(joinedload(Assessment.version), selectinload(Assessment.answers),
                     joinedload(Assessment.certificate))
            .order_by(Assessment.id.desc())
        ))
        for business in businesses:
            mine = [a for a in assessments if a.organisation_id == business.id]
            current = next((a for a in mine if a.state != AssessmentState.approved), None)
            certificates = [a.certificate for a in mine if a.certificate is not None]
            rows.append({
                "organisation": business, "current": current,
                "progress": services.progress(current)[0] if current else None,
                "approved": [a for a in mine if a.state == AssessmentState.approved],
                "certificates": certificates,
            })
    queue_count = None
    if current_user.is_authenticated and current_user.is_coordinator:
        queue_count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Assessment).where(Assessment.state == AssessmentState.submitted)
        )
    return render_template("certification/index.html", rows=rows, version=services.current_version(),
                           queue_count=queue_count, form=EmptyForm())


@bp.route("/start/<int:organisation_id>", methods=["POST"])
@login_required
def start(organisation_id):
    organisation = get_or_404(Organisation, organisation_id)
    require(services.can_start_for(current_user, organisation))
    require(EmptyForm().validate_on_submit())
    assessment = services.start_assessment(organisation, current_user)
    db.session.commit()
    flash(_("The self-assessment has begun. Your answers are saved section by section."), "success")
    first = assessment.version.sections[0]["key"]
    return redirect(url_for("certification.edit_section", assessment_id=assessment.id, section_key=first))


# -- filling in -------------------------------------------------------------------------
@bp.route("/assessments/<int:assessment_id>")
@login_required
def show_assessment(assessment_id):
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    overall, per_section = services.progress(assessment)
    return render_template("certification/assessment.html", assessment=assessment, overall=overall,
                           per_section=per_section, comments=_comments_by_question(assessment),
                           missing=services.missing_items(assessment) if assessment.can_edit(current_user) else [])


def _comments_by_question(assessment):
    comments = {}
    for comment in assessment.open_comments() if assessment.state == AssessmentState.changes_requested else []:
        comments.setdefault(comment.question_key, []).append(comment)
    return comments


@bp.route("/assessments/<int:assessment_id>/sections/<section_key>", methods=["GET", "POST"])
@login_required
def edit_section(assessment_id, section_key):
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    definition = assessment.version.definition
    section = assessment.version.section(section_key)
    if section is None:
        abort(404)
    if not assessment.can_edit(current_user):
        require(request.method == "GET")
        return redirect(url_for("certification.show_assessment", assessment_id=assessment.id))
    form = EmptyForm()
    saved = assessment.answer_values
    errors, evidence_errors = {}, {}
    if request.method == "POST" and form.validate_on_submit():
        values, errors, typed = parse_section(definition, section, request.form, saved)
        uploads = _checked_uploads(section, evidence_errors)
        if not errors and not evidence_errors:
            try:
                services.save_section(assessment, values, current_user)
                for question_key, upload in uploads:
                    services.add_evidence(assessment, question_key, upload, current_user)
                db.session.commit()
            except sa.exc.IntegrityError:  # two members saved the same new answer at the same moment
                db.session.rollback()
                raise Conflict(_("Someone else saved this section at the same moment. Go back, reload the "
                                 "page and check the answers."))
            flash(_("Your answers to “%(section)s” have been saved.", section=t(section["title"])), "success")
            if request.form.get("action") == "next":
                return redirect(_next_step(assessment, section_key))
            return redirect(url_for("certification.edit_section", assessment_id=assessment.id,
                                    section_key=section_key))
        for key in evidence_errors:
            errors.setdefault(key, None)
    else:
        typed = {q["key"]: typed_from_value(q, saved.get(q["key"])) for q in section["questions"]}
    shown = visible_answers(definition, saved)
    questions = [q for q in section["questions"]
                 if q["show_if"] is None or q["show_if"]["question"] in {x["key"] for x in section["questions"]}
                 or is_visible(q, shown)]
    overall, per_section = services.progress(assessment)
    status = 200 if not (errors or evidence_errors) else 422
    return render_template("certification/section.html", assessment=assessment, section=section,
                           questions=questions, typed=typed, errors=errors, evidence_errors=evidence_errors,
                           comments=_comments_by_question(assessment), form=form, overall=overall,
                           per_section=per_section, all_questions=assessment.version.questions()), status


def _checked_uploads(section, errors):
    """Return [(question key, file)] for the uploaded evidence, checking each; errors go into `errors`."""
    uploads = []
    for question in section["questions"]:
        if not question["evidence"]:
            continue
        upload = request.files.get(f"evidence-{question['key']}")
        if upload is None or not upload.filename:
            continue
        head = upload.stream.read(16)
        upload.stream.seek(0, io.SEEK_END)
        size = upload.stream.tell()
        upload.stream.seek(0)
        error = services.check_evidence_file(upload.filename, head, size)
        if error:
            errors[question["key"]] = str(error)
        else:
            uploads.append((question["key"], upload))
    return uploads


def _next_step(assessment, section_key):
    keys = [s["key"] for s in assessment.version.sections]
    index = keys.index(section_key)
    if index + 1 < len(keys):
        return url_for("certification.edit_section", assessment_id=assessment.id, section_key=keys[index + 1])
    return url_for("certification.check_assessment", assessment_id=assessment.id)


@bp.route("/evidence/<int:evidence_id>")
@login_required
def download_evidence(evidence_id):
    evidence = get_or_404(Evidence, evidence_id)
    require(evidence.can_view(current_user))
    try:
        data = read_file(services.evidence_key(evidence))
    except MissingFile:
        abort(404)
    return send_upload(data, evidence.content_type, evidence.filename)


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
@login_required
def delete_evidence(evidence_id):
    evidence = get_or_404(Evidence, evidence_id)
    require(evidence.can_view(current_user))
    require(EmptyForm().validate_on_submit())
    assessment_id, question_key = evidence.assessment_id, evidence.question_key
    section_key = next(s["key"] for s in evidence.assessment.version.sections
                       if any(q["key"] == question_key for q in s["questions"]))
    services.delete_evidence(evidence, current_user)
    db.session.commit()
    flash(_("The file has been removed."), "info")
    return redirect(url_for("certification.edit_section", assessment_id=assessment_id, section_key=section_key)
                    + f"#q-{question_key}")


@bp.route("/assessments/<int:assessment_id>/check")
@login_required
def check_assessment(assessment_id):
    """The review page before submitting: every answer, and what is still missing."""
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    shown = visible_answers(assessment.version.definition, assessment.answer_values)
    return render_template("certification/check.html", assessment=assessment,
                           missing=services.missing_items(assessment), form=EmptyForm(), shown=shown,
                           visible=_visible_keys(assessment.version.definition, shown),
                           comments=_comments_by_question(assessment))


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@login_required
def submit(assessment_id):
    assessment = _assessment_or_404(assessment_id)
    ASSESSMENT_LIFECYCLE.check(assessment, AssessmentAction.submit, current_user)
    require(EmptyForm().validate_on_submit())
    services.submit_assessment(assessment, current_user)
    db.session.commit()
    flash(_("Submitted. A coordinator will review your answers; here is your self-assessment."), "success")
    return redirect(url_for("certification.result", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>/result")
@login_required
def result(assessment_id):
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    return render_template("certification/result.html", assessment=assessment, result=assessment.result(),
                           questions=assessment.version.questions())


# -- review --------------------------------------------------------------------------------
def _require_coordinator():
    require(current_user.is_authenticated and current_user.is_coordinator)


@bp.route("/review")
@login_required
def queue():
    _require_coordinator()
    state = request.args.get("state", AssessmentState.submitted.value)
    try:
        state = AssessmentState(state)
    except ValueError:
        state = AssessmentState.submitted
    page = page_number()
    query = (sa.select(Assessment).where(Assessment.state == state)
             .options(joinedload(Assessment.organisation), joinedload(Assessment.version).load_only(QuestionnaireVersion.number))
             .order_by(Assessment.submitted_at.is_(None), Assessment.submitted_at, Assessment.id))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    counts = dict(db.session.execute(
        sa.select(Assessment.state, sa.func.count()).group_by(Assessment.state)).all())
    return render_template("certification/queue.html", pagination=pagination, state=state, counts=counts,
                           states=list(AssessmentState))


@bp.route("/review/<int:assessment_id>")
@login_required
def review(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    comments = {}
    for comment in assessment.comments:
        comments.setdefault(comment.question_key, []).append(comment)
    shown = visible_answers(assessment.version.definition, assessment.answer_values)
    return render_template("certification/review.html", assessment=assessment, result=assessment.result(),
                           shown=shown, visible=_visible_keys(assessment.version.definition, shown),
                           comments=comments, comment_form=CommentForm(), changes_form=RequestChangesForm(),
                           form=EmptyForm(), round=assessment.review_round + 1)


@bp.route("/review/<int:assessment_id>/comments", methods=["POST"])
@login_required
def add_comment(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_review(current_user))
    form = CommentForm()
    if form.validate_on_submit():
        services.add_comment(assessment, current_user, form.body.data.strip(), form.question_key.data or None)
        db.session.commit()
        flash(_("Your comment has been saved. It is sent with your request for changes."), "success")
        anchor = f"#answer-{form.question_key.data}" if form.question_key.data else ""
        return redirect(url_for("certification.review", assessment_id=assessment.id) + anchor)
    flash(_("The comment was empty or too long, so it was not saved."), "error")
    return redirect(url_for("certification.review", assessment_id=assessment.id))


@bp.route("/review/<int:assessment_id>/request-changes", methods=["POST"])
@login_required
def request_changes(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    ASSESSMENT_LIFECYCLE.check(assessment, AssessmentAction.request_changes, current_user)
    form = RequestChangesForm()
    if form.validate_on_submit():
        try:
            services.request_changes(assessment, current_user, (form.note.data or "").strip())
        except DomainError as error:
            db.session.rollback()
            form.note.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The assessment has been sent back to %(name)s.", name=assessment.organisation.name), "success")
            return redirect(url_for("certification.queue"))
    assessment = _assessment_or_404(assessment_id)
    comments = {}
    for comment in assessment.comments:
        comments.setdefault(comment.question_key, []).append(comment)
    shown = visible_answers(assessment.version.definition, assessment.answer_values)
    return render_template("certification/review.html", assessment=assessment, result=assessment.result(),
                           shown=shown, visible=_visible_keys(assessment.version.definition, shown),
                           comments=comments, comment_form=CommentForm(formdata=None), changes_form=form,
                           form=EmptyForm(), round=assessment.review_round + 1), 422


@bp.route("/review/<int:assessment_id>/approve", methods=["POST"])
@login_required
def approve(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    ASSESSMENT_LIFECYCLE.check(assessment, AssessmentAction.approve, current_user)
    require(EmptyForm().validate_on_submit())
    certificate = services.approve_assessment(assessment, current_user)
    db.session.commit()
    flash(_("Approved. Certificate %(number)s has been issued.", number=certificate.number), "success")
    return redirect(url_for("certification.verify_certificate", number=certificate.number))


@bp.route("/certificates")
@login_required
def certificates():
    _require_coordinator()
    page = page_number()
    query = (sa.select(Certificate).options(joinedload(Certificate.organisation))
             .order_by(Certificate.issued_on.desc(), Certificate.id.desc()))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render_template("certification/certificates.html", pagination=pagination)


# A coordinator's steps on a certificate: the form, the service, what the page and the flash say.
CERTIFICATE_STEPS = {
    "revoke": (RevokeForm, services.revoke_certificate, CertificateAction.revoke,
               _l("Revoke certificate %(number)s"), _l("Revoke"),
               _l("%(name)s will leave the public registry for good, and the certificate's public page will say it was revoked and why."),
               _l("Certificate %(number)s has been revoked.")),
    "suspend": (SuspendForm, services.suspend_certificate, CertificateAction.suspend,
                _l("Suspend certificate %(number)s"), _l("Suspend"),
                _l("%(name)s leaves the public registry until the suspension is lifted; the certificate's public page says it is suspended and why."),
                _l("Certificate %(number)s has been suspended.")),
    "reinstate": (ReinstateForm, services.reinstate_certificate, CertificateAction.reinstate,
                  _l("Reinstate certificate %(number)s"), _l("Reinstate"),
                  _l("%(name)s returns to the public registry; the certificate is valid again until it expires."),
                  _l("Certificate %(number)s has been reinstated.")),
}


def _certificate_step(certificate_id, step):
    _require_coordinator()
    certificate = get_or_404(Certificate, certificate_id)
    form_class, service, action, title, button, explanation, done = CERTIFICATE_STEPS[step]
    CERTIFICATE_LIFECYCLE.check(certificate, action, current_user)
    form = form_class()
    if form.validate_on_submit():
        service(certificate, current_user, (form.reason.data or "").strip())
        db.session.commit()
        flash(done % {"number": certificate.number}, "success")
        return redirect(url_for("certification.verify_certificate", number=certificate.number))
    return render_template("certification/certificate_step.html", form=form, certificate=certificate,
                           title=title % {"number": certificate.number}, button=button, step=step,
                           explanation=explanation % {"name": certificate.organisation.name}), 400 if form.errors else 200


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(certificate_id):
    return _certificate_step(certificate_id, "revoke")


@bp.route("/certificates/<int:certificate_id>/suspend", methods=["GET", "POST"])
@login_required
def suspend(certificate_id):
    return _certificate_step(certificate_id, "suspend")


@bp.route("/certificates/<int:certificate_id>/reinstate", methods=["GET", "POST"])
@login_required
def reinstate(certificate_id):
    return _certificate_step(certificate_id, "reinstate")


# -- public registry and verification -----------------------------------------------------
def _registry_query(form):
    today = date.today()
    newest = (sa.select(sa.func.max(Certificate.id))
              .where(Certificate.state == CertificateState.valid, Certificate.expires_on >= today)
              .group_by(Certificate.organisation_id))
    query = (sa.select(Certificate).join(Organisation, Organisation.id == Certificate.organisation_id)
             .where(Certificate.id.in_(newest)).options(joinedload(Certificate.organisation))
             .order_by(Organisation.name, Certificate.id))
    if form.q.data:
        needle = f"%{form.q.data.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Organisation.name).like(needle),
                                   sa.func.lower(Organisation.description).like(needle),
                                   sa.func.lower(Certificate.number).like(needle)))
    if form.sector.data:
        query = query.where(Organisation.sector == Sector(form.sector.data))
    if form.municipality.data:
        query = query.where(Organisation.municipality == form.municipality.data)
    return query


def _registry_form():
    return RegistrySearchForm.from_request()


@bp.route("/registry")
@public_page()
def registry():
    form = _registry_form()
    page = page_number()
    pagination = db.paginate(_registry_query(form), page=page, per_page=PER_PAGE, error_out=False)
    filters = {name: form[name].data for name in ("q", "sector", "municipality") if form[name].data}
    return render_template("certification/registry.html", pagination=pagination, form=form, filters=filters)


REGISTRY_COLUMNS = ["name", "organisation_number", "municipality", "municipality_code", "sector", "offers", "website",
                    "certificate_number", "issued_on", "expires_on", "verify_url"]


def _registry_records(form):
    for certificate in db.session.scalars(_registry_query(form)):
        organisation = certificate.organisation
        yield {
            "name": organisation.name,
            "organisation_number": organisation.org_number,
            "municipality": str(municipality_label(organisation.municipality)),
            "municipality_code": organisation.municipality,
            "sector": organisation.sector.value,
            "offers": organisation.description,
            "website": organisation.website,
            "certificate_number": certificate.number,
            "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat(),
            "verify_url": url_for("certification.verify_certificate", number=certificate.number, _external=True),
        }


@bp.route("/registry.json")
def registry_json():
    records = list(_registry_records(_registry_form()))
    response = jsonify({"licence": "CC0-1.0", "generated_on": date.today().isoformat(), "count": len(records),
                        "certified_social_enterprises": records})
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/registry.csv")
def registry_csv():
    rows = ([record[column] for column in REGISTRY_COLUMNS] for record in _registry_records(_registry_form()))
    return csv_response("certified-social-enterprises.csv", REGISTRY_COLUMNS, rows,
                        headers={"Access-Control-Allow-Origin": "*"})


@bp.route("/verify")
@public_page()
def verify():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("certification.verify_certificate", number=form.number.data.upper()))
    return render_template("certification/verify.html", form=form, certificate=None, searched=False)


@bp.route("/verify/<number>")
@public_page()
def verify_certificate(number):
    certificate = db.session.scalar(
        sa.select(Certificate).where(Certificate.number == number.strip().upper())
        .options(joinedload(Certificate.organisation))
    )
    form = VerifyForm(formdata=None, number=number)
    return render_template("certification/verify.html", form=form, certificate=certificate, searched=True,
                           number=number), (200 if certificate else 404)


# -- insights -------------------------------------------------------------------------------
def _insights_context():
    version = services.current_version()
    definition = version.definition if version else None
    questions = version.questions() if version else {}
    return {"data": insight_data.compute(), "definition": definition, "questions": questions,
            "min_group": insight_data.MIN_GROUP}


@bp.route("/insights")
@login_required
def insights():
    _require_coordinator()
    context = _insights_context()
    counts = dict(db.session.execute(
        sa.select(Assessment.state, sa.func.count()).group_by(Assessment.state)).all())
    context["counts"] = [(state, counts.get(state, 0)) for state in AssessmentState]
    return render_template("certification/insights.html", public=False,
                           can_export=insight_data.can_export_responses(current_user), **context)


@bp.route("/insights/summary")
@public_page()
def public_insights():
    return render_template("certification/insights.html", public=True, counts=None, **_insights_context())


@bp.route("/insights/responses.csv")
@login_required
def export_responses():
    require(insight_data.can_export_responses(current_user))
    version = services.current_version()
    if version is None:
        abort(404)
    header, *rows = insight_data.anonymised_rows(version.definition)
    record_audit(current_user, AuditAction.export, None, detail="certification-responses-anonymised.csv")
    db.session.commit()
    return csv_response("certification-responses-anonymised.csv", header, rows)


