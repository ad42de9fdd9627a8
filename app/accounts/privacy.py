"""Kept for areas written before the signals: `@exporter(name)` and `@eraser` connect to them.

New code connects receivers to `app.privacy.personal_data_requested` and `app.privacy.account_erasing`.
"""
from app.privacy import eraser, exporter

__all__ = ["eraser", "exporter"]
