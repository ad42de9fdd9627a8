"""Personal data: one extension point for "download my data" and "delete my account".

An area joins by connecting receivers in its own `privacy.py` (imported by the area's `__init__.py`):

    @personal_data_requested.connect
    def export_things(sender, user, **extra):
        return {"things": [...]}          # one or more sections of the export, ready for JSON

    @account_erasing.connect
    def erase_things(sender, user, **extra):
        ...                               # delete the person's drafts, remove or anonymise the rest

Receivers flush, never commit: the route that deleted the account commits once.
"""
from blinker import Namespace
from flask import current_app

_signals = Namespace()

personal_data_requested = _signals.signal("personal-data-requested", doc=(
    "Sent with `user=`; each receiver returns a dict of export sections named after what they hold."))

account_erasing = _signals.signal("account-erasing", doc=(
    "Sent with `user=` before the account is anonymised; each receiver deletes the person's drafts "
    "and removes or anonymises what its area holds about them. Content others depend on stays."))


def collect_personal_data(user) -> dict:
    """Return every area's sections of a person's data export, in the order the areas were loaded."""
    sections = {}
    for receiver, result in personal_data_requested.send(current_app._get_current_object(), user=user):
        clash = sections.keys() & (result or {}).keys()
        if clash:
            raise RuntimeError(f"Two areas export the section {sorted(clash)} ({receiver.__module__})")
        sections.update(result or {})
    return sections


def erase_personal_data(user):
    """Ask every area to delete the person's drafts and remove or anonymise what it holds."""
    account_erasing.send(current_app._get_current_object(), user=user)


def exporter(name):
    """Connect a function(user) as the receiver of one export section (shorthand for areas written before
    the signal)."""
    def decorator(function):
        def receiver(sender, user, **extra):
            return {name: function(user)}

        receiver.__module__ = function.__module__
        personal_data_requested.connect(receiver, weak=False)
        return function
    return decorator


def eraser(function):
    """Connect a function(user) as a receiver of the erasure (shorthand for areas written before the signal)."""
    def receiver(sender, user, **extra):
        function(user)

    account_erasing.connect(receiver, weak=False)
    return function
