"""Routes of the challenge area: thin; services act, queries read, the models' methods decide who may."""
import json

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.uploads import max_upload_bytes
from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation, User
from app.challenges import bp, queries, services
from app.challenges.anonymise import anonymised, names_in_text, names_of, proposal_code
from app.challenges.figures import sectors_taking_part
from app.challenges.constants import (
    BLIND_STAGES,
    MIN_REVIEWS,
    ConflictDecision,
    Outcome,
    PilotAction,
    ProcurementRoute,
    ProposalState,
    Recommendation,
    Stage,
)
from app.challenges.forms import (
    AnswerForm,
    AttachmentForm,
    ChallengeForm,
    ConflictDecisionForm,
    CorrectionForm,
    CriterionForm,
    CycleForm,
    DeclareConflictsForm,
    DecisionForm,
    EligibilityForm,
    InviteJurorForm,
    LinkSessionForm,
    MilestoneForm,
    NoteForm,
    PilotForm,
    QuestionForm,
    ResultsForm,
    VoteForm,
    answer_field_name,
    proposal_form_for,
    review_form_data,
    review_form_for,
)
from app.challenges.lifecycle import CHALLENGE_LIFECYCLE, PILOT_LIFECYCLE, PROPOSAL_LIFECYCLE
from app.challenges.models import (
    Challenge,
    ChallengeCycle,
    ChallengeQuestion,
    Conflict,
    Criterion,
    Pilot,
    Proposal,
    ProposalAttachment,
)
from app.csv_export import csv_response
from app.extensions import db
from app.forms import EmptyForm, choices
from app.i18n import gettext as _
from app.pagecache import public_page
from app.routing import done, get_or_404, int_arg, refused, require
from app.uploads import send_stored

PROPOSER_KINDS = {OrganisationKind.social_business, OrganisationKind.community_group}


def _cycle(cycle_id):
    return get_or_404(ChallengeCycle, cycle_id)


def _challenge(challenge_id):
    challenge = db.session.scalar(sa.select(Challenge).where(Challenge.id == challenge_id).options(
        selectinload(Challenge.co_owners), selectinload(Challenge.organisation), selectinload(Challenge.cycle)))
    if challenge is None:
        abort(404)
    return challenge


def _proposal(proposal_id):
    proposal = db.session.scalar(sa.select(Proposal).where(Proposal.id == proposal_id).options(
        selectinload(Proposal.partners), selectinload(Proposal.organisation), selectinload(Proposal.attachments),
        selectinload(Proposal.challenge).selectinload(Challenge.cycle)))
    if proposal is None:
        abort(404)
    return proposal


# -- public -----------------------------------------------------------------------------------
@bp.route("/")
@public_page()
def index():
    """The current cycle, and the earlier ones."""
    cycle = queries.current_cycle()
    if cycle is None:
        return render_template("challenges/index.html", cycle=None, cycles=[],
                               can_manage=bool(current_user.is_authenticated and current_user.is_coordinator))
    return _cycle_page(cycle.id)


@bp.route("/cycles/<int:cycle_id>")
@public_page()
def show_cycle(cycle_id):
    """A cycle's phase and dates, its published challenges and, once announced, its results."""
    return _cycle_page(cycle_id)


def _cycle_page(cycle_id):
    cycle = _cycle(cycle_id)
    challenges = queries.public_challenges(cycle)
    counts = queries.proposal_counts([c.id for c in challenges])
    results = queries.announced_results(cycle) if cycle.is_announced else []
    return render_template(
        "challenges/cycle.html", cycle=cycle, challenges=challenges, counts=counts, results=results,
        pilots=queries.pilots_of(cycle) if cycle.is_announced else [], cycles=queries.cycles(),
        votes=queries.vote_counts(cycle) if cycle.peoples_choice and cycle.is_announced else {},
        can_manage=cycle.can_manage(current_user), juror=cycle.juror_of(current_user),
        sectors=sectors_taking_part(cycle.id),
        can_draft=bool(current_user.is_authenticated and current_user.is_stakeholder_member and cycle.takes_challenges))


@bp.route("/c/<int:challenge_id>")
@public_page()
def show_challenge(challenge_id):
    """A challenge's public page with its questions and answers."""
    challenge = _challenge(challenge_id)
    require(challenge.can_view(current_user))
    questions = [q for q in challenge.questions if q.answer or challenge.can_answer(current_user)]
    return render_template(
        "challenges/challenge.html", challenge=challenge, questions=questions, question_form=QuestionForm(),
        answer_form=AnswerForm(), note_form=NoteForm(), button=EmptyForm(),
        actions=CHALLENGE_LIFECYCLE.allowed_actions(challenge, current_user),
        proposals=queries.proposals_of(current_user) if current_user.is_authenticated else [])


