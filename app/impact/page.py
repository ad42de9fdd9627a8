"""What an organisation's page shows of the impact area: its latest model, completed guides, clinics attended."""
from app.colabs.constants import SessionFormat
from app.colabs.queries import sessions_attended_by
from app.impact import queries, services


def organisation_summary(organisation):
    return {
        "model": services.latest_model(organisation.id),
        "completions": queries.completions_of(organisation.id),
        "clinics": sessions_attended_by(queries.member_ids(organisation.id), SessionFormat.clinic),
    }
