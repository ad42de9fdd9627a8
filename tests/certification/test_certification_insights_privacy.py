"""The two de-anonymisation attacks of issue 14, built as tests: neither reveals anything.

1. Four made-up businesses in a municipality with one real one bring the group to five; subtracting
   the four would reveal the real one's answers.
2. Saving the public summary before and after one submission would reveal that submission.
"""
import re

import pytest
import sqlalchemy as sa

from app.certification import insights
from app.certification.models import InsightSnapshot
from app.extensions import db
from tests.certification.test_certification_insights import municipality_row, publish, respond  # noqa: F401

MIN = insights.MIN_GROUP


def snapshots(app):
    with app.app_context():
        return [dict(s.figures) for s in db.session.scalars(sa.select(InsightSnapshot).order_by(InsightSnapshot.id))]


def groups_of(figures):
    return {g["key"]: g for g in [figures["overall"], *figures["by_sector"], *figures["by_municipality"]]}


def assert_nothing_recoverable(figures):
    """Every shown group describes at least 5; in each breakdown the hidden ones together 0 or at least 5."""
    groups = groups_of(figures)
    assert not groups["all"]["suppressed"]
    whole = groups["all"]["respondents"]
    for dimension in ("by_sector", "by_municipality"):
        shown = [g["respondents"] for g in figures[dimension] if not g["suppressed"]]
        assert all(n >= MIN for n in shown)
        hidden = whole - sum(shown)
        assert hidden == 0 or hidden >= MIN, (dimension, hidden)


def test_made_up_businesses_cannot_fill_a_group_to_five(app, client, respond, publish, version):
    # The real business in Ystad answers something nobody else does.
    respond(municipality="1286", reasons=["other"], need=1, barriers=["other"])
    for _ in range(4):  # the attacker's made-up businesses: registered and submitted, never verified or reviewed
        respond(municipality="1286", reasons=["procurement"], need=5, barriers=["cost"], counted=False)
    for _ in range(10):
        respond(municipality="1280")
    assert publish().status_code == 302
    [figures] = snapshots(app)
    groups = groups_of(figures)
    assert groups["all"]["respondents"] == 11  # the four made-up ones are not counted
    assert groups["municipality:1286"] == {"key": "municipality:1286", "suppressed": True}
    assert_nothing_recoverable(figures)
    html = client.get("/certification/insights/summary").get_data(as_text=True)
    ystad = re.sub(r"<[^>]+>", "", municipality_row(html, "Ystad"))
    assert "fewer than 5" in ystad and not re.search(r"\d", ystad.replace("fewer than 5", ""))
    # The whole minus the shown municipalities gives nothing either: Malmö is hidden with Ystad.
    assert groups["municipality:1280"]["suppressed"] is True
    assert "How no single business can be recognised" in html


def main_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_one_submission_between_two_looks_reveals_nothing(app, client, respond, publish, version):
    for _ in range(10):
        respond(municipality="1280")
    for _ in range(5):
        respond(municipality="1281")
    assert publish().status_code == 302
    before = main_of(client.get("/certification/insights/summary").get_data(as_text=True))

    respond(municipality="1281", reasons=["other"], need=1, barriers=["other"])  # the one submission
    after = main_of(client.get("/certification/insights/summary").get_data(as_text=True))
    assert after == before  # a submission changes nothing public

    # Nor can a coordinator publish a snapshot that differs from the last by one organisation.
    publish()
    assert len(snapshots(app)) == 1
    assert main_of(client.get("/certification/insights/summary").get_data(as_text=True)) == before

    # Once five more have joined (in Malmö), a snapshot may be published; Lund changed by one, so it is
    # hidden, and so is Malmö, else Lund's change would be the whole's change minus Malmö's.
    for _ in range(5):
        respond(municipality="1280")
    assert publish().status_code == 302
    first, second = snapshots(app)
    assert_nothing_recoverable(second)
    new = groups_of(second)
    assert new["municipality:1281"]["suppressed"] and new["municipality:1280"]["suppressed"]
    old = groups_of(first)
    for key, group in new.items():
        if not group["suppressed"] and not old.get(key, {"suppressed": True})["suppressed"]:
            change = group["respondents"] - old[key]["respondents"]
            assert change == 0 or change >= MIN, key
    html = client.get("/certification/insights/summary").get_data(as_text=True)
    lund = re.sub(r"<[^>]+>", "", municipality_row(html, "Lund"))
    assert not re.search(r"\d", lund.replace("fewer than 5", ""))


@pytest.mark.parametrize("cells,expected", [
    ({"a": 3, "b": 10, "c": 12}, {"c"}),  # a alone hidden (3); b, the smallest shown, hides with it: 13
    ({"a": 6, "b": 10}, {"a", "b"}),  # nothing small: all shown
    ({"a": 2, "b": 2, "c": 20}, set()),  # a and b make only 4 hidden, so c hides too
])
def test_complementary_suppression_by_hand(cells, expected):
    published = {k for k, n in cells.items() if n >= MIN}
    insights._suppress_complements(list(cells), cells, published)
    assert published == expected
