"""The benchmarks still import: a renamed module or constant in the app breaks `make bench` otherwise."""
import importlib
import pkgutil

import pytest

import bench

SERVED = {"http_app"}  # started by gunicorn with its database in the environment, not imported
MODULES = sorted(info.name for info in pkgutil.iter_modules(bench.__path__) if info.name not in SERVED)


def test_every_benchmark_is_listed():
    assert {"http", "search", "matching", "run"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_imports(name):
    module = importlib.import_module(f"bench.{name}")
    assert module.__name__ == f"bench.{name}"
