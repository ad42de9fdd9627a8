"""Domain actions of the certification area. They flush, never commit."""
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

import sqlalchemy as sa
from flask import current_app

from app.uploads import max_upload_bytes
from app.accounts.constants import MembershipState, OrganisationKind
from app.accounts.models import Membership, User
from app.accounts.services import coordinators
from app.certification.lifecycle import ASSESSMENT_LIFECYCLE, CERTIFICATE_LIFECYCLE, CONCERN_LIFECYCLE
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.certification.definition import NOT_APPLICABLE, iter_questions, visible_answers
from app.certification.models import (
    Answer, Assessment, AssessmentAction, AssessmentState, Band, Certificate, CertificateAction, CertificateState,
    CommentReply, Concern, ConcernAction, ConcernState, Evidence,
    Questionnaire, QuestionnaireVersion, ResponseItem, ReviewComment, SectionScoreRow, VersionState,
)
from app.certification.scoring import is_not_applicable
from app.db_types import utcnow
from app.certification import notices
from app.links import path_for
from app.notifications.services import notify
from app.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.storage import MissingFile, read_file, remove_file, store_file

DEFAULT_SLUG = "social-enterprise-readiness"
CERTIFICATE_MONTHS = 24
REMINDER_DAYS = 60
EXPIRING_DAYS = 90
EVIDENCE_TYPES = {  # extension -> (content type, magic bytes)
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


# -- questionnaires ------------------------------------------------------------
def load_definition(definition, publish=False):
    """Store a checked definition: a new version unless the newest one is identical.

    A draft newest version is replaced in place; a published one is never touched.
    Return (version, what happened).
    """
    questionnaire = db.session.scalar(sa.select(Questionnaire).where(Questionnaire.slug == definition["slug"]))
    if questionnaire is None:
        questionnaire = Questionnaire(slug=definition["slug"])
        db.session.add(questionnaire)
        db.session.flush()
    latest = questionnaire.versions[-1] if questionnaire.versions else None
    if latest is not None and latest.definition == definition:
        if publish and not latest.is_published:
            publish_version(latest)
            return latest, "published"
        return latest, "unchanged"
    if latest is not None and not latest.is_published:
        latest.definition = definition
        version, outcome = latest, "draft updated"
    else:
        version = QuestionnaireVersion(questionnaire=questionnaire, number=(latest.number + 1 if latest else 1),
                                       state=VersionState.draft, definition=definition)
        db.session.add(version)
        outcome = "draft created"
    db.session.flush()
    if publish:
        publish_version(version)
        outcome = "published"
    return version, outcome


def publish_version(version):
    """Publish a draft version; from now on it never changes."""
    if version.is_published:
        raise Conflict(_l("This version is already published."))
    version.state = VersionState.published
    version.published_at = utcnow()
    db.session.flush()


def draft_from_current(slug=DEFAULT_SLUG):
    """Return the questionnaire's draft version, starting one as a copy of the newest published if there is none."""
    current = current_version(slug)
    if current is None:
        raise DomainError(_l("No questionnaire has been published yet."))
    newest = current.questionnaire.versions[-1]
    if not newest.is_published:
        return newest
    draft = QuestionnaireVersion(questionnaire=current.questionnaire, number=newest.number + 1,
                                 state=VersionState.draft, definition=current.definition)
    db.session.add(draft)
    db.session.flush()
    return draft


def save_draft(version, definition):
    """Replace a draft version's definition with a checked one (of the same questionnaire)."""
    if version.is_published:
        raise Conflict(_l("This version is published and cannot change; draft a new one."))
    if definition["slug"] != version.questionnaire.slug:
        raise DomainError(_l("The slug must stay %(slug)s.", slug=version.questionnaire.slug))
    version.definition = definition
    db.session.flush()


def current_version(slug=DEFAULT_SLUG):
    """Return the newest published version of a questionnaire, or None."""
    return db.session.scalar(
        sa.select(QuestionnaireVersion).join(Questionnaire)
        .where(Questionnaire.slug == slug, QuestionnaireVersion.state == VersionState.published)
        .order_by(QuestionnaireVersion.number.desc()).limit(1)
    )


# -- filling in ------------------------------------------------------------------
def open_assessment_of(organisation):
    """Return the organisation's assessment that is not yet approved, if any."""
    return db.session.scalar(
        sa.select(Assessment).where(Assessment.organisation_id == organisation.id,
                                    Assessment.state != AssessmentState.approved)
        .order_by(Assessment.id.desc()).limit(1)
    )


def can_start_for(user, organisation):
    return bool(user and user.is_authenticated and organisation.kind == OrganisationKind.social_business
                and user.is_member_of(organisation))


def start_assessment(organisation, user, version=None):
    """Begin a new self-assessment on the newest published version."""
    if not can_start_for(user, organisation):
        raise NotAllowed(_l("Only members of a social business can fill in the questionnaire."))
    if open_assessment_of(organisation) is not None:
        raise Conflict(_l("%(name)s already has an assessment in progress.", name=organisation.name))
    version = version or current_version()
    if version is None:
        raise DomainError(_l("No questionnaire has been published yet."))
    assessment = Assessment(organisation=organisation, version=version, state=AssessmentState.draft,
                            created_by_id=user.id)
    ASSESSMENT_LIFECYCLE.create(assessment, AssessmentAction.start, user)
    previous = last_approved_assessment(organisation)
    if previous is not None:
        _prefill_from(previous, assessment, user)
    return assessment


def last_approved_assessment(organisation):
    """Return the organisation's newest approved assessment (the basis of a renewal), or None."""
    return db.session.scalar(
        sa.select(Assessment).where(Assessment.organisation_id == organisation.id,
                                    Assessment.state == AssessmentState.approved)
        .order_by(Assessment.id.desc()).limit(1)
    )


def _still_fits(question, value):
    """Return whether an earlier answer is still a possible answer to (a possibly changed) question."""
    options = {o["key"] for o in question.get("options") or []}
    if question["type"] in {"single", "yes_no"}:
        return value in options or value == NOT_APPLICABLE
    if question["type"] in {"multiple", "ranking"}:
        return isinstance(value, list) and set(value) <= options
    return True


def _prefill_from(previous, assessment, user):
    """Start a renewal from the last approved answers and their evidence files, where the questions still fit."""
    questions = assessment.version.questions()
    for answer in previous.answers:
        question = questions.get(answer.question_key)
        if question is not None and question["type"] == previous.version.questions().get(
                answer.question_key, {}).get("type") and _still_fits(question, answer.value):
            db.session.add(Answer(assessment=assessment, question_key=answer.question_key, value=answer.value,
                                  updated_by_id=user.id))
    for evidence in previous.evidence:
        if not (questions.get(evidence.question_key) or {}).get("evidence"):
            continue
        try:
            content = read_file(evidence_key(evidence))
        except MissingFile:
            continue
        extension = evidence.stored_name.rsplit(".", 1)[-1]
        copy = Evidence(assessment=assessment, question_key=evidence.question_key, filename=evidence.filename,
                        stored_name=f"{uuid.uuid4().hex}.{extension}", content_type=evidence.content_type,
                        size_bytes=evidence.size_bytes, uploaded_by_id=evidence.uploaded_by_id)
        store_file(evidence_key(copy), content, copy.content_type)
        db.session.add(copy)
    db.session.flush()
    db.session.refresh(assessment, ["answers", "evidence"])


def save_section(assessment, values, user):
    """Store one section's checked answers; clear emptied ones and those now hidden."""
    if not assessment.can_edit(user):
        raise NotAllowed(_l("This assessment cannot be changed now."))
    existing = {a.question_key: a for a in assessment.answers}
    now = utcnow()
    for key, value in values.items():
        answer = existing.get(key)
        if value is None:
            if answer is not None:
                assessment.answers.remove(answer)
                del existing[key]
        elif answer is None:
            existing[key] = Answer(assessment=assessment, question_key=key, value=value, updated_by_id=user.id)
            db.session.add(existing[key])
        elif answer.value != value:
            answer.value = value
            answer.updated_at = now
            answer.updated_by_id = user.id
    # Answers to questions that the new answers hide are removed everywhere.
    shown = visible_answers(assessment.version.definition, {k: a.value for k, a in existing.items()})
    for key, answer in list(existing.items()):
        if key not in shown:
            assessment.answers.remove(answer)
    assessment.updated_at = now
    db.session.flush()


@dataclass
class Progress:
    answered: int
    total: int

    @property
    def percent(self):
        return round(100 * self.answered / self.total) if self.total else 100

    @property
    def complete(self):
        return self.answered >= self.total


def progress(assessment):
    """Return (overall Progress, {section key: Progress}) over visible required questions."""
    definition = assessment.version.definition
    shown = visible_answers(definition, assessment.answer_values)
    from app.certification.definition import is_visible

    per_section = {}
    for section in definition["sections"]:
        answered = total = 0
        for question in section["questions"]:
            if not question["required"] or not is_visible(question, shown):
                continue
            total += 1
            answered += question["key"] in shown
        per_section[section["key"]] = Progress(answered, total)
    overall = Progress(sum(p.answered for p in per_section.values()), sum(p.total for p in per_section.values()))
    return overall, per_section


@dataclass
class Missing:
    section: dict
    question: dict
    what: str  # "answer" or "evidence"


def missing_items(assessment):
    """Return what must be added before the assessment can be submitted."""
    definition = assessment.version.definition
    answers = visible_answers(definition, assessment.answer_values)
    from app.certification.definition import is_visible
    from app.certification.scoring import points_for

    evidence_keys = {e.question_key for e in assessment.evidence}
    missing = []
    for section, question in iter_questions(definition):
        if not is_visible(question, answers):
            continue
        value = answers.get(question["key"])
        if value is None:
            if question["required"]:
                missing.append(Missing(section, question, "answer"))
            continue
        if (question["evidence_required"] and not is_not_applicable(question, value)
                and points_for(question, value) > 0 and question["key"] not in evidence_keys):
            missing.append(Missing(section, question, "evidence"))
    return missing


def evidence_key(evidence):
    """Return the storage key of an evidence file."""
    return f"certification/{evidence.stored_name}"


def check_evidence_file(filename, head, size):
    """Return an error message for an unacceptable upload, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EVIDENCE_TYPES:
        return _l("Upload a PDF, PNG or JPEG file.")
    if size == 0:
        return _l("The file is empty.")
    if size > max_upload_bytes():
        return _l("The file is larger than 10 MB.")
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[extension][1]):
        return _l("The file's content is not a %(kind)s file.", kind=extension.upper())
    return None


def add_evidence(assessment, question_key, upload, user):
    """Store an uploaded file as evidence for one answer; raise DomainError when it is not acceptable."""
    if not assessment.can_edit(user):
        raise NotAllowed(_l("This assessment cannot be changed now."))
    question = assessment.version.questions().get(question_key)
    if question is None or not question["evidence"]:
        raise DomainError(_l("This question takes no evidence."))
    content = upload.read(max_upload_bytes() + 1)
    filename = Path((upload.filename or "").replace("\\", "/")).name[:200] or "evidence"
    error = check_evidence_file(filename, content[:16], len(content))
    if error:
        raise DomainError(error)
    extension = filename.rsplit(".", 1)[-1].lower()
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    evidence = Evidence(assessment=assessment, question_key=question_key, filename=filename,
                        stored_name=stored_name, content_type=EVIDENCE_TYPES[extension][0],
                        size_bytes=len(content), uploaded_by_id=user.id)
    store_file(evidence_key(evidence), content, evidence.content_type)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def delete_evidence(evidence, user):
    if not evidence.can_delete(user):
        raise NotAllowed(_l("This evidence cannot be removed now."))
    remove_file(evidence_key(evidence))
    record_audit(user, AuditAction.evidence_deleted, evidence.assessment.organisation,
                 detail=f"{evidence.question_key}: {evidence.filename}")
    db.session.delete(evidence)
    db.session.flush()


# -- submitting and reviewing ---------------------------------------------------------
def submit_assessment(assessment, user):
    """Send the assessment for review; keep a snapshot of its result for lists and insights."""
    missing = missing_items(assessment)
    if missing:
        raise Conflict(_l("Some answers or evidence are still missing; see the review page."))
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.submit, user)
    result = assessment.result()
    assessment.submitted_at = utcnow()
    assessment.submitted_by_id = user.id
    assessment.total_percent = result.total
    assessment.band = Band(result.band)
    _record_insight_rows(assessment, result)
    db.session.flush()
    notify(coordinators(), notices.SUBMITTED, title=assessment.organisation.name,
           link=path_for("certification.review", assessment_id=assessment.id),
           subject=_l("%(name)s submitted a certification self-assessment", name=assessment.organisation.name),
           assessment=assessment)
    return result


def _record_insight_rows(assessment, result):
    """Make this submission the one the insights count for its organisation, with its facts."""
    of_organisation = sa.select(Assessment.id).where(Assessment.organisation_id == assessment.organisation_id)
    db.session.execute(sa.delete(SectionScoreRow).where(SectionScoreRow.assessment_id.in_(of_organisation)))
    db.session.execute(sa.delete(ResponseItem).where(ResponseItem.assessment_id.in_(of_organisation)))
    db.session.execute(
        sa.update(Assessment).where(Assessment.organisation_id == assessment.organisation_id,
                                    Assessment.id != assessment.id)
        .values(in_insights=False, insight_sector=None, insight_municipality=None)
        .execution_options(synchronize_session=False)
    )
    sector, municipality = assessment.organisation.sector, assessment.organisation.municipality
    assessment.in_insights = True
    assessment.insight_sector = sector
    assessment.insight_municipality = municipality
    for section in result.sections:
        if section.percent is not None:
            db.session.add(SectionScoreRow(assessment_id=assessment.id, section_key=section.key,
                                           percent=section.percent, sector=sector, municipality=municipality))
    definition = assessment.version.definition
    answers = visible_answers(definition, assessment.answer_values)
    for section, question in iter_questions(definition):
        if section["scored"]:
            continue
        for option_key, number in research_items(question, answers.get(question["key"])):
            db.session.add(ResponseItem(assessment_id=assessment.id, question_key=question["key"],
                                        option_key=option_key, number=number, sector=sector,
                                        municipality=municipality))


def research_items(question, value):
    """Return (option, number) pairs for one unscored answer: ranks, ticks, scale points, single choices."""
    if value is None or value == NOT_APPLICABLE:
        return []
    kind = question["type"]
    if kind == "ranking":
        return [(key, rank) for rank, key in enumerate(value, start=1)]
    if kind == "multiple":
        return [(key, None) for key in value]
    if kind in {"single", "yes_no"}:
        return [(value, None)]
    if kind == "scale":
        return [(None, int(value))]
    return []


def add_comment(assessment, user, body, question_key=None):
    """Add a reviewer's comment on one answer (or on the whole assessment)."""
    if not assessment.can_review(user):
        raise NotAllowed(_l("Only coordinators comment on submitted assessments."))
    if question_key and question_key not in assessment.version.questions():
        raise DomainError(_l("There is no such question."))
    comment = ReviewComment(assessment=assessment, question_key=question_key or None, body=body,
                            author_id=user.id, round=assessment.review_round + 1)
    db.session.add(comment)
    db.session.flush()
    return comment


def reply_to_comment(comment, user, body):
    """Add a message to the thread under a reviewer's comment; tell the other side."""
    assessment = comment.assessment
    if not assessment.can_reply(user):
        raise NotAllowed(_l("You may not write here."))
    if comment.is_resolved:
        raise Conflict(_l("This comment is resolved; a coordinator can open it again."))
    reply = CommentReply(comment=comment, body=body, author_id=user.id)
    db.session.add(reply)
    db.session.flush()
    if user.is_coordinator and not assessment._is_member(user):
        notify(_business_recipients(assessment), notices.COMMENT_REPLY, exclude=user,
               title=assessment.organisation.name, body=body,
               link=path_for("certification.show_assessment", assessment_id=assessment.id) + f"#comment-{comment.id}")
    else:
        notify(coordinators(), notices.COMMENT_REPLY, exclude=user, title=assessment.organisation.name, body=body,
               link=path_for("certification.review", assessment_id=assessment.id) + f"#comment-{comment.id}")
    return reply


def resolve_comment(comment, user, resolved=True):
    """Mark a reviewer's comment resolved (or open it again)."""
    if not comment.can_resolve(user):
        raise NotAllowed(_l("Only coordinators resolve comments."))
    comment.resolved_at = utcnow() if resolved else None
    comment.resolved_by_id = user.id if resolved else None
    db.session.flush()


def _business_recipients(assessment):
    return list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == assessment.organisation_id,
               Membership.state == MembershipState.approved, User.deleted_at.is_(None))
    ))