@bp.route("/c/<int:challenge_id>/questions", methods=["POST"])
@login_required
def ask_question(challenge_id):
    challenge = _challenge(challenge_id)
    require(challenge.can_ask(current_user))
    form = QuestionForm()
    if not form.validate_on_submit():
        return refused(_("Write your question."), "challenges.show_challenge", challenge_id=challenge.id)
    services.ask_question(challenge, current_user, form.question.data)
    return done(_("Your question was sent. The answer will be shown on this page."), "challenges.show_challenge",
                 challenge_id=challenge.id)


@bp.route("/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def answer_question(question_id):
    question = get_or_404(ChallengeQuestion, question_id)
    require(question.challenge.can_answer(current_user))
    form = AnswerForm()
    if not form.validate_on_submit():
        return refused(_("Write the answer."), "challenges.show_challenge", challenge_id=question.challenge_id)
    services.answer_question(question, current_user, form.answer.data)
    return done(_("The answer is published."), "challenges.show_challenge", challenge_id=question.challenge_id)


def _challenge_rows(cycle):
    return [{"id": c.id, "cycle": cycle.year, "title": c.title, "owner": c.organisation.name,
             "co_owners": [o.name for o in c.co_owners], "problem": c.problem, "budget_min_sek": c.budget_min,
             "budget_max_sek": c.budget_max, "pilot_months": c.pilot_months, "municipalities": c.municipalities,
             "sdg_goals": c.sdg_targets, "success_indicators": c.success_indicators,
             "indicator_codes": list(c.indicator_refs or []),
             "procurement_route": c.procurement_route.value, "state": c.state.value}
            for c in queries.public_challenges(cycle)]


def _result_rows(cycle):
    if not cycle.is_announced:
        return []
    rows = []
    for p in queries.announced_results(cycle):
        decision = p.latest_decision()
        rows.append({"proposal": p.title, "organisation": p.organisation.name, "challenge": p.challenge.title,
                     "challenge_id": p.challenge_id, "outcome": decision.outcome.value if decision else p.state.value,
                     "rationale": decision.rationale if decision else ""})
    return rows


@bp.route("/cycles/<int:cycle_id>/<any(challenges, results):what>.<any(csv, json):fmt>")
@public_page()
def open_data(cycle_id, what, fmt):
    """Challenges and results as CSV or JSON: organisations' names and texts only, no personal data."""
    cycle = _cycle(cycle_id)
    rows = _challenge_rows(cycle) if what == "challenges" else _result_rows(cycle)
    if fmt == "json":
        body = json.dumps({"cycle": cycle.year, "theme": cycle.theme, what: rows}, ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    header = list(rows[0]) if rows else (["id", "title", "owner"] if what == "challenges"
                                         else ["proposal", "organisation", "challenge", "outcome", "rationale"])
    values = [[", ".join(map(str, v)) if isinstance(v, list) else v for v in row.values()] for row in rows]
    return csv_response(f"challenge-{cycle.year}-{what}.csv", header, values)


# -- cycles and rubric (coordinators) ---------------------------------------------------------
@bp.route("/cycles/new", methods=["GET", "POST"])
@login_required
def new_cycle():
    require(current_user.is_coordinator)
    form = CycleForm()
    if form.validate_on_submit():
        if db.session.scalar(sa.select(ChallengeCycle.id).where(ChallengeCycle.year == form.year.data)):
            form.year.errors.append(_("There is already a cycle for that year."))
        else:
            cycle = services.create_cycle(current_user, **form.values())
            return done(_("The cycle is created. Add its rubric next."), "challenges.rubric", cycle_id=cycle.id)
    return render_template("challenges/cycle_form.html", form=form, cycle=None)


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@login_required
def edit_cycle(cycle_id):
    cycle = _cycle(cycle_id)
    require(cycle.can_manage(current_user))
    form = CycleForm(obj=cycle)
    if form.validate_on_submit():
        other = db.session.scalar(sa.select(ChallengeCycle.id).where(ChallengeCycle.year == form.year.data,
                                                                     ChallengeCycle.id != cycle.id))
        if other:
            form.year.errors.append(_("There is already a cycle for that year."))
        else:
            services.update_cycle(cycle, **form.values())
            return done(_("The cycle is saved."), "challenges.show_cycle", cycle_id=cycle.id)
    return render_template("challenges/cycle_form.html", form=form, cycle=cycle)


@bp.route("/cycles/<int:cycle_id>/rubric", methods=["GET", "POST"])
@login_required
def rubric(cycle_id):
    """The rubric of each stage; coordinators add and remove criteria before the jury scores."""
    cycle = _cycle(cycle_id)
    require(cycle.can_manage(current_user))
    form = CriterionForm()
    if form.validate_on_submit():
        services.add_criterion(cycle, stage=Stage(form.stage.data), name=form.name.data, question=form.question.data,
                               description=form.description.data, levels=form.levels.data,
                               weight=form.weight.data, scale_max=form.scale_max.data, is_gate=form.is_gate.data)
        return done(_("The criterion is added."), "challenges.rubric", cycle_id=cycle.id)
    return render_template("challenges/rubric.html", cycle=cycle, form=form, button=EmptyForm(),
                           stages=[(s, cycle.criteria_of(s)) for s in Stage])


@bp.route("/criteria/<int:criterion_id>/remove", methods=["POST"])
@login_required
def remove_criterion(criterion_id):
    criterion = get_or_404(Criterion, criterion_id)
    require(criterion.cycle.can_manage(current_user) and EmptyForm().validate_on_submit())
    cycle_id = criterion.cycle_id
    services.remove_criterion(criterion)
    return done(_("The criterion is removed."), "challenges.rubric", cycle_id=cycle_id)


# -- challenges (stakeholder members, reviewed by coordinators) -------------------------------
def _challenge_form(challenge=None, cycle=None):
    established = queries.organisation_choices(current_user, {OrganisationKind.established})
    own = {i for i, _n in established}
    others = [(o.id, o.name) for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.established).order_by(Organisation.name))
        if o.id not in own or (challenge and o.id != challenge.organisation_id)]
    form = ChallengeForm(obj=challenge, organisations=established, others=others)
    if challenge is not None and request.method == "GET":
        form.organisation.data = challenge.organisation_id
        form.co_owners.data = [o.id for o in challenge.co_owners]
        form.procurement_route.data = challenge.procurement_route.value
    return form


