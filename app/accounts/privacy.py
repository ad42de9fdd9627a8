"""What each area contributes to "download my data" and "delete my account"."""
from collections.abc import Callable

# name -> function(user) returning JSON-ready data about the person
EXPORTERS: dict[str, Callable] = {}
# functions(user) that remove or anonymise the person's data in one area, before the account goes
ERASERS: list[Callable] = []


def exporter(name):
    """Register a function that returns one section of a person's data export."""
    def decorator(function):
        EXPORTERS[name] = function
        return function
    return decorator


def eraser(function):
    """Register a function that erases one area's personal data of a person."""
    ERASERS.append(function)
    return function
