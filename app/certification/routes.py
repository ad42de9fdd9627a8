"""Routes of the certification area: thin; the work is in services, answers, scoring and insights."""
import io
from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.constants import Sector, municipality_label
from app.accounts.models import Organisation
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.certification import bp, editor, insights as insight_data, queries, services
from app.certification.answers import parse_section, typed_from_value
import yaml

from app.certification.definition import (
    DefinitionError, is_visible, iter_questions, parse_yaml, questions_on_page, to_raw, visible_answers,
)
from app.certification.forms import (
    ConcernForm, ConcernNoteForm, ConcernReasonForm, DefinitionForm, ImportForm, NewQuestionForm, NewSectionForm,
    QuestionForm, SectionForm,
    CommentForm, DeclineExceptionForm, ExceptionForm, RegistrySearchForm, ReinstateForm, ReplyForm,
    RequestChangesForm, ResolveForm, RevokeForm, SuspendForm, VerifyForm,
)
from app.certification.i18n import t
from app.certification.lifecycle import ASSESSMENT_LIFECYCLE, CERTIFICATE_LIFECYCLE, CONCERN_LIFECYCLE
from app.certification.models import (
    Assessment, AssessmentAction, AssessmentState, Certificate, CertificateAction, CertificateState, Evidence,
    Concern, ConcernAction, ConcernState, InsightSnapshot, OrganisationCheck, QuestionnaireVersion, ReviewComment,
)
from app.csv_export import csv_response
from app.errors import Conflict, DomainError
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.db_types import utcnow
from app.i18n import current_language
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.pagecache import public_page
from app.routing import done, get_or_404, page_number, require
from app.uploads import send_stored

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
            selectinload(Assessment.comments).selectinload(ReviewComment.replies),
            selectinload(Assessment.events),
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
        assessments = queries.assessments_of(ids)
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
        queue_count = queries.count_waiting()
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
                           threads=_threads(assessment), reply_form=ReplyForm(),
                           missing=services.missing_items(assessment) if assessment.can_edit(current_user) else [])


def _comments_by_question(assessment):
    comments = {}
    for comment in assessment.open_comments() if assessment.state == AssessmentState.changes_requested else []:
        comments.setdefault(comment.question_key, []).append(comment)
    return comments


def _threads(assessment):
    """Return [(question or None, [comments])] of every review round, in the questionnaire's order."""
    questions = assessment.version.questions()
    grouped = {}
    for comment in assessment.comments:
        grouped.setdefault(comment.question_key, []).append(comment)
    order = [None] + list(questions)
    return [(questions.get(key), grouped[key]) for key in order if key in grouped]


def _comment_or_404(assessment, comment_id):
    comment = next((c for c in assessment.comments if c.id == comment_id), None)
    if comment is None:
        abort(404)
    return comment