def _challenge_values(form):
    return dict(title=form.title.data, problem=form.problem.data, affected=form.affected.data,
                pilot_plan=form.pilot_plan.data, budget_min=form.budget_min.data, budget_max=form.budget_max.data,
                pilot_months=form.pilot_months.data, municipalities=form.municipalities.data or [],
                sdg_targets=form.sdg_targets.data or [], success_indicators=form.success_indicators.data,
                indicator_refs=form.indicator_refs.data or [],
                procurement_route=ProcurementRoute(form.procurement_route.data),
                procurement_note=form.procurement_note.data, language=form.language.data or "sv")


def _organisations(ids):
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(list(ids or [])))))


@bp.route("/cycles/<int:cycle_id>/challenges/new", methods=["GET", "POST"])
@login_required
def new_challenge(cycle_id):
    cycle = _cycle(cycle_id)
    require(current_user.is_stakeholder_member)
    if not cycle.takes_challenges:
        abort(409, description=_("The cycle no longer takes challenges."))
    form = _challenge_form(cycle=cycle)
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data)
        challenge = services.create_challenge(cycle, organisation, current_user,
                                              co_owners=_organisations(form.co_owners.data), **_challenge_values(form))
        return done(_("Your draft is saved. Send it for review when it is ready."), "challenges.show_challenge",
                     challenge_id=challenge.id)
    return render_template("challenges/challenge_form.html", form=form, cycle=cycle, challenge=None)


