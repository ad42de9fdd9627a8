"""The one way Samverka writes CSV: safe to open in a spreadsheet, UTF-8 with a byte order mark.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by Excel, LibreOffice or Google Sheets; it is written with a leading apostrophe, which
spreadsheets show as plain text. Numbers are written as numbers.
"""
import csv
import io
from decimal import Decimal
from numbers import Number

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK = 64 * 1024


def csv_cell(value):
    """Return one cell as text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (Number, Decimal)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header, rows):
    """Return the whole file as one string (byte order mark first)."""
    return "".join(_chunks(header, rows))


def csv_response(filename, header, rows, stream=False, headers=None):
    """Answer with a CSV download; `stream=True` sends it in chunks as the rows are read."""
    body = stream_with_context(_chunks(header, rows)) if stream else csv_text(header, rows)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers.update(headers or {})
    return response


def _chunks(header, rows):
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
        if buffer.tell() > CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
