"""Demo data: each area answers the `demo_data_steps` signal with its step; `flask demo-data` runs them in order."""
from collections.abc import Callable
from dataclasses import dataclass

from app.signals import signals

DEMO_PASSWORD = "samverka-demo"

# Sent by `flask demo-data`; each receiver returns a DemoStep (its order says what it builds on).
demo_data_steps = signals.signal("demo-data-steps")


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable  # run(context: dict, scale: int) -> int (rows made)


def demo_step(order, name):
    """Shorthand: make a function one area's demo step, connected to `demo_data_steps`."""
    def decorator(function):
        step = DemoStep(order, name, function)
        demo_data_steps.connect(lambda _sender: step, weak=False)
        return function
    return decorator


def ordered_steps():
    """Every area's step, in order."""
    return sorted((step for _receiver, step in demo_data_steps.send(None)), key=lambda step: step.order)
