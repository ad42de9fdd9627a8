"""Every certification page renders for the people who may see it."""
from app.certification.models import AssessmentState


def test_pages_render(app, people, login, client, make_assessment):
    draft = make_assessment(people.business_org, people.business, state=AssessmentState.submitted)
    business = login(people.business)
    coordinator = login(people.coordinator)
    for path in ["/certification/", f"/certification/assessments/{draft}", f"/certification/assessments/{draft}/check",
                 f"/certification/assessments/{draft}/result"]:
        response = business.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:3000])
    for path in ["/certification/review", f"/certification/review/{draft}", "/certification/insights",
                 "/certification/certificates"]:
        response = coordinator.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:3000])
    for path in ["/certification/registry", "/certification/registry.json", "/certification/registry.csv",
                 "/certification/verify", "/certification/insights/summary"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:3000])
