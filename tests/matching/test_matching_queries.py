"""List pages use a fixed number of SQL statements, whether they list 5 rows or 50."""
import pytest

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation, User
from app.extensions import db
from app.matching import services
from app.matching.constants import BudgetBand, Capacity, Category, Timeframe
from app.matching.models import Need, Offering
from tests.querycount import count_queries


def fill(app, people, rows):
    """Make `rows` offerings (each by its own business), `rows` needs and `rows` tracked matches."""
    with app.app_context():
        coordinator = db.session.get(User, people.coordinator.id)
        buyer = db.session.get(Organisation, people.stakeholder_org.id)
        seller = db.session.get(Organisation, people.business_org.id)
        need = services.create_need(buyer, coordinator, title="Trappstädning", description="Städning av trapphus i Malmö.",
                                    category=Category.cleaning, themes=["local_community"], municipality="1280",
                                    language="sv", budget_band=BudgetBand.up_to_250k,
                                    timeframe=Timeframe.ongoing, is_procurement=False, deadline=None)
        offering = services.create_offering(seller, coordinator, title="Städning", description="Vi städar trapphus.",
                                            category=Category.cleaning, themes=[], capacity=Capacity.medium,
                                            available=True, whole_region=True, works_in_swedish=True,
                                            works_in_english=False, municipalities=["1280"])
        for i in range(rows):
            org = Organisation(name=f"Firma {i}", kind=OrganisationKind.social_business,
                               sector=people.business_org.sector, municipality="1280")
            other = services.create_offering(org, coordinator, title=f"Trappstädning {i}",
                                             description=f"Vi städar trapphus och tvättstugor, team {i}.",
                                             category=Category.cleaning, themes=["local_community"],
                                             capacity=Capacity.small, available=True, whole_region=False,
                                             works_in_swedish=True, works_in_english=False,
                                             municipalities=["1280", "1281"])
            other_need = services.create_need(buyer, coordinator, title=f"Städning {i}",
                                              description=f"Städning av trapphus, område {i}.",
                                              category=Category.cleaning, themes=[], municipality="1280",
                                              language="sv", budget_band=BudgetBand.up_to_250k,
                                              timeframe=Timeframe.ongoing, is_procurement=False, deadline=None)
            services.track_match(other_need, other, coordinator)
        db.session.commit()
        return need.id, offering.id


PAGES = ["/matches/needs/{need}/matches", "/matches/offerings/{offering}/matches", "/matches/tracked",
         "/matches/needs", "/matches/offerings", "/matches/", "/matches/needs/{need}/matches.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_list_pages_use_a_fixed_number_of_queries(app, people, login, page):
    counts = {}
    for rows in (5, 50):
        need_id, offering_id = fill(app, people, rows)
        client = login(people.coordinator)
        url = page.format(need=need_id, offering=offering_id)
        client.get(url)  # warm up: the first request loads the person
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts[rows] = len(statements)
        with app.app_context():
            for model in (Need, Offering):
                for obj in db.session.scalars(db.select(model)):
                    services.delete_need(obj) if model is Need else services.delete_offering(obj)
            db.session.execute(db.delete(Organisation).where(Organisation.name.like("Firma %")))
            db.session.commit()
    assert counts[5] == counts[50], counts
    # 19: an offering's list also reads its own business's earlier customers, so that a pair's score is
    # the same in both lists (issue 15); and the candidates and postings, read from the driver's cursor,
    # now go through SQLAlchemy's execute and are counted here (before, two such statements were not seen).
    assert counts[5] <= 19, counts


def test_the_match_page_loads_its_history_in_a_fixed_number_of_queries(app, people, login, market):
    from datetime import date

    from tests.matching.conftest import get_match

    coordinator = login(people.coordinator)
    coordinator.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track", data={"score": "nan"})
    match = get_match(app, market.need.id, market.offering.id)
    assert match.score is None
    url = f"/matches/tracked/{match.id}"
    coordinator.get(url)
    with count_queries(app) as short:
        coordinator.get(url)
    coordinator.post(f"{url}/introduce")
    login(people.business).post(f"{url}/meeting", data={"meeting_on": date.today().isoformat()})  # another person
    with count_queries(app) as long:
        assert coordinator.get(url).status_code == 200
    assert len(short) == len(long)