@bp.route("/c/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit_challenge(challenge_id):
    challenge = _challenge(challenge_id)
    require(challenge.can_edit(current_user))
    form = _challenge_form(challenge)
    form.organisation.choices = choices([(challenge.organisation_id, challenge.organisation.name)])
    if form.validate_on_submit():
        services.update_challenge(challenge, current_user, co_owners=_organisations(form.co_owners.data),
                                  **_challenge_values(form))
        return done(_("The challenge is saved."), "challenges.show_challenge", challenge_id=challenge.id)
    return render_template("challenges/challenge_form.html", form=form, cycle=challenge.cycle, challenge=challenge)


@bp.route("/c/<int:challenge_id>/<any(submit, publish, close, withdraw):step>", methods=["POST"])
@login_required
def move_challenge(challenge_id, step):
    """Send for review, publish, close or withdraw a challenge."""
    challenge = _challenge(challenge_id)
    require(EmptyForm().validate_on_submit())
    verb = {"submit": services.submit_challenge, "publish": services.publish_challenge,
            "close": services.close_challenge, "withdraw": services.withdraw_challenge}[step]
    verb(challenge, current_user)
    return done(str(challenge.state.label), "challenges.show_challenge", challenge_id=challenge.id)


@bp.route("/c/<int:challenge_id>/request-changes", methods=["POST"])
@login_required
def request_changes(challenge_id):
    challenge = _challenge(challenge_id)
    form = NoteForm()
    note = form.note.data if form.validate_on_submit() else ""
    services.request_challenge_changes(challenge, current_user, note or "")
    return done(_("The owner is asked for changes."), "challenges.show_challenge", challenge_id=challenge.id)


# -- proposals --------------------------------------------------------------------------------
def _proposal_form(challenge, proposal=None):
    cycle = challenge.cycle
    criteria = [c for c in cycle.criteria if not c.is_gate]
    own = queries.organisation_choices(current_user, PROPOSER_KINDS, exclude=challenge.owner_ids)
    exclude = set(challenge.owner_ids) | ({proposal.organisation_id} if proposal else set())
    others = queries.all_organisations(exclude=exclude)
    form = proposal_form_for(criteria, obj=proposal, organisations=own, others=others)
    if proposal is not None and request.method == "GET":
        form.organisation.data = proposal.organisation_id
        form.partners.data = [o.id for o in proposal.partners]
        for criterion in criteria:
            name = answer_field_name(criterion)
            if name in form:
                form[name].data = (proposal.criterion_answers or {}).get(str(criterion.id), "")
    return form, criteria


def _answers(form, criteria):
    return {str(c.id): form[answer_field_name(c)].data or "" for c in criteria if answer_field_name(c) in form}


@bp.route("/c/<int:challenge_id>/propose", methods=["GET", "POST"])
@login_required
def new_proposal(challenge_id):
    challenge = _challenge(challenge_id)
    require(challenge.can_propose(current_user))
    form, criteria = _proposal_form(challenge)
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data)
        proposal = services.create_proposal(challenge, organisation, current_user,
                                            partners=_organisations(form.partners.data),
                                            criterion_answers=_answers(form, criteria), **form.values())
        return done(_("Your draft is saved. You can change it until the deadline."), "challenges.show_proposal",
                     proposal_id=proposal.id)
    return render_template("challenges/proposal_form.html", form=form, challenge=challenge, proposal=None,
                           criteria=criteria)