@bp.route("/assessments/<int:assessment_id>/comments/<int:comment_id>/replies", methods=["POST"])
@login_required
def reply_to_comment(assessment_id, comment_id):
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_reply(current_user))
    comment = _comment_or_404(assessment, comment_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash(_("The reply was empty or too long, so it was not saved."), "error")
    else:
        services.reply_to_comment(comment, current_user, form.body.data.strip())
        db.session.commit()
        flash(_("Your reply has been saved."), "success")
    return redirect(url_for("certification.show_assessment", assessment_id=assessment.id) + f"#comment-{comment.id}")


@bp.route("/review/<int:assessment_id>/comments/<int:comment_id>/resolve", methods=["POST"])
@login_required
def resolve_comment(assessment_id, comment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    comment = _comment_or_404(assessment, comment_id)
    form = ResolveForm()
    require(form.validate_on_submit())
    services.resolve_comment(comment, current_user, resolved=form.resolved.data != "0")
    db.session.commit()
    flash(_("The comment is marked resolved.") if comment.is_resolved else _("The comment is open again."), "success")
    return redirect(url_for("certification.show_assessment", assessment_id=assessment.id) + f"#comment-{comment.id}")


@bp.route("/assessments/<int:assessment_id>/sections/<section_key>", methods=["GET", "POST"])
@login_required
def edit_section(assessment_id, section_key):
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    section = assessment.version.section(section_key)
    if section is None:
        abort(404)
    if not assessment.can_edit(current_user):
        require(request.method == "GET")
        return redirect(url_for("certification.show_assessment", assessment_id=assessment.id))
    form, saved = EmptyForm(), assessment.answer_values
    if not (request.method == "POST" and form.validate_on_submit()):
        typed = {q["key"]: typed_from_value(q, saved.get(q["key"])) for q in section["questions"]}
        return _section_page(assessment, section, form, typed)
    values, errors, typed = parse_section(assessment.version.definition, section, request.form, saved)
    evidence_errors = {}
    uploads = _checked_uploads(section, evidence_errors)
    if errors or evidence_errors:
        return _section_page(assessment, section, form, typed, {**dict.fromkeys(evidence_errors), **errors},
                             evidence_errors)
    _save_section(assessment, values, uploads)
    flash(_("Your answers to “%(section)s” have been saved.", section=t(section["title"])), "success")
    if request.form.get("action") == "next":
        return redirect(_next_step(assessment, section_key))
    return redirect(url_for("certification.edit_section", assessment_id=assessment.id, section_key=section_key))


def _section_page(assessment, section, form, typed, errors=None, evidence_errors=None):
    """Render one section of the questionnaire; 422 when what was sent is shown again with its errors."""
    questions = questions_on_page(assessment.version.definition, section, assessment.answer_values)
    overall, per_section = services.progress(assessment)
    return render_template("certification/section.html", assessment=assessment, section=section,
                           questions=questions, typed=typed, errors=errors or {},
                           evidence_errors=evidence_errors or {}, comments=_comments_by_question(assessment),
                           form=form, overall=overall, per_section=per_section,
                           all_questions=assessment.version.questions()), 422 if errors else 200


def _save_section(assessment, values, uploads):
    """Save a section's answers and its new evidence in one transaction."""
    try:
        services.save_section(assessment, values, current_user)
        for question_key, upload in uploads:
            services.add_evidence(assessment, question_key, upload, current_user)
        db.session.commit()
    except sa.exc.IntegrityError as error:  # two members saved the same new answer at the same moment
        db.session.rollback()
        raise Conflict(_("Someone else saved this section at the same moment. Go back, reload the "
                         "page and check the answers.")) from error


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
    return send_stored(services.evidence_key(evidence), evidence.content_type, evidence.filename)


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
    return done(_("Submitted. A coordinator will review your answers; here is your self-assessment."),
                "certification.result", assessment_id=assessment.id)


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
    pagination = db.paginate(queries.review_queue(state), page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("certification/queue.html", pagination=pagination, state=state,
                           counts=queries.count_per_state(),
                           states=list(AssessmentState))


@bp.route("/review/<int:assessment_id>")
@login_required
def review(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    require(assessment.can_view(current_user))
    return _review_page(assessment)


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
    assessment = _reviewing(assessment_id, AssessmentAction.request_changes)
    form = RequestChangesForm()
    if form.validate_on_submit():
        try:
            services.request_changes(assessment, current_user, (form.note.data or "").strip())
        except DomainError as error:
            db.session.rollback()
            form.note.errors.append(str(error))
        else:
            return done(_("The assessment has been sent back to %(name)s.", name=assessment.organisation.name),
                        "certification.queue")
    return _review_page(_assessment_or_404(assessment_id), 422, changes_form=form)


def _review_page(assessment, status=200, **forms):
    """Render the review page, with empty forms but for the ones given (a refused form shows its errors)."""
    comments = {}
    for comment in assessment.comments:
        comments.setdefault(comment.question_key, []).append(comment)
    shown = visible_answers(assessment.version.definition, assessment.answer_values)
    forms = {"comment_form": CommentForm(formdata=None), "changes_form": RequestChangesForm(formdata=None),
             "exception_form": ExceptionForm(formdata=None), "decline_form": DeclineExceptionForm(formdata=None),
             **forms}
    check = db.session.scalar(sa.select(OrganisationCheck).where(
        OrganisationCheck.organisation_id == assessment.organisation_id))
    return render_template("certification/review.html", assessment=assessment, result=assessment.result(),
                           shown=shown, visible=_visible_keys(assessment.version.definition, shown),
                           comments=comments, form=EmptyForm(), round=assessment.review_round + 1,
                           check=check, **forms), status


def _reviewing(assessment_id, action):
    """Load the assessment a coordinator acts on, refusing (403/409) an action the lifecycle does not allow."""
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    ASSESSMENT_LIFECYCLE.check(assessment, action, current_user)
    return assessment


@bp.route("/review/<int:assessment_id>/approve", methods=["POST"])
@login_required
def approve(assessment_id):
    assessment = _reviewing(assessment_id, AssessmentAction.approve)
    require(EmptyForm().validate_on_submit())
    certificate = services.approve_assessment(assessment, current_user)
    return done(_("Approved. Certificate %(number)s has been issued.", number=certificate.number),
                "certification.verify_certificate", number=certificate.number)


@bp.route("/review/<int:assessment_id>/exception", methods=["POST"])
@login_required
def propose_exception(assessment_id):
    assessment = _reviewing(assessment_id, AssessmentAction.propose_exception)
    form = ExceptionForm()
    if not form.validate_on_submit():
        return _review_page(assessment, 422, exception_form=form)
    services.propose_exception(assessment, current_user, form.reason.data.strip())
    return done(_("The exception is proposed. Another coordinator must confirm it."),
                "certification.review", assessment_id=assessment.id)


@bp.route("/review/<int:assessment_id>/exception/confirm", methods=["POST"])
@login_required
def confirm_exception(assessment_id):
    assessment = _reviewing(assessment_id, AssessmentAction.confirm_exception)
    require(EmptyForm().validate_on_submit())
    certificate = services.confirm_exception(assessment, current_user)
    return done(_("Exception confirmed. Certificate %(number)s has been issued.", number=certificate.number),
                "certification.verify_certificate", number=certificate.number)


@bp.route("/review/<int:assessment_id>/exception/decline", methods=["POST"])
@login_required
def decline_exception(assessment_id):
    assessment = _reviewing(assessment_id, AssessmentAction.decline_exception)
    form = DeclineExceptionForm()
    if not form.validate_on_submit():
        return _review_page(assessment, 422, decline_form=form)
    services.decline_exception(assessment, current_user, form.reason.data.strip())
    return done(_("The exception is declined; the assessment waits for review again."),
                "certification.review", assessment_id=assessment.id)


@bp.route("/certificates")
@login_required
def certificates():
    _require_coordinator()
    page = page_number()
    query = (sa.select(Certificate).options(joinedload(Certificate.organisation))
             .order_by(Certificate.issued_on.desc(), Certificate.id.desc()))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render_template("certification/certificates.html", pagination=pagination)


@bp.route("/certificates/expiring")
@login_required
def expiring_certificates():
    _require_coordinator()
    query = services.expiring_certificates().options(joinedload(Certificate.organisation))
    pagination = db.paginate(query, page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("certification/expiring.html", pagination=pagination, days=services.EXPIRING_DAYS)


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
    form_class, service, action, title, button, explanation, message = CERTIFICATE_STEPS[step]
    CERTIFICATE_LIFECYCLE.check(certificate, action, current_user)
    form = form_class()
    if form.validate_on_submit():
        service(certificate, current_user, (form.reason.data or "").strip())
        return done(message % {"number": certificate.number},
                    "certification.verify_certificate", number=certificate.number)
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
        needle = form.q.data.lower()  # `%` and `_` match themselves (autoescape)
        query = query.where(sa.or_(sa.func.lower(Organisation.name).contains(needle, autoescape=True),
                                   sa.func.lower(Organisation.description).contains(needle, autoescape=True),
                                   sa.func.lower(Certificate.number).contains(needle, autoescape=True)))
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
def _insights_context(figures):
    """Return the page's context; `figures(definition)` gives the Insights to show (or None)."""
    version = services.current_version()
    definition = version.definition if version else None
    questions = version.questions() if version else {}
    return {"data": figures(definition), "definition": definition, "questions": questions,
            "min_group": insight_data.MIN_GROUP}


@bp.route("/insights")
@login_required
def insights():
    _require_coordinator()
    context = _insights_context(insight_data.preview)
    counts = dict(db.session.execute(
        sa.select(Assessment.state, sa.func.count()).group_by(Assessment.state)).all())
    context["counts"] = [(state.label, counts.get(state, 0)) for state in AssessmentState]
    snapshots = list(db.session.scalars(
        sa.select(InsightSnapshot).options(joinedload(InsightSnapshot.published_by))
        .order_by(InsightSnapshot.id.desc()).limit(20)))
    return render_template("certification/insights.html", public=False, snapshots=snapshots, form=EmptyForm(),
                           can_export=insight_data.can_export_responses(current_user), **context)


@bp.route("/insights/snapshots", methods=["POST"])
@login_required
def publish_insights():
    _require_coordinator()
    require(EmptyForm().validate_on_submit())
    try:
        version = services.current_version()
        insight_data.publish_snapshot(current_user, version.definition if version else None)
    except Conflict as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("certification.insights"))
    return done(_("The public summary now shows today's snapshot."), "certification.public_insights")


@bp.route("/insights/summary")
@public_page()
def public_insights():
    snapshot = insight_data.latest_snapshot()
    context = _insights_context(lambda definition: insight_data.published(snapshot, definition) if snapshot else None)
    return render_template("certification/insights.html", public=True, counts=None, snapshot=snapshot, **context)


@bp.route("/insights/summary.csv")
@public_page()
def public_insights_csv():
    snapshot = insight_data.latest_snapshot()
    if snapshot is None:
        abort(404)
    version = services.current_version()
    header, *rows = insight_data.summary_rows(
        insight_data.published(snapshot, version.definition if version else None))
    return csv_response(f"certification-insights-{snapshot.published_at.date().isoformat()}.csv", header, rows)


@bp.route("/review/<int:assessment_id>/verify-organisation", methods=["POST"])
@login_required
def verify_organisation(assessment_id):
    _require_coordinator()
    assessment = _assessment_or_404(assessment_id)
    require(EmptyForm().validate_on_submit())
    insight_data.verify_organisation(assessment.organisation, current_user)
    return done(_("%(name)s is marked as verified.", name=assessment.organisation.name),
                "certification.review", assessment_id=assessment.id)


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




# -- concerns from the public ------------------------------------------------------------------------------
def _concern_signer():
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="certification-concern")


def _started_too_recently(token, number):
    """Return a message unless the form was opened between CONCERN_MIN_SECONDS and a day ago, for this certificate."""
    from itsdangerous import BadData

    try:
        signed, opened = _concern_signer().loads(token or "", max_age=86400, return_timestamp=True)
    except BadData:
        return _("The form has expired. Please write your concern again.")
    age = (utcnow() - opened).total_seconds()
    if signed != number or age < current_app.config.get("CONCERN_MIN_SECONDS", 3):
        return _("The form was sent too quickly. Please check it and send it again.")
    return None


@bp.route("/verify/<number>/concern", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config.get("CONCERN_RATE_LIMIT", "5 per hour"), methods=["POST"])
def report_concern(number):
    certificate = db.session.scalar(sa.select(Certificate).where(Certificate.number == number.strip().upper())
                                    .options(joinedload(Certificate.organisation)))
    if certificate is None:
        abort(404)
    form = ConcernForm()
    if form.validate_on_submit():
        if form.website.data:  # the hidden field is filled: a bot; it is thanked and nothing is kept
            return redirect(url_for("certification.concern_received", number=certificate.number))
        problem = _started_too_recently(form.started.data, certificate.number)
        if problem is None:
            services.report_concern(certificate, form.body.data.strip(), form.contact.data,
                                    language=current_language())
            db.session.commit()
            return redirect(url_for("certification.concern_received", number=certificate.number))
        form.body.errors = [*form.body.errors, problem]
    form.started.data = _concern_signer().dumps(certificate.number)
    return render_template("certification/concern_form.html", form=form, certificate=certificate), (
        422 if form.errors else 200)


@bp.route("/verify/<number>/concern/received")
def concern_received(number):
    return render_template("certification/concern_received.html", number=number)


@bp.route("/concerns")
@login_required
def concerns():
    _require_coordinator()
    state = request.args.get("state", "")
    query = (sa.select(Concern).options(joinedload(Concern.certificate).joinedload(Certificate.organisation))
             .order_by(Concern.created_at.desc(), Concern.id.desc()))
    if state in {s.value for s in ConcernState}:
        query = query.where(Concern.state == ConcernState(state))
    pagination = db.paginate(query, page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("certification/concerns.html", pagination=pagination, state=state,
                           states=ConcernState)


@bp.route("/concerns/<int:concern_id>")
@login_required
def show_concern(concern_id):
    _require_coordinator()
    concern = get_or_404(Concern, concern_id)
    return render_template("certification/concern.html", concern=concern, reason_form=ConcernReasonForm(),
                           note_form=ConcernNoteForm(), actions=CONCERN_LIFECYCLE.allowed_actions(concern, current_user))


CONCERN_STEPS = {
    ConcernAction.acknowledge: (ConcernNoteForm, services.acknowledge_concern, _l("The concern is acknowledged.")),
    ConcernAction.investigate: (ConcernNoteForm, services.investigate_concern, _l("The concern is being investigated.")),
    ConcernAction.dismiss: (ConcernReasonForm, services.dismiss_concern, _l("The concern is dismissed.")),
    ConcernAction.suspend: (ConcernReasonForm, services.suspend_for_concern,
                            _l("The certificate is suspended and the concern upheld.")),
}


@bp.route("/concerns/<int:concern_id>/<action>", methods=["POST"])
@login_required
def triage_concern(concern_id, action):
    _require_coordinator()
    concern = get_or_404(Concern, concern_id)
    try:
        action = ConcernAction(action)
    except ValueError:
        abort(404)
    if action not in CONCERN_STEPS:
        abort(404)
    form_class, service, message = CONCERN_STEPS[action]
    CONCERN_LIFECYCLE.check(concern, action, current_user)
    form = form_class()
    if not form.validate_on_submit():
        return render_template("certification/concern.html", concern=concern, reason_form=form
                               if form_class is ConcernReasonForm else ConcernReasonForm(formdata=None),
                               note_form=form if form_class is ConcernNoteForm else ConcernNoteForm(formdata=None),
                               actions=CONCERN_LIFECYCLE.allowed_actions(concern, current_user)), 422
    service(concern, current_user, (form.reason.data or "").strip())
    return done(str(message), "certification.show_concern", concern_id=concern.id)


# -- the questionnaire editor ------------------------------------------------------------------------------
def _version_or_404(version_id):
    _require_coordinator()
    return get_or_404(QuestionnaireVersion, version_id)


@bp.route("/questionnaires")
@login_required
def questionnaires():
    _require_coordinator()
    versions = list(db.session.scalars(sa.select(QuestionnaireVersion).order_by(QuestionnaireVersion.number.desc())))
    return render_template("certification/questionnaires.html", versions=versions, form=EmptyForm())


@bp.route("/questionnaires/draft", methods=["POST"])
@login_required
def draft_questionnaire():
    _require_coordinator()
    require(EmptyForm().validate_on_submit())
    draft = services.draft_from_current()
    db.session.commit()
    return redirect(url_for("certification.edit_questionnaire", version_id=draft.id))


def _draft_or_409(version_id):
    version = _version_or_404(version_id)
    if version.is_published:
        raise Conflict(_("This version is published and cannot change; draft a new one."))
    return version


def _editor_page(template, version, form, others=(), **context):
    listed = editor.error_list(form, others) if form is not None else [(None, p, m) for p, m in others]
    return render_template(template, version=version, form=form, problems=listed, **context), 422 if listed else 200


def _saved(version, target):
    db.session.commit()
    flash(_("The draft is saved."), "success")
    return redirect(target)


@bp.route("/questionnaires/<int:version_id>/edit")
@login_required
def edit_questionnaire(version_id):
    version = _draft_or_409(version_id)
    return _editor_page("certification/questionnaire_edit.html", version, None, raw=editor.raw_of(version))


@bp.route("/questionnaires/<int:version_id>/yaml", methods=["GET", "POST"])
@login_required
def edit_questionnaire_yaml(version_id):
    version = _draft_or_409(version_id)
    form = DefinitionForm()
    if form.validate_on_submit():
        try:
            services.save_draft(version, parse_yaml(form.definition.data))
        except (DefinitionError, DomainError) as error:
            form.definition.errors.append(str(error))
        else:
            return done(_("The draft is saved. Preview it before you publish."),
                        "certification.preview_questionnaire", version_id=version.id)
    elif request.method == "GET":
        form.definition.data = definition_yaml(version.definition)
    return render_template("certification/questionnaire_yaml.html", version=version, form=form), (
        422 if form.errors else 200)


@bp.route("/questionnaires/<int:version_id>/import", methods=["GET", "POST"])
@login_required
def import_questionnaire(version_id):
    version = _draft_or_409(version_id)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            editor.import_file(version, form.file.data)
        except (DefinitionError, DomainError) as error:
            form.file.errors.append(str(error))
        else:
            return _saved(version, url_for("certification.preview_questionnaire", version_id=version.id))
    return _editor_page("certification/questionnaire_import.html", version, form)


@bp.route("/questionnaires/<int:version_id>/sections/new", methods=["GET", "POST"])
@login_required
def add_questionnaire_section(version_id):
    version = _draft_or_409(version_id)
    form, raw, others = NewSectionForm(), editor.raw_of(version), []
    if form.validate_on_submit():
        s = editor.new_section(raw, form)
        try:
            editor.save(version, raw)
        except (DefinitionError, DomainError) as error:
            others = editor.attach_errors(form, _problems(error), f"sections[{s}]", editor.SECTION_FIELDS)
        else:
            return _saved(version, url_for("certification.edit_questionnaire_section", version_id=version.id, s=s))
    return _editor_page("certification/questionnaire_section_new.html", version, form, others)


@bp.route("/questionnaires/<int:version_id>/sections/<int:s>", methods=["GET", "POST"])
@login_required
def edit_questionnaire_section(version_id, s):
    version = _draft_or_409(version_id)
    form, raw, others = SectionForm(), editor.raw_of(version), []
    section = editor.section_of(raw, s)
    if form.validate_on_submit():
        editor.apply_section(section, form)
        try:
            editor.save(version, raw)
        except (DefinitionError, DomainError) as error:
            others = editor.attach_errors(form, _problems(error), f"sections[{s}]", editor.SECTION_FIELDS)
        else:
            return _saved(version, url_for("certification.edit_questionnaire", version_id=version.id))
    elif not form.is_submitted():
        editor.fill_section_form(form, section)
    return _editor_page("certification/questionnaire_section.html", version, form, others, s=s, section=section)


@bp.route("/questionnaires/<int:version_id>/sections/<int:s>/<any(up, down, remove):action>", methods=["POST"])
@login_required
def move_questionnaire_section(version_id, s, action):
    return _move(version_id, s, None, action)


@bp.route("/questionnaires/<int:version_id>/sections/<int:s>/questions/new", methods=["GET", "POST"])
@login_required
def add_questionnaire_question(version_id, s):
    version = _draft_or_409(version_id)
    form, raw, others = NewQuestionForm(), editor.raw_of(version), []
    section = editor.section_of(raw, s)
    if form.validate_on_submit():
        q = editor.new_question(section, form)
        try:
            editor.save(version, raw)
        except (DefinitionError, DomainError) as error:
            others = editor.attach_errors(form, _problems(error), f"sections[{s}].questions[{q}]",
                                          editor.QUESTION_FIELDS)
        else:
            return _saved(version, url_for("certification.edit_questionnaire_question", version_id=version.id,
                                           s=s, q=q))
    return _editor_page("certification/questionnaire_question_new.html", version, form, others, s=s, section=section)


@bp.route("/questionnaires/<int:version_id>/sections/<int:s>/questions/<int:q>", methods=["GET", "POST"])
@login_required
def edit_questionnaire_question(version_id, s, q):
    version = _draft_or_409(version_id)
    raw, others = editor.raw_of(version), []
    question = editor.question_of(raw, s, q)
    form = QuestionForm()
    if not form.is_submitted():
        for _row in range(len(question.get("options") or []) + 2):
            form.options.append_entry()
    editor.fill_question_form(form, question, editor.earlier_keys(raw, s, q))
    if form.validate_on_submit():
        editor.apply_question(question, form)
        try:
            editor.save(version, raw)
        except (DefinitionError, DomainError) as error:
            others = editor.attach_errors(form, _problems(error), f"sections[{s}].questions[{q}]",
                                          editor.QUESTION_FIELDS)
        else:
            return _saved(version, url_for("certification.edit_questionnaire", version_id=version.id))
    return _editor_page("certification/questionnaire_question.html", version, form, others, s=s, q=q,
                        section=editor.section_of(raw, s))


@bp.route("/questionnaires/<int:version_id>/sections/<int:s>/questions/<int:q>/<any(up, down, remove):action>",
          methods=["POST"])
@login_required
def move_questionnaire_question(version_id, s, q, action):
    return _move(version_id, s, q, action)


def _problems(error):
    return error.problems if isinstance(error, DefinitionError) else [("", str(error))]


def _move(version_id, s, q, action):
    version = _draft_or_409(version_id)
    require(EmptyForm().validate_on_submit())
    raw = editor.raw_of(version)
    if q is None:
        editor.section_of(raw, s)
        editor.move(raw["sections"], s, action)
    else:
        editor.question_of(raw, s, q)
        editor.move(raw["sections"][s]["questions"], q, action)
    try:
        editor.save(version, raw)
    except (DefinitionError, DomainError) as error:
        return _editor_page("certification/questionnaire_edit.html", version, None, _problems(error),
                            raw=editor.raw_of(version))
    return _saved(version, url_for("certification.edit_questionnaire", version_id=version.id))


def definition_yaml(definition):
    return yaml.safe_dump(to_raw(definition), allow_unicode=True, sort_keys=False, width=100)


@bp.route("/questionnaires/<int:version_id>/preview")
@login_required
def preview_questionnaire(version_id):
    version = _version_or_404(version_id)
    typed = {q["key"]: typed_from_value(q, None) for _s, q in iter_questions(version.definition)}
    return render_template("certification/questionnaire_preview.html", version=version, typed=typed,
                           all_questions=version.questions(), form=EmptyForm())


@bp.route("/questionnaires/<int:version_id>/publish", methods=["POST"])
@login_required
def publish_questionnaire(version_id):
    version = _version_or_404(version_id)
    require(EmptyForm().validate_on_submit())
    services.publish_version(version)
    return done(_("Version %(number)s is published; new self-assessments use it.", number=version.number),
                "certification.questionnaires")


@bp.route("/questionnaires/<int:version_id>.yaml")
@login_required
def export_questionnaire(version_id):
    version = _version_or_404(version_id)
    response = current_app.response_class(definition_yaml(version.definition), mimetype="application/yaml")
    filename = f"{version.questionnaire.slug}-v{version.number}.yaml"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
