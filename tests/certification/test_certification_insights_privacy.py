"""The two de-anonymisation attacks of issue 14, built as tests: neither reveals anything.

1. Four made-up businesses in a municipality with one real one bring the group to five; subtracting
   the four would reveal the real one's answers.
2. Saving the public summary before and after one submission would reveal that submission.
"""
import csv
import io
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


def summary_csv(client):
    text = client.get("/certification/insights/summary.csv").get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def assert_no_small_cell(rows):
    """In the CSV, every shown count (and, for a tick, those who did not) is 0 or at least 5."""
    groups = {}
    for row in rows:
        groups.setdefault(row["group"], {})[row["figure"]] = row["value"]
    for key, figures in groups.items():
        if figures["respondents"] == "withheld":
            assert set(figures) == {"respondents"}, key
            continue
        n = int(figures["respondents"])
        assert n >= MIN
        for figure, value in figures.items():
            if value == "withheld" or not figure.startswith(("tick:", "first:", "need:")):
                continue
            count = int(value)
            assert count == 0 or count >= MIN, (key, figure, count)
            if figure.startswith("tick:"):
                assert n - count == 0 or n - count >= MIN, (key, figure, count)
    return groups


def test_a_barrier_ticked_by_one_of_seven_never_appears(app, client, respond, publish, version):
    # Malmö: 7 businesses; one of them alone names time as a barrier, ranks finance first and needs
    # certification not at all. Lund: 5 businesses, all naming cost and time.
    respond(municipality="1280", reasons=["finance"], need=1, barriers=["cost", "time"])
    for _ in range(6):
        respond(municipality="1280")
    for _ in range(5):
        respond(municipality="1281", barriers=["cost", "time"])
    assert publish().status_code == 302
    html = main_of(client.get("/certification/insights/summary").get_data(as_text=True))
    malmo = re.sub(r"<[^>]+>", "", municipality_row(html, "Malmö"))
    assert "7" in malmo  # the group is shown ...
    # ... but no share computed from the one (1 of 7 = 14.3 %) or from the six (85.7 %), nor its need.
    for leak in ("14.3", "14,3", "85.7", "85,7", "3.57", "3,57"):
        assert leak not in html, leak
    assert "withheld" in malmo
    groups = assert_no_small_cell(summary_csv(client))
    assert groups["municipality:1280"]["tick:time"] == "withheld"
    assert groups["municipality:1280"]["tick:cost"] == "7"  # all 7: shown
    assert groups["municipality:1280"]["first:finance"] == "withheld"
    assert groups["municipality:1280"]["mean_need"] == "withheld"  # its points are withheld
    # Lund's 5 naming time would give Malmö's 1 as the whole's 6 minus 5: Lund's count goes too.
    assert groups["municipality:1281"]["tick:time"] == "withheld"
    assert groups["all"]["tick:time"] == "6" and groups["all"]["need:1"] == "withheld"
    # The whole's one who needs it not at all is withheld with the next smallest point, and the mean with them.
    assert groups["all"]["mean_need"] == "withheld"
    assert "Inside a group that is shown, every number is checked the same way" in html


def test_comparing_two_snapshots_reveals_no_one_inside_a_group(app, client, respond, publish, version):
    for _ in range(5):
        respond(municipality="1280", barriers=["cost", "time"])
    for _ in range(5):
        respond(municipality="1280", barriers=["cost"])
    assert publish().status_code == 302
    first = assert_no_small_cell(summary_csv(client))
    assert first["municipality:1280"]["tick:time"] == "5"
    # Five more join; only one of them names time: 6 of 15 and 9 of 15 are each fine, but the change
    # from 5 to 6 would tell that exactly one newcomer named time.
    respond(municipality="1280", barriers=["cost", "time"])
    for _ in range(4):
        respond(municipality="1280", barriers=["cost"])
    assert publish().status_code == 302
    second = assert_no_small_cell(summary_csv(client))
    assert second["municipality:1280"]["respondents"] == "15"
    for key in ("all", "municipality:1280"):
        assert second[key]["tick:time"] == "withheld", key
        assert second[key]["tick:cost"] == "15"  # all 15, from all 10: a change of 5
    html = main_of(client.get("/certification/insights/summary").get_data(as_text=True))
    assert "40 %" not in html and "40,0" not in html  # 6 of 15