@bp.route("/p/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id):
    proposal = _proposal(proposal_id)
    require(proposal.can_edit(current_user))
    form, criteria = _proposal_form(proposal.challenge, proposal)
    form.organisation.choices = choices([(proposal.organisation_id, proposal.organisation.name)])
    if form.validate_on_submit():
        services.update_proposal(proposal, current_user, partners=_organisations(form.partners.data),
                                 criterion_answers=_answers(form, criteria), **form.values())
        return done(_("Your proposal is saved."), "challenges.show_proposal", proposal_id=proposal.id)
    return render_template("challenges/proposal_form.html", form=form, challenge=proposal.challenge,
                           proposal=proposal, criteria=criteria)


@bp.route("/p/<int:proposal_id>")
@login_required
def show_proposal(proposal_id):
    """A proposal for its applicant and coordinators: the text, the warning about names, feedback."""
    proposal = _proposal(proposal_id)
    require(proposal.can_view(current_user))
    cycle = proposal.challenge.cycle
    names = names_of(proposal)
    return render_template(
        "challenges/proposal.html", proposal=proposal, cycle=cycle, names_found=names_in_text(proposal, names),
        blind=anonymised(proposal, names), criteria={str(c.id): c for c in cycle.criteria},
        actions=[a for a in PROPOSAL_LIFECYCLE.allowed_actions(proposal, current_user)
                 if a.value in ("submit", "withdraw")],
        button=EmptyForm(), attachment_form=AttachmentForm(), eligibility_form=EligibilityForm(),
        feedback=queries.feedback(proposal) if proposal.can_read_feedback(current_user) or cycle.can_chair(
            current_user) and cycle.is_announced else None,
        checks=proposal_checks(proposal), sessions=linked_sessions(proposal),
        session_form=_session_form() if proposal.can_link_support(current_user) else None)


def proposal_checks(proposal):
    from app.challenges.models import EligibilityCheck

    return list(db.session.scalars(sa.select(EligibilityCheck).where(EligibilityCheck.proposal_id == proposal.id)
                                   .options(selectinload(EligibilityCheck.checked_by))))


def linked_sessions(proposal):
    from app.challenges.models import proposal_sessions
    from app.colabs.models import ColabSession

    return list(db.session.scalars(sa.select(ColabSession).join(
        proposal_sessions, proposal_sessions.c.session_id == ColabSession.id)
        .where(proposal_sessions.c.proposal_id == proposal.id).order_by(ColabSession.starts_at)))


def _session_form():
    from app.colabs.constants import SessionState
    from app.colabs.models import ColabSession

    form = LinkSessionForm()
    form.session.choices = choices((s.id, s.title) for s in db.session.scalars(
        sa.select(ColabSession).where(ColabSession.state != SessionState.cancelled)
        .order_by(ColabSession.starts_at.desc()).limit(200)))
    return form


@bp.route("/p/<int:proposal_id>/<any(submit, withdraw):step>", methods=["POST"])
@login_required
def move_proposal(proposal_id, step):
    proposal = _proposal(proposal_id)
    require(EmptyForm().validate_on_submit())
    if step == "submit":
        services.submit_proposal(proposal, current_user)
        message = _("Your proposal is submitted. You can still change it until the deadline.")
    else:
        services.withdraw_proposal(proposal, current_user)
        message = _("Your proposal is withdrawn.")
    return done(message, "challenges.show_proposal", proposal_id=proposal.id)


@bp.route("/p/<int:proposal_id>/attachments", methods=["POST"])
@login_required
def add_attachment(proposal_id):
    proposal = _proposal(proposal_id)
    require(proposal.can_edit(current_user))
    form = AttachmentForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        return refused(_("Choose a PDF file."), "challenges.show_proposal", proposal_id=proposal.id)
    try:
        data = upload.stream.read(max_upload_bytes() + 1)
    finally:
        upload.close()
    services.add_attachment(proposal, current_user, upload.filename, data, free_of_names=form.free_of_names.data)
    return done(_("The file is attached."), "challenges.show_proposal", proposal_id=proposal.id)


@bp.route("/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove_attachment(attachment_id):
    attachment = get_or_404(ProposalAttachment, attachment_id)
    require(attachment.proposal.can_edit(current_user) and EmptyForm().validate_on_submit())
    proposal_id = attachment.proposal_id
    services.remove_attachment(attachment, current_user)
    return done(_("The file is removed."), "challenges.show_proposal", proposal_id=proposal_id)


def _send(attachment, filename):
    return send_stored(attachment.storage_key, attachment.content_type, filename)


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download_attachment(attachment_id):
    """The applicant's and coordinators' download, under the file's own name."""
    attachment = get_or_404(ProposalAttachment, attachment_id)
    require(attachment.proposal.can_view(current_user))
    return _send(attachment, attachment.filename)


@bp.route("/p/<int:proposal_id>/eligibility", methods=["POST"])
@login_required
def check_eligibility(proposal_id):
    proposal = _proposal(proposal_id)
    require(proposal.can_check_eligibility(current_user))
    form = EligibilityForm()
    if not form.validate_on_submit():
        return refused(_("Say whether the proposal is eligible."), "challenges.show_proposal", proposal_id=proposal.id)
    services.check_eligibility(proposal, current_user, form.passed.data == "yes", form.note.data or "")
    return done(_("Your check is recorded."), "challenges.show_proposal", proposal_id=proposal.id)


# -- the jury ---------------------------------------------------------------------------------
@bp.route("/cycles/<int:cycle_id>/jurors", methods=["GET", "POST"])
@login_required
def jurors(cycle_id):
    """The chair's page of jurors, their conflicts and the assignment."""
    cycle = _cycle(cycle_id)
    require(cycle.can_chair(current_user))
    form = InviteJurorForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == form.email.data.lower(),
                                                       User.deleted_at.is_(None)))
        if user is None:
            form.email.errors.append(_("Nobody has an account with this address. Ask them to sign up first."))
        else:
            services.invite_juror(cycle, user, current_user)
            return done(_("%(name)s is invited to the jury.", name=user.name), "challenges.jurors", cycle_id=cycle.id)
    return render_template("challenges/jurors.html", cycle=cycle, form=form, jurors=queries.cycle_jurors(cycle),
                           conflicts=queries.cycle_conflicts(cycle), decision_form=ConflictDecisionForm(),
                           button=EmptyForm(), stages=list(Stage))


