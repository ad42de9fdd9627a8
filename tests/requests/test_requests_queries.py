"""List pages run a fixed number of SQL statements, whether they show 5 rows or 50."""
import pytest

from app.requests.constants import RequestState, Theme
from tests.querycount import count_queries


def count_statements(app, client, path):
    """Get a page; return how many statements it ran, and its text."""
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(statements), response.get_data(as_text=True)


@pytest.mark.parametrize("path,state,role", [
    ("/requests/queue", RequestState.submitted, "coordinator"),
    ("/requests/queue?q=courtyards&theme=sdg11&age=1", RequestState.submitted, "coordinator"),
    ("/requests/open", RequestState.open, "researcher"),
    ("/requests/open?q=courtyards&theme=sdg11", RequestState.open, "researcher"),
    ("/requests/library", RequestState.completed, "anonymous"),
    ("/requests/library?q=courtyards&theme=sdg11", RequestState.completed, "anonymous"),
])
def test_same_number_of_queries_for_5_and_50_rows(app, people, login, client, make_request, make_researcher,
                                                  path, state, role):
    researcher = make_researcher()
    viewer = {"coordinator": login(people.coordinator), "researcher": login(researcher), "anonymous": client}[role]
    orgs = [people.group_org, people.business_org, people.stakeholder_org]
    for index in range(5):
        make_request(orgs[index % 3], state=state, title=f"Green courtyards {index}", themes=(Theme.sdg11, Theme.sdg03))
    few, page = count_statements(app, viewer, path)
    assert page.count("Green courtyards") >= 5
    for index in range(5, 50):
        make_request(orgs[index % 3], state=state, title=f"Green courtyards {index}", themes=(Theme.sdg11, Theme.sdg03))
    many, page = count_statements(app, viewer, path)
    assert page.count("Green courtyards") >= 50
    assert few == many, f"{few} statements for 5 rows but {many} for 50"
