"""Recall at 10 and MRR of search on the hand-labelled query set in tests/data/search_labelled.yaml.

The records are the set's own (not the demo data), stored as requests so that the flush indexes
them as in the application; the same queries run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from collections import defaultdict
from pathlib import Path

import yaml

from app.extensions import db
from app.requests.constants import RequestLanguage, RequestState
from app.requests.models import Request
from app.requests.search import REQUEST
from app.text import search

DATA = Path(__file__).resolve().parent.parent / "data" / "search_labelled.yaml"
K = 10


def test_the_set_is_large_enough():
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    languages = defaultdict(int)
    for query in data["queries"]:
        languages[query["lang"]] += 1
        assert set(query["relevant"]) <= set(data["records"]), query
    assert languages["sv"] >= 60 and languages["en"] >= 20
    assert {q["kind"] for q in data["queries"]} == {"inflection", "compound", "cross", "typo", "plain"}


def test_recall_at_10_and_mrr(app, people, capsys):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    keys = {}
    with app.app_context():
        for key, record in data["records"].items():
            request = Request(organisation_id=people.group_org.id, title=record["title"],
                              question=record["question"], state=RequestState.completed, consent_to_publish=True,
                              language=RequestLanguage(record["language"]))
            db.session.add(request)
            db.session.flush()
            keys[request.id] = key
        db.session.commit()
        recall, reciprocal, misses = defaultdict(list), defaultdict(list), []
        for query in data["queries"]:
            found = search.find(query["q"], {REQUEST: (REQUEST, None)})
            order = [keys[i] for i in found.rankings[REQUEST].ids[:K]]
            relevant = set(query["relevant"])
            for group in ("all", query["lang"], query["kind"]):
                recall[group].append(len(relevant & set(order)) / len(relevant))
                rank = next((i + 1 for i, key in enumerate(order) if key in relevant), None)
                reciprocal[group].append(1 / rank if rank else 0.0)
            if set(order) & relevant != relevant or order[:1] and order[0] not in relevant:
                misses.append(f"{query['q']!r}: wanted {sorted(relevant)}, got {order}")
        dialect = db.engine.dialect.name
    report = {group: {"queries": len(values), "recall@10": round(sum(values) / len(values), 3),
                      "MRR": round(sum(reciprocal[group]) / len(values), 3)} for group, values in recall.items()}
    with capsys.disabled():
        print(f"\nSearch labelled set on {dialect}:")
        for group, figures in report.items():
            print(f"  {group:<11} {figures}")
        for miss in misses:
            print("  miss", miss)
    assert report["all"]["recall@10"] >= 0.9
    assert report["all"]["MRR"] >= 0.8
    assert report["sv"]["recall@10"] >= 0.9 and report["en"]["recall@10"] >= 0.9