@bp.route("/cycles/<int:cycle_id>/assign", methods=["POST"])
@login_required
def assign(cycle_id):
    cycle = _cycle(cycle_id)
    require(cycle.can_chair(current_user) and EmptyForm().validate_on_submit())
    stage = Stage(request.form.get("stage")) if request.form.get("stage") in {s.value for s in Stage} else None
    if stage is None:
        abort(400)
    short = services.assign_jurors(cycle, stage)
    db.session.commit()
    if short:
        flash(_("%(count)d proposals have fewer than %(min)d jurors without a conflict: invite more jurors.",
                count=len(short), min=MIN_REVIEWS), "error")
    else:
        flash(_("Every proposal has at least %(min)d jurors without a conflict.", min=MIN_REVIEWS), "success")
    return redirect(url_for("challenges.jurors", cycle_id=cycle.id))


@bp.route("/conflicts/<int:conflict_id>/decide", methods=["POST"])
@login_required
def decide_conflict(conflict_id):
    conflict = get_or_404(Conflict, conflict_id)
    require(conflict.juror.cycle.can_chair(current_user))
    form = ConflictDecisionForm()
    if not form.validate_on_submit():
        return refused(_("Choose recused or waived and give the reason."), "challenges.jurors",
                       cycle_id=conflict.juror.cycle_id)
    services.decide_conflict(conflict, current_user, ConflictDecision(form.decision.data), form.reason.data)
    return done(_("The decision on the conflict is recorded."), "challenges.jurors",
                 cycle_id=conflict.juror.cycle_id)


@bp.route("/cycles/<int:cycle_id>/jury", methods=["GET", "POST"])
@login_required
def jury(cycle_id):
    """A juror's page: first the declaration of conflicts, then the proposals assigned to them."""
    cycle = _cycle(cycle_id)
    juror = cycle.juror_of(current_user)
    require(juror is not None)
    form = DeclareConflictsForm()
    organisations = [] if juror.has_declared else services.organisations_taking_part(cycle)
    form.organisations.choices = choices((o.id, o.name) for o in organisations)
    if not juror.has_declared and form.validate_on_submit():
        services.declare_conflicts(juror, form.organisations.data or [], form.reason.data or "")
        return done(_("Thank you. Your declaration is recorded."), "challenges.jury", cycle_id=cycle.id)
    stage = cycle.stage
    assignments = queries.juror_assignments(juror, stage) if juror.has_declared and stage else []
    blocked = queries.blocking_conflicts_of(juror)
    assignments = [a for a in assignments if a.proposal_id not in blocked]
    return render_template("challenges/jury.html", cycle=cycle, juror=juror, form=form, stage=stage,
                           assignments=assignments, code=proposal_code)


def _review_criteria(cycle, stage):
    return [c for c in cycle.criteria_of(stage) if not c.is_gate]