def request_changes(assessment, user, note):
    """Send the assessment back to the business with the reviewer's comments."""
    if not (note or "").strip() and not [c for c in assessment.comments if c.round == assessment.review_round + 1]:
        raise DomainError(_l("Write what should change, here or as comments on answers."))
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.request_changes, user, note=note or "")
    assessment.reviewed_at = utcnow()
    assessment.reviewed_by_id = user.id
    if note:
        db.session.add(ReviewComment(assessment=assessment, question_key=None, body=note, author_id=user.id,
                                     round=assessment.review_round))
    db.session.flush()
    notify(_business_recipients(assessment), notices.CHANGES_REQUESTED, title=assessment.organisation.name,
           link=path_for("certification.show_assessment", assessment_id=assessment.id), body=note or "",
           assessment=assessment, note=note)
    record_audit(user, AuditAction.changes_requested, assessment.organisation, detail=note or "")


def approve_assessment(assessment, user, today=None):
    """Approve a submitted assessment that meets the standard, and issue its certificate."""
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.approve, user, reviewed_at=utcnow(),
                               reviewed_by_id=user.id)
    return _certify(assessment, user, today)


def propose_exception(assessment, user, reason):
    """Propose certifying an assessment below the standard; a second coordinator must confirm it."""
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.propose_exception, user, note=reason,
                               exception_reason=reason, exception_proposed_by_id=user.id)
    notify(coordinators(), notices.EXCEPTION_PROPOSED, exclude=user, title=assessment.organisation.name,
           link=path_for("certification.review", assessment_id=assessment.id), body=reason)
    record_audit(user, AuditAction.assessment_approved, assessment.organisation,
                 detail=f"exception proposed: {reason}")


