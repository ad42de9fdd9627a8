"""The one CSV helper: no formula injection, a byte order mark, numbers as numbers, and every export uses it."""
import ast
import csv
import io
from pathlib import Path

import pytest

from app.csv_export import BOM, csv_cell, csv_response, csv_text

APP = Path(__file__).resolve().parent.parent / "app"


@pytest.mark.parametrize("value, written", [
    ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),
    ("+46 40 123", "'+46 40 123"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Plain text", "Plain text"), ("", ""), (None, ""),
    (3, 3), (-3, -3), (2.5, 2.5), ("a=b", "a=b"),
])
def test_a_cell_is_never_a_formula(value, written):
    assert csv_cell(value) == written


def test_the_file_starts_with_a_byte_order_mark_and_round_trips():
    text = csv_text(["name", "note"], [["Åsa, Öresund", "=1+1"], ["Line\nbreak", '"quoted"']])
    assert text.startswith(BOM) and text.count(BOM) == 1
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [["name", "note"], ["Åsa, Öresund", "'=1+1"], ["Line\nbreak", '"quoted"']]


def test_a_streamed_response_is_the_same_file_as_a_whole_one(app):
    rows = [[f"row {i}", "x" * 100] for i in range(2000)]  # larger than one chunk
    with app.test_request_context():
        whole = csv_response("a.csv", ["n", "x"], rows)
        streamed = csv_response("a.csv", ["n", "x"], iter(rows), stream=True)
        assert streamed.is_streamed and streamed.get_data(as_text=True) == whole.get_data(as_text=True)
    assert whole.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert whole.headers["Content-Disposition"] == 'attachment; filename="a.csv"'


def test_no_module_writes_csv_on_its_own():
    """Every export goes through app/csv_export.py: no other module imports the csv module."""
    offenders = []
    for path in APP.rglob("*.py"):
        if path.name == "csv_export.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) else [])
            if "csv" in names:
                offenders.append(str(path.relative_to(APP)))
    assert offenders == []