@bp.route("/jury/p/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def review_proposal(proposal_id):
    """An assigned proposal, anonymised in blind stages, with the juror's scores and comments."""
    proposal = _proposal(proposal_id)
    cycle = proposal.challenge.cycle
    stage = cycle.stage
    assignment = services.juror_assignment(current_user, proposal, stage)
    criteria = _review_criteria(cycle, assignment.stage)
    review = assignment.review
    form = review_form_for(criteria, data=review_form_data(review) if request.method == "GET" else None)
    if form.validate_on_submit():
        submit = request.form.get("submit_review") == "1"
        services.save_review(
            assignment, current_user, {c.id: form[f"score_{c.id}"].data for c in criteria},
            {c.id: form[f"comment_{c.id}"].data or "" for c in criteria},
            Recommendation(form.recommendation.data) if form.recommendation.data else None,
            form.note_to_chair.data or "", submit=submit)
        return done(_("Your review is submitted.") if submit else _("Your draft is saved."),
                     "challenges.jury", cycle_id=cycle.id)
    blind = assignment.stage in BLIND_STAGES
    attachments = [a for a in proposal.attachments if a.free_of_names or not blind]
    return render_template("challenges/review.html", proposal=proposal, cycle=cycle, assignment=assignment,
                           review=review, form=form, criteria=criteria, blind=blind,
                           text=anonymised(proposal) if blind else proposal, attachments=attachments,
                           code=proposal_code(proposal))


@bp.route("/jury/attachments/<int:attachment_id>")
@login_required
def juror_attachment(attachment_id):
    """A juror's download: in blind stages only files without names, under a neutral name."""
    attachment = get_or_404(ProposalAttachment, attachment_id)
    proposal = attachment.proposal
    assignment = services.juror_assignment(current_user, proposal, proposal.challenge.cycle.stage)
    blind = assignment.stage in BLIND_STAGES
    require(attachment.free_of_names or not blind)
    return _send(attachment, attachment.anonymous_filename if blind else attachment.filename)


# -- results and decisions (the chair) --------------------------------------------------------
@bp.route("/cycles/<int:cycle_id>/chair")
@login_required
def chair(cycle_id):
    """The chair's page: challenges to review, and each proposal's figures and decisions per stage."""
    cycle = _cycle(cycle_id)
    require(cycle.can_chair(current_user))
    challenge_id = int_arg("challenge")
    stage = Stage(request.args["stage"]) if request.args.get("stage") in {s.value for s in Stage} else (
        cycle.stage or Stage.review)
    proposals = queries.chair_proposals(cycle, challenge_id)
    results = queries.stage_results(cycle, stage, [p.id for p in proposals])
    juror = cycle.juror_of(current_user)
    hidden = queries.blocking_conflicts_of(juror) if juror else set()
    return render_template(
        "challenges/chair.html", cycle=cycle, stage=stage, proposals=proposals, results=results, hidden=hidden,
        counts=queries.assignment_counts(cycle.id, stage, [p.id for p in proposals]),
        challenges=queries.challenges_to_review(cycle),
        challenge_id=challenge_id, button=EmptyForm(), stages=list(Stage), min_reviews=MIN_REVIEWS)


def _decidable(proposal):
    cycle = proposal.challenge.cycle
    require(proposal.can_decide(current_user))
    juror = cycle.juror_of(current_user)
    if juror and proposal.id in queries.blocking_conflicts_of(juror):
        abort(403)
    return cycle


@bp.route("/p/<int:proposal_id>/decide", methods=["GET", "POST"])
@login_required
def decide(proposal_id):
    """Record the jury's decision on a proposal, with its rationale (and an override under 3 reviews)."""
    proposal = _proposal(proposal_id)
    cycle = _decidable(proposal)
    stage = cycle.stage or Stage.review
    result = queries.stage_results(cycle, stage, [proposal.id])[proposal.id]
    form, correction = DecisionForm(), CorrectionForm()
    if not cycle.is_announced and form.validate_on_submit():
        services.decide(proposal, current_user, stage, Outcome(form.outcome.data), form.rationale.data,
                        form.override_reason.data or "", reviews_counted=result.count)
        return done(_("The decision is recorded."), "challenges.chair", cycle_id=cycle.id,
                     challenge=proposal.challenge_id)
    return render_template("challenges/decide.html", proposal=proposal, cycle=cycle, stage=stage, result=result,
                           form=form, correction=correction, min_reviews=MIN_REVIEWS,
                           reviews=_reviews_for_chair(proposal, stage))


def _reviews_for_chair(proposal, stage):
    from app.challenges.models import JuryAssignment, Review

    return list(db.session.scalars(
        sa.select(Review).join(JuryAssignment).where(JuryAssignment.proposal_id == proposal.id, JuryAssignment.stage == stage)
        .options(selectinload(Review.scores), selectinload(Review.assignment)).order_by(Review.id)))


@bp.route("/p/<int:proposal_id>/correct", methods=["POST"])
@login_required
def correct(proposal_id):
    proposal = _proposal(proposal_id)
    cycle = _decidable(proposal)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return refused(_("Write the correction."), "challenges.decide", proposal_id=proposal.id)
    services.correct_decision(proposal, current_user, form.rationale.data)
    return done(_("The correction is added to the record."), "challenges.chair", cycle_id=cycle.id)


@bp.route("/cycles/<int:cycle_id>/announce", methods=["POST"])
@login_required
def announce(cycle_id):
    cycle = _cycle(cycle_id)
    require(cycle.can_chair(current_user) and EmptyForm().validate_on_submit())
    services.announce_results(cycle, current_user)
    return done(_("The results are announced; every applicant gets their feedback."), "challenges.show_cycle",
                 cycle_id=cycle.id)


@bp.route("/cycles/<int:cycle_id>/vote", methods=["GET", "POST"])
@login_required
def vote(cycle_id):
    """The people's choice: one vote per person and cycle, among the finalists."""
    cycle = _cycle(cycle_id)
    require(cycle.voting_open)
    finalists = [p for p in queries.chair_proposals(cycle) if p.state == ProposalState.finalist]
    form = VoteForm()
    form.proposal.choices = choices((p.id, f"{p.title} ({p.organisation.name})") for p in finalists)
    if form.validate_on_submit():
        services.cast_vote(cycle, current_user, _proposal(form.proposal.data))
        return done(_("Thank you for your vote."), "challenges.show_cycle", cycle_id=cycle.id)
    return render_template("challenges/vote.html", cycle=cycle, form=form)


# -- after the award --------------------------------------------------------------------------
@bp.route("/p/<int:proposal_id>/pilot", methods=["POST"])
@login_required
def start_pilot(proposal_id):
    proposal = _proposal(proposal_id)
    require(proposal.can_decide(current_user) and EmptyForm().validate_on_submit())
    pilot = services.start_pilot(proposal, current_user)
    return done(_("The pilot record is open."), "challenges.show_pilot", pilot_id=pilot.id)


@bp.route("/p/<int:proposal_id>/sessions", methods=["POST"])
@login_required
def link_session(proposal_id):
    from app.colabs.models import ColabSession

    proposal = _proposal(proposal_id)
    require(proposal.can_link_support(current_user))
    form = _session_form()
    if not form.validate_on_submit():
        return refused(_("Choose a session."), "challenges.show_proposal", proposal_id=proposal.id)
    services.link_session(proposal, current_user, get_or_404(ColabSession, form.session.data))
    return done(_("The session is linked."), "challenges.show_proposal", proposal_id=proposal.id)


@bp.route("/p/<int:proposal_id>/matchmaking", methods=["POST"])
@login_required
def pass_to_matchmaking(proposal_id):
    """Turn a proposal into an offering on the match lists, followed as a tracked match with the owner."""
    from app.challenges.matchmaking import pass_to_matchmaking as hand_over

    proposal = _proposal(proposal_id)
    require(proposal.can_link_support(current_user) and EmptyForm().validate_on_submit())
    match = hand_over(proposal, current_user)
    return done(_("The proposal is on the match lists, followed as a match with the challenge's owner."),
                 "matching.show_match", match_id=match.id)


def _pilot(pilot_id):
    pilot = db.session.scalar(sa.select(Pilot).where(Pilot.id == pilot_id).options(
        selectinload(Pilot.milestones), selectinload(Pilot.events),
        selectinload(Pilot.proposal).selectinload(Proposal.challenge)))
    if pilot is None:
        abort(404)
    return pilot


@bp.route("/pilots/<int:pilot_id>")
@login_required
def show_pilot(pilot_id):
    pilot = _pilot(pilot_id)
    require(pilot.can_view(current_user))
    return render_template("challenges/pilot.html", pilot=pilot, form=PilotForm(obj=pilot),
                           milestone_form=MilestoneForm(), results_form=ResultsForm(),
                           actions=PILOT_LIFECYCLE.allowed_actions(pilot, current_user),
                           can_manage=pilot.can_manage(current_user))


@bp.route("/pilots/<int:pilot_id>/<any(contract, start, complete, cancel):step>", methods=["POST"])
@login_required
def move_pilot(pilot_id, step):
    pilot = _pilot(pilot_id)
    form = PilotForm()
    require(form.validate_on_submit())
    services.move_pilot(pilot, current_user, PilotAction(step), note=form.note.data or "",
                        contract_reference=form.contract_reference.data or None)
    return done(str(pilot.state.label), "challenges.show_pilot", pilot_id=pilot.id)


@bp.route("/pilots/<int:pilot_id>/milestones", methods=["POST"])
@login_required
def add_milestone(pilot_id):
    pilot = _pilot(pilot_id)
    require(pilot.can_manage(current_user))
    form = MilestoneForm()
    if not form.validate_on_submit():
        return refused(_("Give the milestone a name and a due date."), "challenges.show_pilot", pilot_id=pilot.id)
    services.add_milestone(pilot, current_user, title=form.title.data, due_on=form.due_on.data,
                           done_on=form.done_on.data, evidence=form.evidence.data or "")
    return done(_("The milestone is recorded."), "challenges.show_pilot", pilot_id=pilot.id)


@bp.route("/pilots/<int:pilot_id>/results", methods=["POST"])
@login_required
def report_results(pilot_id):
    pilot = _pilot(pilot_id)
    require(pilot.can_manage(current_user))
    form = ResultsForm()
    if not form.validate_on_submit():
        return refused(_("Describe what the pilot achieved."), "challenges.show_pilot", pilot_id=pilot.id)
    services.report_pilot_results(pilot, current_user, form.summary.data)
    return done(_("The results are recorded; the cycle page shows them."), "challenges.show_pilot", pilot_id=pilot.id)


# -- my work ----------------------------------------------------------------------------------
@bp.route("/mine")
@login_required
def mine():
    """The person's challenges, proposals and jury seats."""
    from app.challenges.models import Juror

    seats = list(db.session.scalars(sa.select(Juror).where(Juror.user_id == current_user.id)
                                    .options(selectinload(Juror.cycle))))
    return render_template("challenges/mine.html", challenges=queries.challenges_of(current_user),
                           proposals=queries.proposals_of(current_user), seats=seats, cycle=queries.current_cycle())