def confirm_exception(assessment, user, today=None, note=""):
    """Confirm another coordinator's exception: approve the assessment and issue its certificate."""
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.confirm_exception, user, note=note,
                               exception_confirmed_by_id=user.id, reviewed_at=utcnow(), reviewed_by_id=user.id)
    return _certify(assessment, user, today)


def decline_exception(assessment, user, reason):
    """Decline a proposed exception: the assessment waits for review again."""
    ASSESSMENT_LIFECYCLE.apply(assessment, AssessmentAction.decline_exception, user, note=reason,
                               exception_reason=None, exception_proposed_by_id=None)


def _certify(assessment, user, today):
    certificate = issue_certificate(assessment, user, today=today)
    record_audit(user, AuditAction.assessment_approved, assessment.organisation,
                 detail=f"certificate {certificate.number}")
    notify(_business_recipients(assessment), notices.APPROVED, title=f"{certificate.number}, {assessment.organisation.name}",
           link=path_for("certification.verify_certificate", number=certificate.number),
           subject=_l("Your business is certified: %(number)s", number=certificate.number), certificate=certificate)
    return certificate


def add_months(day, months):
    """Return the same day `months` later (the month's last day when it is shorter)."""
    return day + relativedelta(months=months)


def next_certificate_number(year):
    """Return the next number of the year, e.g. SAM-2026-0042."""
    prefix = f"SAM-{year}-"
    last = db.session.scalar(
        sa.select(sa.func.max(Certificate.number)).where(Certificate.number.like(f"{prefix}%"))
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def issue_certificate(assessment, user, today=None, months=None):
    """Issue the certificate of an approved assessment, superseding the organisation's current one.

    The old certificate leaves "valid" before the new one is written, in the same transaction; a unique
    index allows one valid certificate per organisation, so two renewals at once cannot both stand.
    Two approvals at once may pick the same next number; the unique constraint refuses the
    second, which then takes the following number (inside a savepoint, so nothing else is lost).
    """
    today = today or date.today()
    months = months or current_app.config.get("CERTIFICATE_MONTHS", CERTIFICATE_MONTHS)
    replaced = list(db.session.scalars(
        sa.select(Certificate).where(Certificate.organisation_id == assessment.organisation_id,
                                     Certificate.state.in_([CertificateState.valid, CertificateState.suspended]))
    ))
    for old in replaced:
        CERTIFICATE_LIFECYCLE.apply(old, CertificateAction.supersede, user, system=True)
    for _attempt in range(5):
        certificate = Certificate(
            number=next_certificate_number(today.year), assessment_id=assessment.id,
            organisation_id=assessment.organisation_id, issued_on=today, expires_on=add_months(today, months),
            issued_by_id=user.id,
        )
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except sa.exc.IntegrityError:
            continue
        CERTIFICATE_LIFECYCLE.record(certificate, CertificateAction.issue, user, to_state=CertificateState.valid,
                                     note=_exception_note(assessment))
        for old in replaced:
            old.superseded_by_id = certificate.id
        db.session.flush()
        db.session.refresh(assessment, ["certificate"])
        return certificate
    raise Conflict(_l("Could not number the certificate; please try again."))


def _exception_note(assessment):
    """Return the history note of a certificate issued as an exception to the standard ("" otherwise)."""
    if not assessment.exception_confirmed_by_id:
        return ""
    proposer = db.session.get(User, assessment.exception_proposed_by_id) if assessment.exception_proposed_by_id else None
    confirmer = db.session.get(User, assessment.exception_confirmed_by_id)
    return (f"Exception to the standard, proposed by {proposer.name if proposer else '?'} and confirmed by "
            f"{confirmer.name if confirmer else '?'}: {assessment.exception_reason}")


def revoke_certificate(certificate, user, reason):
    """Revoke a certificate for good, with the reason shown on its public page."""
    CERTIFICATE_LIFECYCLE.apply(certificate, CertificateAction.revoke, user, note=reason, revoked_at=utcnow(),
                                revoked_by_id=user.id, revocation_reason=reason)
    _tell_about_certificate(certificate, notices.REVOKED, reason)
    record_audit(user, AuditAction.certificate_revoked, certificate, detail=reason)


def suspend_certificate(certificate, user, reason):
    """Suspend a certificate while a concern is looked into; the registry no longer lists it."""
    CERTIFICATE_LIFECYCLE.apply(certificate, CertificateAction.suspend, user, note=reason, suspended_at=utcnow(),
                                suspension_reason=reason)
    _tell_about_certificate(certificate, notices.SUSPENDED, reason)


def reinstate_certificate(certificate, user, note=""):
    """Lift a suspension: the certificate is valid again until it expires."""
    CERTIFICATE_LIFECYCLE.apply(certificate, CertificateAction.reinstate, user, note=note, suspended_at=None,
                                suspension_reason=None)
    _tell_about_certificate(certificate, notices.REINSTATED, note)


def _tell_about_certificate(certificate, kind, note):
    notify(_business_recipients(certificate.assessment), kind,
           title=f"{certificate.number}, {certificate.organisation.name}",
           link=path_for("certification.verify_certificate", number=certificate.number), body=note or "")


def send_expiry_reminders(today=None, days=None, now=None):
    """Tell each certified business once, `days` before its certificate expires. Return how many were told.

    The reminder is marked sent in the transaction that writes its mail to the outbox.
    """
    today = today or date.today()
    days = days or current_app.config.get("CERTIFICATE_REMINDER_DAYS", REMINDER_DAYS)
    due = list(db.session.scalars(
        sa.select(Certificate).where(Certificate.state == CertificateState.valid, Certificate.reminder_sent_at.is_(None),
                                     Certificate.expires_on >= today,
                                     Certificate.expires_on <= today + timedelta(days=days))
        .order_by(Certificate.expires_on)
    ))
    sent = 0
    for certificate in due:
        # Claim the reminder, so that two runs at once send it only once.
        claimed = db.session.execute(
            sa.update(Certificate).where(Certificate.id == certificate.id, Certificate.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now or utcnow()).execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        notify(_business_recipients(certificate.assessment), notices.EXPIRING,
               title=f"{certificate.number}, {certificate.organisation.name}", link=path_for("certification.index"),
               subject=_l("Your certificate %(number)s expires on %(date)s", number=certificate.number,
                          date=certificate.expires_on.isoformat()), certificate=certificate)
        sent += 1
    return sent + send_expiry_notices(today=today, now=now)


def send_expiry_notices(today=None, now=None):
    """Tell each business once that its certificate has expired; record it on the certificate's history."""
    today = today or date.today()
    expired = list(db.session.scalars(
        sa.select(Certificate).where(Certificate.state == CertificateState.valid, Certificate.expires_on < today,
                                     Certificate.expiry_notice_sent_at.is_(None))
        .order_by(Certificate.expires_on)
    ))
    told = 0
    for certificate in expired:
        claimed = db.session.execute(
            sa.update(Certificate).where(Certificate.id == certificate.id, Certificate.expiry_notice_sent_at.is_(None))
            .values(expiry_notice_sent_at=now or utcnow()).execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        CERTIFICATE_LIFECYCLE.record(certificate, CertificateAction.expire, None, from_state=CertificateState.valid,
                                     to_state=CertificateState.valid)
        notify(_business_recipients(certificate.assessment), notices.EXPIRED,
               title=f"{certificate.number}, {certificate.organisation.name}", link=path_for("certification.index"),
               subject=_l("Your certificate %(number)s expired on %(date)s", number=certificate.number,
                          date=certificate.expires_on.isoformat()), certificate=certificate)
        told += 1
    return told


def expiring_certificates(today=None, days=EXPIRING_DAYS):
    """Return the valid certificates that expire within `days`, soonest first."""
    today = today or date.today()
    return (sa.select(Certificate).where(Certificate.state == CertificateState.valid, Certificate.expires_on >= today,
                                         Certificate.expires_on <= today + timedelta(days=days))
            .order_by(Certificate.expires_on, Certificate.id))


def businesses_of(user):
    """Return the social businesses the person belongs to."""
    if not user or not user.is_authenticated:
        return []
    return user.organisations_of_kind(OrganisationKind.social_business)



def certified_organisation_ids(organisation_ids, today=None):
    """Return the organisations among `organisation_ids` that hold a valid, unrevoked certificate today."""
    today = today or date.today()
    ids = set(organisation_ids)
    if not ids:
        return set()
    query = sa.select(Certificate.organisation_id).where(
        Certificate.state == CertificateState.valid, Certificate.issued_on <= today, Certificate.expires_on >= today)
    if len(ids) > NAMED_ORGANISATIONS:  # a match list's thousands of businesses: every valid certificate, then ours
        return set(db.session.scalars(query)) & ids
    return set(db.session.scalars(query.where(Certificate.organisation_id.in_(sorted(ids)))))


NAMED_ORGANISATIONS = 200  # beyond this many, naming them in the query costs more than reading every valid one


# -- concerns from the public ----------------------------------------------------------------------------
def report_concern(certificate, body, contact=None, language="sv"):
    """Record a concern from anyone (no account) about a certified business; tell the coordinators."""
    concern = Concern(certificate_id=certificate.id, body=body, contact=(contact or "").strip() or None,
                      state=ConcernState.received, language=language)
    CONCERN_LIFECYCLE.create(concern, ConcernAction.report, None)
    notify(coordinators(), notices.CONCERN_RECEIVED, title=f"{certificate.number}, {certificate.organisation.name}",
           link=path_for("certification.show_concern", concern_id=concern.id), body=body[:500])
    return concern


def acknowledge_concern(concern, user, note=""):
    """Say that a coordinator has seen the concern and will look at it."""
    CONCERN_LIFECYCLE.apply(concern, ConcernAction.acknowledge, user, note=note)


def investigate_concern(concern, user, note=""):
    """Mark the concern as being investigated."""
    CONCERN_LIFECYCLE.apply(concern, ConcernAction.investigate, user, note=note)


def dismiss_concern(concern, user, reason):
    """Dismiss the concern with the reason; the reporter, if they left an address, hears the outcome."""
    CONCERN_LIFECYCLE.apply(concern, ConcernAction.dismiss, user, note=reason, outcome=reason)
    _tell_reporter(concern, reason)


def suspend_for_concern(concern, user, reason):
    """Uphold the concern: suspend the certificate (the business is told) and tell the reporter."""
    CONCERN_LIFECYCLE.apply(concern, ConcernAction.suspend, user, note=reason, outcome=reason)
    suspend_certificate(concern.certificate, user, reason)
    _tell_reporter(concern, reason)


def _tell_reporter(concern, outcome):
    address = concern.contact_email
    if not address:
        return
    from app.email import queue_email
    from app.notifications.services import absolute

    queue_email(address, _l("The outcome of your concern about %(name)s", name=concern.certificate.organisation.name),
                "certification/email/concern_outcome", locale=concern.language, concern=concern, outcome=outcome,
                link=absolute(path_for("certification.verify_certificate", number=concern.certificate.number)))
    concern.reporter_told_at = utcnow()
    concern.contact = None  # the address served only to tell the outcome
    db.session.flush()

