"""A short match list shows its near misses and the filter that left each out, from both sides."""
from app.extensions import db
from app.matching import services
from app.matching.models import Need, Offering

EN = {"Accept-Language": "en"}


def test_near_misses_name_the_filter_that_left_them_out(app, people, market, make_offering, make_org, login):
    far = make_offering(make_org(name="Lund Cleaners", kind=people.business_org.kind),
                        title="Städning av kontor i Lund", description="Vi städar kontor och trapphus i Lund.",
                        municipalities=("1281",))
    with app.app_context():
        misses = services.near_misses_for_need(db.session.get(Need, market.need.id))
        assert [(m.item.id, m.failed) for m in misses] == [(far.id, ("geography",))]
        assert 0 < misses[0].text <= 1
        back = services.near_misses_for_offering(db.session.get(Offering, far.id))
        assert [(m.item.id, m.failed) for m in back] == [(market.need.id, ("geography",))]
    page = login(people.stakeholder).get(f"/matches/needs/{market.need.id}/matches", headers=EN).get_data(
        as_text=True)
    assert "Near misses" in page and "Städning av kontor i Lund" in page
    assert "Left out by: Works in the municipality" in page


def test_a_declined_pair_is_not_a_near_miss(app, people, market, make_offering, make_org):
    from app.matching.constants import MatchState, NoFitReason
    from app.matching.models import Match

    far = make_offering(make_org(name="Lund Cleaners", kind=people.business_org.kind),
                        title="Städning av kontor i Lund", description="Vi städar kontor och trapphus i Lund.",
                        municipalities=("1281",))
    with app.app_context():
        db.session.add(Match(need_id=market.need.id, offering_id=far.id, state=MatchState.no_fit,
                             no_fit_reason=NoFitReason.not_interested))
        db.session.commit()
        assert services.near_misses_for_need(db.session.get(Need, market.need.id)) == []
