"""Fixtures of the certification tests: the default questionnaire, assessments in any state."""
from pathlib import Path

import pytest

from app.certification.definition import load_file
from app.certification.models import Assessment, AssessmentState
from app.extensions import db
from app.storage import file_storage

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "app/certification/questionnaires/social-enterprise-readiness.yaml"

# A complete set of answers to the default questionnaire that is "ready" (every must-pass met).
READY_ANSWERS = {
    "legal_form": "economic_association", "employees": 12, "work_integration": "yes",
    "mission_statement": "We repair furniture and give work to people far from the labour market.",
    "mission_documents": "articles", "mission_priority": "mission",
    "trading_income": 72, "trading_trend": "growing",
    "made_profit": "yes", "profit_reinvested": 100, "profit_rule": "articles",
    "public_control": "none", "largest_customer": 30,
    "asset_lock": "locked",
    "voting": "one_member_one_vote", "involvement": ["employees_board", "users_consulted", "open_meeting"],
    "impact_measured": "indicators", "impact_reporting": ["impact_report", "website"], "impact_verified": "no",
    "pay_ratio": 2, "collective_agreement": "yes",
    "reasons": ["procurement", "credibility", "greenwashing"], "need": 4, "barriers": ["cost", "time"],
}
EVIDENCE_QUESTIONS = ["mission_documents", "trading_income", "asset_lock"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def definition():
    return load_file(DEFAULT_FILE)


@pytest.fixture
def version(app, definition):
    """The default questionnaire, published as version 1; hand back its id."""
    from app.certification.services import load_definition

    with app.app_context():
        version, _ = load_definition(definition, publish=True)
        db.session.commit()
        return version.id


@pytest.fixture
def make_assessment(app, version):
    """Create an assessment of an organisation in a state, with answers and (optionally) evidence."""
    from app.certification import services
    from app.certification.models import Evidence

    def make(organisation, user, answers=None, state=AssessmentState.draft, evidence=True, coordinator=None):
        from app.accounts.models import User

        with app.app_context(), app.test_request_context():
            member = db.session.get(User, user.id)
            organisation_row = db.session.get(type(organisation), organisation.id)
            assessment = services.start_assessment(organisation_row, member)
            services.save_section(assessment, dict(answers if answers is not None else READY_ANSWERS), member)
            if evidence:
                for key in EVIDENCE_QUESTIONS:
                    db.session.add(Evidence(assessment=assessment, question_key=key, filename=f"{key}.pdf",
                                            stored_name=f"{assessment.id}-{key}.pdf",
                                            content_type="application/pdf", size_bytes=len(PDF)))
                    file_storage().save(services.evidence_key(Evidence(stored_name=f"{assessment.id}-{key}.pdf")),
                                        PDF, "application/pdf")
                db.session.flush()
                db.session.refresh(assessment)
            if state != AssessmentState.draft:
                services.submit_assessment(assessment, member)
            if state in (AssessmentState.changes_requested, AssessmentState.approved):
                reviewer = db.session.get(User, coordinator.id)
                if state == AssessmentState.changes_requested:
                    services.request_changes(assessment, reviewer, "Please add the annual report.")
                else:
                    services.approve_assessment(assessment, reviewer)
            db.session.commit()
            return assessment.id
    return make


def get_assessment(app, assessment_id):
    with app.app_context():
        return db.session.get(Assessment, assessment_id)


@pytest.fixture
def client(app):
    """A visitor's client that asks for English (the default language is Swedish)."""
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return visitor
