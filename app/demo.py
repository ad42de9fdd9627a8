"""Demo data: each area registers a step; `flask demo-data` runs them in order."""
from dataclasses import dataclass
from collections.abc import Callable

DEMO_PASSWORD = "samverka-demo"


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable  # run(context: dict, scale: int) -> int (rows made)


STEPS: list[DemoStep] = []


def demo_step(order, name):
    """Register a function that adds one area's demo content."""
    def decorator(function):
        STEPS.append(DemoStep(order, name, function))
        return function
    return decorator


def ordered_steps():
    return sorted(STEPS, key=lambda step: step.order)
